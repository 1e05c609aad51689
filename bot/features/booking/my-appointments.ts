import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS } from '../../../shared/buttons.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import type { BaseContext, BotContext } from '../../context.ts';
import { domainFailure, errorMessage } from '../../errors.ts';
import { escapeHtml } from '../../format.ts';
import { languageOf } from '../../i18n.ts';
import { mainMenu } from '../../keyboards.ts';
import { menuButton } from '../core.ts';
import { offerAlternatives, showCalendar, showTimes } from './book.ts';
import { backRow, localWhen, sendVisitExtras, show, type Visit, visitCard } from './render.ts';

/**
 * "My appointments": upcoming visits (the patient's and their dependants'), the last ten past
 * ones, each visit's details, rescheduling from the choice of a day, and cancelling with a reason.
 * Buttons carry the visit's version: one that no longer matches shows the visit as it is now.
 */
const REASONS = ['plans_changed', 'feel_better', 'booked_elsewhere', 'other'] as const;

async function list(ctx: BotContext): Promise<void> {
  const language = languageOf(ctx);
  const { upcoming, past } = await ctx.emhana.booking.mine.query();
  const me = await ctx.emhana.patients.profile.get.query();
  const keyboard = new InlineKeyboard();
  for (const v of upcoming) {
    const who = v.patient.id === me.id ? '' : `${v.patient.firstName}: `;
    keyboard
      .text(
        `${who}${localWhen(v.startsAt, v.branch.timeZone, language)} — ${v.service.name[language]}`,
        BUTTONS.openVisit.data({ appointmentId: v.id }),
      )
      .row();
  }
  keyboard.text(ctx.t('bk-book-new'), BUTTONS.rebook.data({}));
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

export async function details(ctx: BotContext, id: number): Promise<void> {
  const visit = await ctx.emhana.booking.get.query({ appointmentId: id });
  const me = await ctx.emhana.patients.profile.get.query();
  const keyboard = new InlineKeyboard();
  const changeable = visit.upcoming;
  if (changeable) {
    keyboard
      .text(
        ctx.t('ap-reschedule'),
        BUTTONS.reschedule.data({ appointmentId: visit.id, version: visit.version }),
      )
      .text(ctx.t('ap-cancel'), BUTTONS.cancelVisit.data({ appointmentId: visit.id, version: visit.version }))
      .row();
  }
  keyboard.text(ctx.t('back'), 'a:list');
  const status = ctx.t(`status-${visit.status}`);
  await show(
    ctx,
    `${ctx.t('ap-details', { status })}\n\n${visitCard(ctx, visit, visit.patient.id !== me.id)}`,
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

export function myAppointmentsFeature(i18n: I18n<BaseContext>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);
  registered.command('appointments', list);
  registered.filter(menuButton(i18n, 'menu-appointments'), list);

  const on = (pattern: RegExp, handler: (ctx: BotContext, parts: number[], raw: string[]) => Promise<void>) =>
    registered.callbackQuery(pattern, async (ctx) => {
      const raw = ctx.match.slice(1) as string[];
      await handler(ctx, raw.map(Number), raw);
      await ctx.answerCallbackQuery().catch(() => {});
    });

  on(/^a:list$/, (ctx) => list(ctx));
  on(BUTTONS.openVisit.pattern, (ctx, [id]) => details(ctx, id!));

  // Reschedule: the same doctor and service, from the choice of a day.
  const calendar = (ctx: BotContext, v: Visit, month: string | null) =>
    showCalendar(ctx, {
      month,
      query: slotQuery(v),
      dayData: (date) => `r:t:${v.id}:${v.version}:${date}`,
      monthData: (m) => `r:m:${v.id}:${v.version}:${m}`,
      back: BUTTONS.openVisit.data({ appointmentId: v.id }),
      title: ctx.t('ap-reschedule-day', { when: localWhen(v.startsAt, v.branch.timeZone, languageOf(ctx)) }),
    });
  const timeData = (v: Visit) => (slot: { startsAt: Date }) =>
    `r:h:${v.id}:${v.version}:${Math.round(slot.startsAt.getTime() / 60_000)}`;

  on(BUTTONS.reschedule.pattern, async (ctx, [id, version]) => {
    const v = await current(ctx, id!, version!);
    if (v) await calendar(ctx, v, null);
  });
  on(/^r:m:(\d+):(\d+):(\d{4}-\d{2})$/, async (ctx, [id, version], raw) => {
    const v = await current(ctx, id!, version!);
    if (v) await calendar(ctx, v, raw[2]!);
  });
  on(/^r:t:(\d+):(\d+):(\d{4}-\d{2}-\d{2})$/, async (ctx, [id, version], raw) => {
    const v = await current(ctx, id!, version!);
    if (v)
      await showTimes(ctx, {
        date: raw[2]!,
        query: slotQuery(v),
        timeData: timeData(v),
        back: BUTTONS.reschedule.data({ appointmentId: v.id, version: v.version }),
      });
  });
  on(/^r:h:(\d+):(\d+):(\d+)$/, async (ctx, [id, version, minutes]) => {
    const v = await current(ctx, id!, version!);
    if (!v) return;
    const startsAt = new Date(minutes! * 60_000);
    const keyboard = new InlineKeyboard()
      .text(ctx.t('ap-reschedule-confirm'), `r:ok:${v.id}:${v.version}:${minutes}`)
      .row()
      .text(ctx.t('back'), BUTTONS.reschedule.data({ appointmentId: v.id, version: v.version }));
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
  on(/^r:ok:(\d+):(\d+):(\d+)$/, async (ctx, [id, version, minutes]) => {
    const v = await current(ctx, id!, version!);
    if (!v) return;
    const startsAt = new Date(minutes! * 60_000);
    try {
      const moved = await ctx.emhana.booking.reschedule.mutate({ appointmentId: v.id, startsAt });
      const me = await ctx.emhana.patients.profile.get.query();
      await show(ctx, `${ctx.t('ap-rescheduled')}\n\n${visitCard(ctx, moved, moved.patient.id !== me.id)}`);
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
          `r:m:${v.id}:${v.version}:${date.slice(0, 7)}`,
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
  on(BUTTONS.cancelVisit.pattern, async (ctx, [id, version]) => {
    const v = await current(ctx, id!, version!);
    if (!v) return;
    const keyboard = new InlineKeyboard();
    for (const reason of REASONS)
      keyboard.text(ctx.t(`reason-${reason}`), `a:xr:${v.id}:${v.version}:${reason}`).row();
    keyboard.text(ctx.t('back'), BUTTONS.openVisit.data({ appointmentId: v.id }));
    await show(ctx, ctx.t('ap-cancel-reason'), keyboard);
  });
  on(/^a:xr:(\d+):(\d+):(\w+)$/, async (ctx, [id, version], raw) => {
    const v = await current(ctx, id!, version!);
    if (!v) return;
    const keyboard = new InlineKeyboard()
      .text(ctx.t('ap-cancel-yes'), `a:xy:${v.id}:${v.version}:${raw[2]}`)
      .row()
      .text(ctx.t('ap-cancel-keep'), BUTTONS.openVisit.data({ appointmentId: v.id }));
    await show(ctx, `${ctx.t('ap-cancel-confirm')}\n\n${visitCard(ctx, v, false)}`, keyboard);
  });
  on(/^a:xy:(\d+):(\d+):(\w+)$/, async (ctx, [id, version], raw) => {
    const v = await current(ctx, id!, version!);
    if (!v) return;
    try {
      const reason = raw[2] as (typeof REASONS)[number];
      await ctx.emhana.booking.cancel.mutate({ appointmentId: v.id, reason });
      await show(
        ctx,
        ctx.t('ap-cancelled', { when: localWhen(v.startsAt, v.branch.timeZone, languageOf(ctx)) }),
      );
      await ctx.reply(ctx.t('menu-title'), { reply_markup: mainMenu(ctx) });
    } catch (error) {
      const failure = domainFailure(error);
      if (!failure) throw error;
      await show(
        ctx,
        errorMessage(ctx, failure),
        backRow(ctx, BUTTONS.openVisit.data({ appointmentId: v.id })),
      );
    }
  });

  return composer;
}
