import { defineEntity, p } from '@mikro-orm/core';

/** A condition a module checks at send time; `kind` names the module's guard. */
export interface DeliveryGuardSpec {
  kind: string;
  [key: string]: unknown;
}

/** `expanded`: a message about a patient, handed on as one delivery per account that hears about them. */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped', 'expanded'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message the platform sends on its own (not as a reply): its key makes it unique per
 * purpose and target, so it is queued at most once however often the code that wants it runs;
 * its status is the timeline staff see. The text is rendered only when it is sent, in the
 * recipient's language of that moment.
 */
export const DeliverySchema = defineEntity({
  name: 'Delivery',
  tableName: 'notifications_delivery',
  properties: {
    id: p.bigint('number').primary(),
    uniqueKey: p.string().length(200).unique(),
    purpose: p.string().length(60),
    /**
     * patient: about a patient, for everyone who hears about them (expanded at send time);
     * account: one Telegram account (chatId), about `patientId` if set; staff_chat: the staff chat.
     */
    recipient: p.enum(['patient', 'account', 'staff_chat'] as const),
    patientId: p.integer().nullable(),
    chatId: p.bigint('number').nullable(),
    /** Set when the account hears about someone else's visit (a guardian): that person's name. */
    onBehalfOf: p.string().length(200).nullable(),
    appointmentId: p.integer().nullable(),
    template: p.string().length(80),
    params: p.json<Record<string, unknown>>(),
    buttons: p.json<unknown[][]>().nullable(),
    /** A condition checked again just before sending (is the visit still at that time?). */
    guard: p.json<DeliveryGuardSpec>().nullable(),
    /** Urgent messages ignore quiet hours. */
    urgent: p.boolean().default(false),
    /** The zone whose night counts as quiet hours (the branch's). */
    timeZone: p.string().length(64),
    status: p.enum(DELIVERY_STATUSES).default('queued'),
    notBefore: p.datetime(),
    attempts: p.integer().default(0),
    lastError: p.string().length(300).nullable(),
    queuedAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    telegramMessageId: p.bigint('number').nullable(),
  },
  indexes: [
    { properties: ['patientId', 'queuedAt'] },
    { properties: ['appointmentId', 'queuedAt'] },
    { properties: ['status', 'notBefore'] },
  ],
});

export class Delivery extends DeliverySchema.class {}
DeliverySchema.setClass(Delivery);
