import { queueNotice, type ShownMessage, shownInChat } from '../../notifications/index.ts';
import { managedPatientIds } from '../../patients/index.ts';
import { changeVisitStatus } from '../booking.changes.ts';
import { bookingErrors } from '../booking.errors.ts';
import { visitParams } from '../booking.notices.ts';
import { type AppointmentView, appointmentView, visitDetails } from '../booking.views.ts';
import { Appointment, UPCOMING } from '../entities/appointment.entity.ts';
import { type BookingCtx, loadAppointment } from './book-appointment.ts';
import { assertPatientMayChange } from './change-appointment.ts';
import { ownerCheck } from './list-appointments.ts';

/**
 * Answers to the buttons of reminders and of "have you arrived?". Each button carries the
 * visit's version; a button of an older version is refused as "visit_changed", and the bot then
 * shows the visit as it is now.
 */
async function onCurrent(
  ctx: BookingCtx,
  input: { appointmentId: number; version: number },
  change: (a: Appointment, em: BookingCtx['em'], view: () => AppointmentView) => Promise<void>,
): Promise<AppointmentView> {
  return ctx.em.transactional(async (em) => {
    const appointment = await loadAppointment(em, input.appointmentId, true);
    await ownerCheck(ctx)(appointment, em);
    if (appointment.version !== input.version) throw bookingErrors('visit_changed');
    // Names asked once; the view follows the visit's changes (status, version).
    const details = await visitDetails(em, [appointment]);
    const view = () => appointmentView(appointment, details);
    await change(appointment, em, view);
    await em.persist(appointment).flush();
    return view();
  });
}

/** "I'm coming": the visit is confirmed. */
export function confirmAttendance(ctx: BookingCtx, input: { appointmentId: number; version: number }) {
  return onCurrent(ctx, input, async (a, em) => {
    await changeVisitStatus({ ...ctx, em }, a, 'confirmed');
    a.comingAnsweredAt = ctx.clock.now();
  });
}

const staffNotice = (a: AppointmentView, purpose: string, template: string) => ({
  purpose,
  target: `appointment:${a.id}@${a.version}`,
  to: { staffChat: true } as const,
  template,
  params: visitParams(a),
  priority: 'urgent' as const,
  timeZone: a.branch.timeZone,
  subject: { kind: 'appointment', id: a.id },
});

/**
 * "Have you arrived?": here (arrived, the desk sees it), running late by some minutes (recorded on
 * the visit, so the day board shows it whether or not a staff chat is set, and posted to that chat
 * when there is one), or can't come.
 */
export function answerArrival(
  ctx: BookingCtx,
  input: { appointmentId: number; version: number; answer: 'here' | 'late' | 'cannot'; minutes?: number },
) {
  return onCurrent(ctx, input, async (a, em, view) => {
    const now = ctx.clock.now();
    if (input.answer === 'here') {
      await changeVisitStatus({ ...ctx, em }, a, 'arrived');
      await queueNotice({ ...ctx, em }, staffNotice(view(), 'staff.arrived', 'staff-arrived'));
    } else if (input.answer === 'late') {
      // Only a visit still ahead of its patient can be late for; a later report replaces an earlier one.
      if (!(UPCOMING as readonly string[]).includes(a.status)) throw bookingErrors('invalid_transition');
      // The schema asks for the minutes with "late"; a caller that skipped it is the bot's bug.
      a.lateMinutes = input.minutes ?? 0;
      a.lateReportedAt = now;
      await queueNotice(
        { ...ctx, em },
        {
          ...staffNotice(view(), 'staff.running_late', 'staff-running-late'),
          // Each new estimate is its own post ("now 30 min" is not deduplicated away); the same one
          // tapped twice is one.
          target: `appointment:${a.id}@late:${a.lateMinutes}`,
          params: { ...visitParams(view()), minutes: a.lateMinutes },
        },
      );
    } else {
      // Once the visit has started no cut-off applies: the time is freed for the clinic at once.
      // Before that (an early or forged button) the patient's usual cut-off holds.
      if (now < a.startsAt) await assertPatientMayChange(em, a, now.getTime(), ctx.settings.booking);
      await changeVisitStatus({ ...ctx, em }, a, 'cancelled', { by: 'patient', reason: 'cannot_come' });
      await queueNotice(
        { ...ctx, em },
        {
          ...staffNotice(view(), 'staff.cancelled_by_patient', 'staff-cancelled-by-patient'),
          params: { ...visitParams(view()), reason: { text: 'reason-cannot_come' } },
        },
      );
    }
  });
}

/**
 * The reminder (or "have you arrived?") the patient's chat got as its message `messageId`, while
 * its visit is still where the reminder says and still open; null otherwise. The bot asks when a
 * text comes right after that message: the text is shown the reminder's buttons again.
 */
export async function reminderShown(
  ctx: BookingCtx,
  input: { messageId: number },
): Promise<Pick<ShownMessage, 'template' | 'params' | 'buttons' | 'onBehalfOf'> | null> {
  const chatId = ctx.caller.kind === 'bot' ? ctx.caller.telegramUserId : null;
  if (chatId === null) return null;
  const shown = await shownInChat(ctx.em, {
    chatId,
    telegramMessageId: input.messageId,
    patientIds: await managedPatientIds(ctx.em, ctx.caller),
    purposePrefix: 'reminder.',
  });
  if (!shown || shown.subjectId === null) return null;
  const visit = await ctx.em.findOne(Appointment, shown.subjectId);
  const at = shown.params.at as { at: string } | undefined;
  const open = visit && (UPCOMING as readonly string[]).includes(visit.status);
  if (!open || at?.at !== visit.startsAt.toISOString()) return null;
  return {
    template: shown.template,
    params: shown.params,
    buttons: shown.buttons,
    onBehalfOf: shown.onBehalfOf,
  };
}
