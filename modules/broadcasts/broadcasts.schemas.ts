import { z } from 'zod';
import { rowIdSchema } from '../../shared/ids.ts';
import { LANGUAGES } from '../../shared/localized.ts';
import { isoDateSchema } from '../../shared/time.ts';

const id = rowIdSchema;
const ids = z.array(id).min(1).max(200);
const years = z.number().int().min(0).max(120);
const ageRange = z
  .object({ min: years.optional(), max: years.optional() })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: 'min must not be above max',
  });

/**
 * Who a broadcast is for, as staff compose it: every condition given must hold (an empty filter
 * is everyone). Dates are the clinic's days. Age and sex are those the IIN gave at registration;
 * "visited" means a completed visit; the NPS group is of the person's latest score.
 */
export const audienceFilter = z
  .object({
    age: ageRange.optional(),
    sex: z.enum(['male', 'female']).optional(),
    languages: z.array(z.enum(LANGUAGES)).min(1).optional(),
    branchIds: ids.optional(),
    serviceIds: ids.optional(),
    categoryIds: ids.optional(),
    lastVisitBefore: isoDateSchema.optional(),
    lastVisitAfter: isoDateSchema.optional(),
    noVisitDays: z.number().int().min(1).max(3650).optional(),
    upcomingVisit: z.boolean().optional(),
    npsGroups: z
      .array(z.enum(['promoter', 'passive', 'detractor']))
      .min(1)
      .optional(),
    guardiansOfChildrenAged: ageRange.optional(),
    /** Those with a visit at this branch on this day (a closure, a doctor off): for service notices. */
    visitAt: z.object({ branchId: id, date: isoDateSchema }).optional(),
    /** A visit cancelled or missed in the last N days, and nothing booked (a win-back). */
    missedWithinDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();
export type AudienceFilter = z.infer<typeof audienceFilter>;

/** A text a person reads, with `{first_name}` for the reader's first name. */
const messageText = (max: number) => z.string().trim().min(1).max(max);

/** A photo Telegram already has (its file id) or one at an https address. */
export const broadcastPhoto = z.union([
  z.object({ fileId: z.string().min(1).max(200) }).strict(),
  z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) }).strict(),
]);
export type BroadcastPhoto = z.infer<typeof broadcastPhoto>;

const label = z.object({ ru: z.string().trim().min(1).max(40), kk: z.string().trim().min(1).max(40) });
/** A link to open, or "book this service" (opens booking in the bot at that service). */
export const broadcastButton = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), label, url: z.url({ protocol: /^https?$/ }).max(2000) }).strict(),
  z.object({ kind: z.literal('book'), label, serviceId: id }).strict(),
]);
export type BroadcastButton = z.infer<typeof broadcastButton>;

/** Telegram's limits: 4,096 characters of text, 1,024 of a photo's caption; room left for a name. */
export const TEXT_MAX = 3500;
export const CAPTION_MAX = 900;

const content = {
  title: z.string().trim().min(1).max(200),
  audience: audienceFilter,
  /** Both languages are needed to send; a draft may have one. */
  text: z.object({ ru: messageText(TEXT_MAX).optional(), kk: messageText(TEXT_MAX).optional() }),
  photo: broadcastPhoto.nullable().default(null),
  buttons: z.array(broadcastButton).max(3).default([]),
};

export const createBroadcastInput = z
  .object({
    kind: z.enum(['marketing', 'service']),
    ...content,
    // Optional here: a broadcast made from a saved audience names only `audienceId` (with none,
    // the empty filter: everyone).
    audience: audienceFilter.optional(),
    /** A saved audience to start from (its filter is copied). */
    audienceId: id.optional(),
  })
  .refine((i) => i.audience === undefined || i.audienceId === undefined, {
    message: 'either an audience or a saved audience, not both',
    path: ['audienceId'],
  });
export const updateBroadcastInput = z
  .object({ broadcastId: id, ...content })
  .partial()
  .required({ broadcastId: true });
export const broadcastIdInput = z.object({ broadcastId: id });
export const scheduleInput = z.object({ broadcastId: id, sendAt: z.date().nullable() });
export const listBroadcastsInput = z.object({
  cursor: id.nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});
export const previewInput = z.object({
  audience: audienceFilter,
  kind: z.enum(['marketing', 'service']).default('marketing'),
});
export const saveAudienceInput = z.object({
  name: z.string().trim().min(1).max(200),
  filter: audienceFilter,
});
export const audienceIdInput = z.object({ audienceId: id });

export const automationInput = z.object({
  kind: z.enum(['recall', 'win_back']),
  title: z.string().trim().min(1).max(200),
  audience: audienceFilter,
  text: z.object({ ru: messageText(TEXT_MAX), kk: messageText(TEXT_MAX) }),
  photo: broadcastPhoto.nullable().default(null),
  buttons: z.array(broadcastButton).max(3).default([]),
  sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  periodDays: z.number().int().min(1).max(365),
});
export const updateAutomationInput = automationInput.partial().extend({ automationId: id });
export const automationIdInput = z.object({ automationId: id });

/** A tap on a broadcast's "book" button, as the bot reports it. */
export const tapInput = z.object({
  recipientId: z.number().int().positive(),
  button: z.number().int().min(0).max(2),
});
export const bookedInput = z.object({ recipientId: z.number().int().positive(), appointmentId: id });
