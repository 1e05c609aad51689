import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS, type ButtonCodec } from '../../../shared/buttons.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import { BOT_BUTTONS as B, CANCEL_REASONS, onTap } from '../../buttons.ts';
import type { BaseContext, BotContext } from '../../context.ts';
import { domainFailure, errorMessage } from '../../errors.ts';
import { escapeHtml } from '../../format.ts';
import { languageOf } from '../../i18n.ts';
import { TEXT_LIMITS, tooLong } from '../../input-limits.ts';
import { mainMenu } from '../../keyboards.ts';
import type { Steps } from '../../steps.ts';
import { menuButton } from '../core.ts';
import { SUPPORT_ZONE } from '../support.ts';
import { offerAlternatives, showCalendar, showTimes } from './book.ts';
import {
  backRow,
  localWhen,
  sendCancelledFile,
  sendVisitExtras,
  show,
  type Visit,
  visitCard,
} from './render.ts';

/**
 * "My appointments": upcoming visits (the patient's and their dependants'), the last ten past
 * ones, each visit's details, rescheduling from the choice of a day, and cancelling with a reason.
 * Buttons carry the visit's version: one that no longer matches shows the visit as it is now.
 */
/** A visit as a button that opens it: "Дана: пн, 3 декабря, 10:00 — service" (a dependant's named). */
function visitButton(
  ctx: BotContext,
  keyboard: InlineKeyboard,
  v: Visit,
  language: ReturnType<typeof languageOf>,
): void {
  const who = v.patient.id === ctx.account.patientId ? '' : `${v.patient.firstName}: `;
  keyboard
    .text(
      `${who}${localWhen(v.startsAt, v.branch.timeZone, language)} — ${v.service.name[language]}`,
      BUTTONS.openVisit.data({ appointmentId: v.id }),
    )
    .row();
}

async function list(ctx: BotContext): Promise<void> {
  const language = languageOf(ctx);
  const { upcoming, past } = await ctx.emhana.booking.mine.query();
  const keyboard = new InlineKeyboard();
  for (const v of upcoming) visitButton(ctx, keyboard, v, language);
  keyboard.text(ctx.t('bk-book-new'), BUTTONS.rebook.data({}));
  if (past.length) keyboard.row().text(ctx.t('ap-past-open'), B.pastVisits.data({}));
  const pastLines = past.map((v) =>
    ctx.t('ap-past-line', {
      when: localWhen(v.startsAt, v.branch.timeZone, language),
      service: escapeHtml(v.service.name[language]),
      status: ctx.t(`status-${v.status}`),
    }),
  );
  const text = [
    ctx.t(upcoming.length ? 'ap-upcoming' : 'ap-none'),
    ...(pastLines.length ? ['', ctx.t('ap-past'), ...pastLines] : []),
  ].join('\n');
  await show(ctx, text, keyboard);
}

/** How many past visits the "past visits" view lists (the ones a patient would still ask about). */
const PAST_SHOWN = 5;

/** The last past visits as buttons: each opens its details, where a past one can be reported. */
async function pastList(ctx: BotContext): Promise<void> {
  const language = languageOf(ctx);
  const { past } = await ctx.emhana.booking.mine.query();
  const keyboard = new InlineKeyboard();
  for (const v of past.slice(0, PAST_SHOWN)) visitButton(ctx, keyboard, v, language);
  keyboard.text(ctx.t('back'), B.visits.data({}));
  await show(ctx, ctx.t(past.length ? 'ap-past-title' : 'ap-past-none'), keyboard);
}

/** A visit the clinic recorded the patient at: one they can say they were not at. */
const attended = (v: Visit) => ['arrived', 'in_progress', 'completed'].includes(v.status);

