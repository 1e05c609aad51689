import { botProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import { figureInput, npsInput, trackInput } from './analytics.schemas.ts';
import {
  attendanceFigures,
  bookingChannels,
  broadcastFigures,
  funnels,
  npsFigures,
  paymentTotals,
} from './use-cases/figures.ts';
import { recordStep } from './use-cases/record-step.ts';

/**
 * Who reads which numbers. None carries personal data; still, each role sees what its work needs:
 * marketers the funnels, channels, NPS and broadcasts; the desk (registrar) channels and
 * attendance; operators NPS; money only admins.
 */
export const analyticsRouter = router({
  /** The bot reports a funnel step (no personal data; counted once per attempt and step). */
  track: botProcedure.input(trackInput).mutation(({ ctx, input }) => recordStep(ctx, input)),

  staff: router({
    funnels: staffProcedure('admin', 'marketer')
      .input(figureInput)
      .query(({ ctx, input }) => funnels(ctx, input)),
    bookingChannels: staffProcedure('admin', 'marketer', 'registrar')
      .input(figureInput)
      .query(({ ctx, input }) => bookingChannels(ctx, input)),
    attendance: staffProcedure('admin', 'registrar')
      .input(figureInput)
      .query(({ ctx, input }) => attendanceFigures(ctx, input)),
    nps: staffProcedure('admin', 'registrar', 'operator', 'marketer')
      .input(npsInput)
      .query(({ ctx, input }) => npsFigures(ctx, input)),
    broadcasts: staffProcedure('admin', 'marketer')
      .input(figureInput)
      .query(({ ctx, input }) => broadcastFigures(ctx, input)),
    payments: staffProcedure('admin')
      .input(figureInput)
      .query(({ ctx, input }) => paymentTotals(ctx, input)),
  }),
});
