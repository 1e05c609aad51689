import { botProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import * as s from './broadcasts.schemas.ts';
import {
  approveAutomation,
  createAutomation,
  listAutomations,
  stopAutomation,
  updateAutomation,
} from './use-cases/automations.ts';
import {
  approveBroadcast,
  changeBroadcastState,
  createBroadcast,
  deleteAudience,
  getBroadcast,
  listAudiences,
  listBroadcasts,
  preview,
  saveAudience,
  scheduleBroadcast,
  testSend,
  updateBroadcast,
} from './use-cases/manage.ts';
import { broadcastStats } from './use-cases/stats.ts';
import { bookedFromButton, bookTap } from './use-cases/taps.ts';

/** Who composes broadcasts and reads their numbers (never a patient's IIN or phone). */
const composers = () => staffProcedure('admin', 'marketer');
/** Who lets one go out. */
const approvers = () => staffProcedure('admin');

export const broadcastsRouter = router({
  staff: router({
    create: composers()
      .input(s.createBroadcastInput)
      .mutation(({ ctx, input }) => createBroadcast(ctx, input)),
    update: composers()
      .input(s.updateBroadcastInput)
      .mutation(({ ctx, input }) => updateBroadcast(ctx, input)),
    get: composers()
      .input(s.broadcastIdInput)
      .query(({ ctx, input }) => getBroadcast(ctx, input.broadcastId)),
    list: composers()
      .input(s.listBroadcastsInput)
      .query(({ ctx, input }) => listBroadcasts(ctx, input)),
    preview: composers()
      .input(s.previewInput)
      .query(({ ctx, input }) => preview(ctx, input)),
    testSend: composers()
      .input(s.broadcastIdInput)
      .mutation(({ ctx, input }) => testSend(ctx, input.broadcastId)),
    approve: approvers()
      .input(s.broadcastIdInput)
      .mutation(({ ctx, input }) => approveBroadcast(ctx, input.broadcastId)),
    schedule: composers()
      .input(s.scheduleInput)
      .mutation(({ ctx, input }) => scheduleBroadcast(ctx, input)),
    pause: composers()
      .input(s.broadcastIdInput)
      .mutation(({ ctx, input }) => changeBroadcastState(ctx, { ...input, action: 'pause' })),
    resume: composers()
      .input(s.broadcastIdInput)
      .mutation(({ ctx, input }) => changeBroadcastState(ctx, { ...input, action: 'resume' })),
    cancel: composers()
      .input(s.broadcastIdInput)
      .mutation(({ ctx, input }) => changeBroadcastState(ctx, { ...input, action: 'cancel' })),
    stats: composers()
      .input(s.broadcastIdInput)
      .query(({ ctx, input }) => broadcastStats(ctx, input.broadcastId)),
    audiences: router({
      list: composers().query(({ ctx }) => listAudiences(ctx)),
      save: composers()
        .input(s.saveAudienceInput)
        .mutation(({ ctx, input }) => saveAudience(ctx, input)),
      delete: composers()
        .input(s.audienceIdInput)
        .mutation(({ ctx, input }) => deleteAudience(ctx, input.audienceId)),
    }),
    automations: router({
      list: composers().query(({ ctx }) => listAutomations(ctx)),
      create: composers()
        .input(s.automationInput)
        .mutation(({ ctx, input }) => createAutomation(ctx, input)),
      update: composers()
        .input(s.updateAutomationInput)
        .mutation(({ ctx, input }) => updateAutomation(ctx, input)),
      approve: approvers()
        .input(s.automationIdInput)
        .mutation(({ ctx, input }) => approveAutomation(ctx, input.automationId)),
      stop: composers()
        .input(s.automationIdInput)
        .mutation(({ ctx, input }) => stopAutomation(ctx, input.automationId)),
    }),
  }),
  /** The bot reports what a reader did with a broadcast's "book" button. */
  tapBook: botProcedure.input(s.tapInput).mutation(({ ctx, input }) => bookTap(ctx, input)),
  booked: botProcedure.input(s.bookedInput).mutation(({ ctx, input }) => bookedFromButton(ctx, input)),
});