export async function details(ctx: BotContext, id: number): Promise<void> {
  const visit = await ctx.emhana.booking.get.query({ appointmentId: id });
  const keyboard = new InlineKeyboard();
  const changeable = visit.upcoming;
  if (changeable) {
    keyboard
      .text(ctx.t('ap-reschedule'), BUTTONS.reschedule.data(stamp(visit)))
      .text(ctx.t('ap-cancel'), BUTTONS.cancelVisit.data(stamp(visit)))
      .row();
  }
  if (attended(visit)) keyboard.text(ctx.t('ap-absent'), B.absence.data({ appointmentId: visit.id })).row();
  keyboard.text(ctx.t('back'), changeable ? B.visits.data({}) : B.pastVisits.data({}));
  const status = ctx.t(`status-${visit.status}`);
  await show(
    ctx,
    `${ctx.t('ap-details', { status })}\n\n${visitCard(ctx, visit, visit.patient.id !== ctx.account.patientId)}`,
    keyboard,
  );
}

/** A button made for an older version of the visit: show the visit as it is now instead. */
async function current(ctx: BotContext, id: number, version: number): Promise<Visit | null> {
  const visit = await ctx.emhana.booking.get.query({ appointmentId: id });
  if (visit.version === version && visit.upcoming) return visit;
  await ctx.answerCallbackQuery({ text: ctx.t('ap-changed') }).catch(() => {});
  await details(ctx, id);
  return null;
}

const slotQuery = (v: Visit) => ({ branchId: v.branch.id, serviceId: v.service.id, doctorId: v.doctor.id });
/** The visit at the version a button was made for. */
const stamp = (v: Visit) => ({ appointmentId: v.id, version: v.version });

