import { z } from 'zod';
import { actorOf } from '../../shared/actor.ts';
import { pageLimit } from '../../shared/pages.ts';
import { TEXT_LIMITS } from '../../shared/text-limits.ts';
import { botProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import { answerScore, closeComment, openQuestion } from './use-cases/answer-nps.ts';
import { closeFollowUp, listComments, listFollowUps, npsReport } from './use-cases/report-nps.ts';

const id = z.number().int().positive();
const period = z
  .object({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((p) => p.to > p.from, { message: 'the end must be after the start', path: ['to'] });
const staff = () => staffProcedure('admin', 'registrar', 'operator', 'marketer');

export const feedbackRouter = router({
  answer: botProcedure
    .input(z.object({ appointmentId: id, score: z.number().int().min(0).max(10) }))
    .mutation(({ ctx, input }) => answerScore(ctx, input)),
  /** The NPS question a typed number answers, if one is open. */
  openQuestion: botProcedure.query(({ ctx }) => openQuestion(ctx)),
  comment: botProcedure
    .input(z.object({ appointmentId: id, comment: z.string().max(TEXT_LIMITS.npsComment).nullable() }))
    .mutation(({ ctx, input }) => closeComment(ctx, input)),

  report: staff()
    .input(period.and(z.object({ groupBy: z.enum(['branch', 'doctor', 'service']) })))
    .query(({ ctx, input }) => npsReport(ctx.em, input)),
  comments: staff()
    .input(period.and(z.object({ maxScore: z.number().int().min(0).max(10).optional() })))
    .query(({ ctx, input }) => listComments(ctx.em, input)),
  followUps: staffProcedure('admin', 'registrar', 'operator')
    .input(
      z.object({
        status: z.enum(['open', 'closed']).optional(),
        cursor: id.nullish(),
        limit: pageLimit(50, 200),
      }),
    )
    .query(({ ctx, input }) => listFollowUps(ctx, input)),
  closeFollowUp: staffProcedure('admin', 'registrar', 'operator')
    .input(z.object({ id, resolution: z.string().trim().min(1).max(2000) }))
    .mutation(({ ctx, input }) =>
      closeFollowUp(ctx.em, { ...input, actor: actorOf(ctx.caller), at: ctx.clock.now() }),
    ),
});
