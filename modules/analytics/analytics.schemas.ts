import { z } from 'zod';
import { INTERVALS } from '../../shared/figures.ts';
import { rowIdSchema as id } from '../../shared/ids.ts';
import { isoDateSchema, timeZoneSchema } from '../../shared/time.ts';
import { FUNNEL_NAMES, type Funnel, stepIndex } from './analytics.funnels.ts';

/** The longest period one question covers (three years of days): every figure stays one scan. */
export const MAX_PERIOD_DAYS = 3 * 366;

/**
 * A period of the clinic's calendar, both dates included, counted in `timeZone` (the branch's
 * when one is chosen, else Asia/Almaty), optionally of one branch and one doctor.
 */
export const figureInput = z
  .object({
    from: isoDateSchema,
    to: isoDateSchema,
    timeZone: timeZoneSchema.optional(),
    branchId: id.optional(),
    doctorId: id.optional(),
    /** The width of a chart's bar. */
    interval: z.enum(INTERVALS).default('week'),
  })
  .refine((q) => q.to >= q.from, { message: 'the end must not be before the start', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_DAYS * 86_400_000, {
    message: `at most ${MAX_PERIOD_DAYS} days`,
    path: ['to'],
  });
export type FigureInput = z.output<typeof figureInput>;

export const npsInput = figureInput.and(
  z.object({
    serviceId: id.optional(),
    /** One line per branch, doctor or service; none: the clinic as a whole. */
    groupBy: z.enum(['branch', 'doctor', 'service']).optional(),
  }),
);

/** A step the bot reports: a random attempt id, and only non-personal dimensions. */
export const trackInput = z
  .object({
    funnel: z.enum(FUNNEL_NAMES as [Funnel, ...Funnel[]]),
    attempt: z.uuid(),
    step: z.string().max(20),
    branchId: id.optional(),
    serviceId: id.optional(),
    doctorId: id.optional(),
    language: z.enum(['ru', 'kk']).optional(),
  })
  .strict()
  .refine((e) => stepIndex(e.funnel, e.step) >= 0, {
    message: 'not a step of this funnel',
    path: ['step'],
  });
export type TrackInput = z.output<typeof trackInput>;