export function myAppointmentsFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);
  // The command and the menu button draw the list the "back to my visits" button draws.
  const open = (ctx: BotContext) => {
    steps.reached(ctx, B.visits, B.visits.data({}));
    return list(ctx);
  };
  registered.command('appointments', open);
  registered.filter(menuButton(i18n, 'menu-appointments'), open);

  // Each tap is answered after its step (which may answer it itself, e.g. "the visit changed").
  // Any other tap leaves a cancellation that waits for its reason.
  const on = <V>(codec: ButtonCodec<V>, handler: (ctx: BotContext, values: V) => Promise<void>) =>
    onTap(registered, codec, async (ctx, values) => {
      if (codec !== (B.cancelYes as ButtonCodec<unknown>)) ctx.session.cancelNote = undefined;
      steps.reached(ctx, codec as ButtonCodec<unknown>, ctx.callbackQuery.data);
      await handler(ctx, values);
      await ctx.answerCallbackQuery().catch(() => {});
    });
  /** A step that only shows something: a text typed at it shows it again. */
  const step = <V>(codec: ButtonCodec<V>, handler: (ctx: BotContext, values: V) => Promise<void>) => {
    steps.redrawable(codec, handler);
    on(codec, handler);
  };

  step(B.visits, (ctx) => list(ctx));
  step(BUTTONS.openVisit, (ctx, { appointmentId }) => details(ctx, appointmentId));
  step(B.pastVisits, (ctx) => pastList(ctx));

  // "I was not at this visit": asked once more, then reported as a support request of its kind.
  step(B.absence, async (ctx, { appointmentId }) => {
    const v = await ctx.emhana.booking.get.query({ appointmentId });
    const keyboard = new InlineKeyboard()
      .text(ctx.t('ap-absent-yes'), B.absenceYes.data({ appointmentId }))
      .row()
      .text(ctx.t('back'), BUTTONS.openVisit.data({ appointmentId }));
    await show(ctx, `${ctx.t('ap-absent-confirm')}\n\n${visitCard(ctx, v, false)}`, keyboard);
  });
  on(B.absenceYes, async (ctx, { appointmentId }) => {
    try {
      const { ticket, answersFrom } = await ctx.emhana.support.tickets.reportAbsence.mutate({
        appointmentId,
      });
      const later = answersFrom
        ? `\n${ctx.t('sp-after-hours', { when: localWhen(answersFrom, SUPPORT_ZONE, languageOf(ctx)) })}`
        : '';
      await show(ctx, `${ctx.t('ap-absent-reported', { number: ticket.id })}${later}`);
    } catch (error) {
      const failure = domainFailure(error);
      if (!failure) throw error;
      await show(ctx, errorMessage(ctx, failure), backRow(ctx, B.visits.data({})));
    }
  });

  // Reschedule: the same doctor and service, from the choice of a day.
  const calendar = (ctx: BotContext, v: Visit, month: string | null) =>
    showCalendar(ctx, {
      month,
      query: slotQuery(v),
      dayData: (date) => B.rescheduleDay.data({ ...stamp(v), date }),
      monthData: (m) => B.rescheduleMonth.data({ ...stamp(v), month: m }),
      back: BUTTONS.openVisit.data({ appointmentId: v.id }),
      title: ctx.t('ap-reschedule-day', { when: localWhen(v.startsAt, v.branch.timeZone, languageOf(ctx)) }),
    });
  const timeData = (v: Visit) => (slot: { startsAt: Date }) =>
    B.rescheduleTime.data({ ...stamp(v), minute: Math.round(slot.startsAt.getTime() / 60_000) });

  step(BUTTONS.reschedule, async (ctx, { appointmentId, version }) => {
    const v = await current(ctx, appointmentId, version);
    if (v) await calendar(ctx, v, null);
  });
  step(B.rescheduleMonth, async (ctx, { appointmentId, version, month }) => {
    const v = await current(ctx, appointmentId, version);
    if (v) await calendar(ctx, v, month);
  });
  step(B.rescheduleDay, async (ctx, { appointmentId, version, date }) => {
    const v = await current(ctx, appointmentId, version);
    if (v)
      await showTimes(ctx, {
        date,
        query: slotQuery(v),
        timeData: timeData(v),
        back: BUTTONS.reschedule.data(stamp(v)),
      });
  });
  step(B.rescheduleTime, async (ctx, { appointmentId, version, minute }) => {
    const v = await current(ctx, appointmentId, version);
    if (!v) return;
    const startsAt = new Date(minute * 60_000);
    const keyboard = new InlineKeyboard()
      .text(ctx.t('ap-reschedule-confirm'), B.rescheduleConfirm.data({ ...stamp(v), minute }))
      .row()
      .text(ctx.t('back'), BUTTONS.reschedule.data(stamp(v)));
    const language = languageOf(ctx);
    await show(
      ctx,
      ctx.t('ap-reschedule-summary', {
        from: localWhen(v.startsAt, v.branch.timeZone, language),
        to: localWhen(startsAt, v.branch.timeZone, language),
      }),
      keyboard,
    );
  });
  on(B.rescheduleConfirm, async (ctx, { appointmentId, version, minute }) => {
    const v = await current(ctx, appointmentId, version);
    if (!v) return;
    const startsAt = new Date(minute * 60_000);
    try {
      const moved = await ctx.emhana.booking.reschedule.mutate({ appointmentId: v.id, startsAt });
      await show(
        ctx,
        `${ctx.t('ap-rescheduled')}\n\n${visitCard(ctx, moved, moved.patient.id !== ctx.account.patientId)}`,
      );
      await sendVisitExtras(ctx, moved);
    } catch (error) {
      const failure = domainFailure(error);
      if (!failure) throw error;
      if (failure.code === 'slot_taken') {
        const date = utcToZoned(startsAt.getTime(), v.branch.timeZone).date;
        return offerAlternatives(
          ctx,
          ctx.t('bk-slot-taken'),
          slotQuery(v),
          startsAt,
          timeData(v),
          B.rescheduleMonth.data({ ...stamp(v), month: date.slice(0, 7) }),
        );
      }
      await show(
        ctx,
        errorMessage(ctx, failure),
        backRow(ctx, BUTTONS.openVisit.data({ appointmentId: v.id })),
      );
    }
  });

  // Cancel: a reason, then a confirmation.
  step(BUTTONS.cancelVisit, async (ctx, { appointmentId, version }) => {
    const v = await current(ctx, appointmentId, version);
    if (!v) return;
    const keyboard = new InlineKeyboard();
    for (const reason of CANCEL_REASONS)
      keyboard.text(ctx.t(`reason-${reason}`), B.cancelReason.data({ ...stamp(v), reason })).row();
    keyboard.text(ctx.t('back'), BUTTONS.openVisit.data({ appointmentId: v.id }));
    await show(ctx, ctx.t('ap-cancel-reason'), keyboard);
  });
  /** "Cancel this visit?", with the reason the patient wrote, if any. */
  const confirmCancel = (
    ctx: BotContext,
    v: Visit,
    reason: (typeof CANCEL_REASONS)[number],
    note?: string,
  ) => {
    const keyboard = new InlineKeyboard()
      .text(ctx.t('ap-cancel-yes'), B.cancelYes.data({ ...stamp(v), reason }))
      .row()
      .text(ctx.t('ap-cancel-keep'), BUTTONS.openVisit.data({ appointmentId: v.id }));
    const said = note ? `\n${ctx.t('ap-cancel-note', { note: escapeHtml(note) })}` : '';
    return show(ctx, `${ctx.t('ap-cancel-confirm')}${said}\n\n${visitCard(ctx, v, false)}`, keyboard);
  };
  step(B.cancelReason, async (ctx, { appointmentId, version, reason }) => {
    const v = await current(ctx, appointmentId, version);
    if (!v) return;
    if (reason !== 'other') return confirmCancel(ctx, v, reason);
    // "Other": the patient's words are asked for; the next text message is them.
    ctx.session.cancelNote = stamp(v);
    await show(
      ctx,
      ctx.t('ap-cancel-note-prompt'),
      backRow(ctx, BUTTONS.openVisit.data({ appointmentId: v.id })),
    );
  });
  registered
    .on('message:text')
    .filter((ctx) => ctx.session.cancelNote !== undefined && ctx.session.cancelNote.text === undefined)
    .use(async (ctx) => {
      const { appointmentId, version } = ctx.session.cancelNote!;
      const limit = tooLong(ctx, ctx.message.text, TEXT_LIMITS.cancelNote);
      if (limit) return void (await ctx.reply(limit));
      const text = ctx.message.text.trim();
      if (!text) return void (await ctx.reply(ctx.t('ap-cancel-note-prompt')));
      // The visit changed meanwhile: it is shown as it is now, and the cancellation is left.
      const v = await current(ctx, appointmentId, version);
      ctx.session.cancelNote = v ? { appointmentId, version, text } : undefined;
      if (!v) return;
      await confirmCancel(ctx, v, 'other', text);
    });
  on(B.cancelYes, async (ctx, { appointmentId, version, reason }) => {
    const v = await current(ctx, appointmentId, version);
    if (!v) return;
    // The reason the patient wrote stays until the API has it: if the call fails, the patient
    // hears the error and taps "Yes, cancel" again with it.
    const pending = ctx.session.cancelNote;
    const note = reason === 'other' && pending?.appointmentId === v.id ? (pending.text ?? null) : null;
    try {
      const cancelled = await ctx.emhana.booking.cancel.mutate({ appointmentId: v.id, reason, note });
      ctx.session.cancelNote = undefined;
      await show(
        ctx,
        ctx.t('ap-cancelled', { when: localWhen(v.startsAt, v.branch.timeZone, languageOf(ctx)) }),
      );
      await sendCancelledFile(ctx, cancelled);
      await ctx.reply(ctx.t('menu-title'), { reply_markup: mainMenu(ctx) });
    } catch (error) {
      const failure = domainFailure(error);
      if (!failure) throw error;
      // The clinic's rules refuse it (too late, the visit changed): the cancellation ends here.
      ctx.session.cancelNote = undefined;
      await show(
        ctx,
        errorMessage(ctx, failure),
        backRow(ctx, BUTTONS.openVisit.data({ appointmentId: v.id })),
      );
    }
  });

  return composer;
}
