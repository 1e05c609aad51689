import { defineEntity, p } from '@mikro-orm/core';

/**
 * One NPS answer per visit (0–10, with an optional comment). The visit is booking's, held by id
 * (a foreign key, see index.ts). Branch, doctor and service are copied from the visit so reports
 * need no joins and survive later catalog changes.
 */
export const FeedbackResponseSchema = defineEntity({
  name: 'FeedbackResponse',
  tableName: 'feedback_response',
  properties: {
    id: p.integer().primary(),
    appointmentId: p.integer().unique(),
    patientId: p.integer(),
    branchId: p.integer(),
    doctorId: p.integer(),
    serviceId: p.integer(),
    score: p.smallint().check('score >= 0 and score <= 10'),
    comment: p.text().nullable(),
    answeredAt: p.datetime(),
    /** When the patient commented or skipped the comment; null while the question is open. */
    commentClosedAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['answeredAt'] },
    // A person's latest score (answered_at, then id), read from the index alone: the NPS group of
    // an audience is asked of every candidate.
    {
      name: 'feedback_response_latest',
      expression:
        'create index "feedback_response_latest" on "feedback_response" ("patient_id", "answered_at", "id") include ("score")',
    },
  ],
});

export class FeedbackResponse extends FeedbackResponseSchema.class {}
FeedbackResponseSchema.setClass(FeedbackResponse);

/** A low score is a patient to call back: staff close the follow-up with what they did. */
export const FollowUpSchema = defineEntity({
  name: 'FollowUp',
  tableName: 'feedback_follow_up',
  properties: {
    id: p.integer().primary(),
    response: () => p.oneToOne(FeedbackResponse).unique().owner(),
    status: p.enum(['open', 'closed'] as const),
    openedAt: p.datetime(),
    closedAt: p.datetime().nullable(),
    closedBy: p.string().length(100).nullable(),
    resolution: p.text().nullable(),
  },
  indexes: [{ properties: ['status', 'openedAt'] }],
});

export class FollowUp extends FollowUpSchema.class {}
FollowUpSchema.setClass(FollowUp);
