import { defineEntity, p } from '@mikro-orm/core';

/**
 * One step of one attempt at a funnel (registering, booking), as the bot reports it. Nothing here
 * names a person: the attempt is a random id the bot keeps in its session for that one attempt,
 * never a Telegram account, patient, phone or IIN; the rest is where and in what (branch, service,
 * doctor when known, the chat's language) and when. Catalog ids are plain numbers, not foreign
 * keys: a funnel's history outlives a closed branch. A step is counted once per attempt.
 */
export const FunnelEventSchema = defineEntity({
  name: 'FunnelEvent',
  tableName: 'analytics_funnel_event',
  properties: {
    id: p.bigint('number').primary(),
    funnel: p.enum(['registration', 'booking'] as const),
    attempt: p.uuid(),
    step: p.string().length(20),
    /** The step's position in its funnel: attempts started are those with step 0. */
    stepIndex: p.smallint(),
    at: p.datetime(),
    branchId: p.integer().nullable(),
    serviceId: p.integer().nullable(),
    doctorId: p.integer().nullable(),
    language: p.enum(['ru', 'kk'] as const).nullable(),
  },
  uniques: [{ properties: ['attempt', 'funnel', 'stepIndex'] }],
  indexes: [
    // Attempts started in a period (step 0 by time), then their steps through the unique index.
    { properties: ['funnel', 'stepIndex', 'at'] },
    {
      name: 'analytics_funnel_event_branch',
      expression:
        'create index "analytics_funnel_event_branch" on "analytics_funnel_event" ("branch_id", "attempt") where branch_id is not null',
    },
    {
      name: 'analytics_funnel_event_doctor',
      expression:
        'create index "analytics_funnel_event_doctor" on "analytics_funnel_event" ("doctor_id", "attempt") where doctor_id is not null',
    },
  ],
});

export class FunnelEvent extends FunnelEventSchema.class {}
FunnelEventSchema.setClass(FunnelEvent);
