import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS } from '../../../shared/buttons.ts';
import { formatTiyn } from '../../../shared/money.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import type { BaseContext, BotContext } from '../../context.ts';
import { domainFailure, errorMessage } from '../../errors.ts';
import { fullName } from '../../format.ts';
import { languageOf } from '../../i18n.ts';
import { mainMenu } from '../../keyboards.ts';
import { menuButton } from '../core.ts';
import { calendarKeyboard, dayTitle, monthDays } from './calendar.ts';
import { backRow, localTime, sendVisitExtras, show, visitCard } from './render.ts';

/**
 * Booking, step by step: for whom → branch → category → service → doctor (or any) → day → time →
 * summary (the slot is held) → confirm. Every button carries the whole choice so far in its data
 * (well under Telegram's 64 bytes), so the flow needs no session, survives restarts, and a stale
 * button simply shows a fresh choice from where it points.
 */
export const INERT = 'b:x';

interface Choice {
  p: number;
  b: number;
  s: number;
  d: number; // 0: any doctor
}

const key = (c: Choice) => `${c.p}:${c.b}:${c.s}:${c.d}`;
const parse = (parts: string[]): Choice => {
  const [p, b, s, d] = parts.map(Number) as [number, number, number, number];
  return { p, b, s, d };
};

async function startBooking(ctx: BotContext): Promise<void> {
  const api = ctx.emhana.patients;
  const [me, { dependants: family }] = await Promise.all([api.profile.get.query(), api.family.list.query()]);
  if (family.length === 0) return chooseBranch(ctx, me.id);
  const keyboard = new InlineKeyboard()
    .text(ctx.t('bk-for-me', { name: me.firstName }), `b:w:${me.id}`)
    .row();
  for (const person of family) keyboard.text(fullName(person), `b:w:${person.id}`).row();
  await show(ctx, ctx.t('bk-whom'), keyboard);
}

async function chooseBranch(ctx: BotContext, patientId: number): Promise<void> {
  const language = languageOf(ctx);
  const branches = await ctx.emhana.clinic.branches.list.query();
  const keyboard = new InlineKeyboard();
  for (const b of branches) keyboard.text(b.name[language], `b:b:${patientId}:${b.id}`).row();
  keyboard.text(ctx.t('back'), BUTTONS.rebook.data({}));
  await show(ctx, ctx.t('bk-branch'), keyboard);
}

async function chooseCategory(ctx: BotContext, p: number, b: number): Promise<void> {
  const language = languageOf(ctx);
  const [categories, services] = await Promise.all([
    ctx.emhana.clinic.categories.list.query(),
    ctx.emhana.clinic.services.ofBranch.query({ branchId: b }),
  ]);
  const offered = categories.filter((c) => services.some((s) => s.categoryId === c.id));
  const keyboard = new InlineKeyboard();
  for (const c of offered) keyboard.text(c.name[language], `b:c:${p}:${b}:${c.id}`).row();
  keyboard.text(ctx.t('back'), `b:w:${p}`);
  await show(ctx, ctx.t('bk-category'), keyboard);
}

async function chooseService(ctx: BotContext, p: number, b: number, categoryId: number): Promise<void> {
  const language = languageOf(ctx);
  const services = (await ctx.emhana.clinic.services.ofBranch.query({ branchId: b })).filter(
    (s) => s.categoryId === categoryId,
  );
  const keyboard = new InlineKeyboard();
  for (const s of services) {
    keyboard
      .text(
        ctx.t('bk-service-button', {
          name: s.name[language],
          price: formatTiyn(s.priceTiyn, language),
          minutes: s.durationMinutes,
        }),
        `b:s:${p}:${b}:${s.id}`,
      )
      .row();
  }
  keyboard.text(ctx.t('back'), `b:b:${p}:${b}`);
  await show(ctx, ctx.t('bk-service'), keyboard);
}

async function chooseDoctor(ctx: BotContext, p: number, b: number, s: number): Promise<void> {
  const language = languageOf(ctx);
  const [service, doctors] = await Promise.all([
    ctx.emhana.clinic.services.get.query({ id: s }),
    ctx.emhana.clinic.doctors.forService.query({ branchId: b, serviceId: s }),
  ]);
  const keyboard = new InlineKeyboard();
  if (doctors.length > 1) keyboard.text(ctx.t('bk-any-doctor'), `b:d:${p}:${b}:${s}:0`).row();
  for (const d of doctors) {
    keyboard
      .text(
        ctx.t('bk-doctor-button', {
          name: d.fullName,
          specialty: d.specialty[language],
          price: formatTiyn(d.priceTiyn, language),
        }),
        `b:d:${p}:${b}:${s}:${d.id}`,
      )
      .row();
  }
  keyboard.text(ctx.t('back'), `b:c:${p}:${b}:${service.categoryId}`);
  await show(ctx, ctx.t('bk-doctor'), keyboard);
}

/** The month with the days that have free time; `month` null: the first month that has any. */
export async function showCalendar(
  ctx: BotContext,
  options: {
    month: string | null;
    query: { branchId: number; serviceId: number; doctorId: number | null };
    dayData: (date: string) => string;
    monthData: (month: string) => string;
    back: string;
    title: string;
  },
): Promise<void> {
  const language = languageOf(ctx);
  // The API cuts any range to what may be booked (today … the horizon, by the app clock).
  const probe = await ctx.emhana.booking.availability.query({
    ...options.query,
    from: '2000-01-01',
    to: '2999-12-31',
  });
  const freeDays = new Set(probe.days.filter((d) => d.slots.length > 0).map((d) => d.date));
  const first = probe.days[0]?.date.slice(0, 7);
  const last = probe.days.at(-1)?.date.slice(0, 7);
  if (!first || !last) {
    await show(ctx, `${options.title}\n\n${ctx.t('bk-no-free-days')}`, backRow(ctx, options.back));
    return;
  }
  const month = options.month ?? [...freeDays][0]?.slice(0, 7) ?? first;
  const keyboard = calendarKeyboard({
    month,
    language,
    freeDays: new Set(monthDays(month).filter((d) => freeDays.has(d))),
    dayData: options.dayData,
    monthData: options.monthData,
    canGoBack: month > first,
    canGoForward: month < last,
    inert: INERT,
  });
  keyboard.row().text(ctx.t('back'), options.back);
  const text = freeDays.size ? options.title : `${options.title}\n\n${ctx.t('bk-no-free-days')}`;
  await show(ctx, text, keyboard);
}

/** The free times of one day. */
export async function showTimes(
  ctx: BotContext,
  options: {
    date: string;
    query: { branchId: number; serviceId: number; doctorId: number | null };
    timeData: (slot: { startsAt: Date; doctorIds: number[] }) => string;
    back: string;
  },
): Promise<void> {
  const language = languageOf(ctx);
  const { timeZone, days } = await ctx.emhana.booking.availability.query({
    ...options.query,
    from: options.date,
    to: options.date,
  });
  const slots = days[0]?.slots ?? [];
  const keyboard = new InlineKeyboard();
  slots.forEach((slot, i) => {
    keyboard.text(localTime(slot.startsAt, timeZone), options.timeData(slot));
    if (i % 4 === 3) keyboard.row();
  });
  keyboard.row().text(ctx.t('back'), options.back);
  const title = ctx.t('bk-times', { day: dayTitle(options.date, language) });
  await show(ctx, slots.length ? title : `${title}\n\n${ctx.t('bk-day-gone')}`, keyboard);
}

const calendarFor = (ctx: BotContext, c: Choice, month: string | null) =>
  showCalendar(ctx, {
    month,
    query: { branchId: c.b, serviceId: c.s, doctorId: c.d || null },
    dayData: (date) => `b:t:${key(c)}:${date}`,
    monthData: (m) => `b:m:${key(c)}:${m}`,
    back: `b:s:${c.p}:${c.b}:${c.s}`,
    title: ctx.t('bk-day'),
  });

const timesFor = (ctx: BotContext, c: Choice, date: string) =>
  showTimes(ctx, {
    date,
    query: { branchId: c.b, serviceId: c.s, doctorId: c.d || null },
    timeData: (slot) => `b:h:${key(c)}:${Math.round(slot.startsAt.getTime() / 60_000)}`,
    back: `b:m:${key(c)}:${date.slice(0, 7)}`,
  });

/**
 * The time was just taken (or is no longer a slot): say so and offer the nearest free times of
 * the same choice, plus the calendar.
 */
export async function offerAlternatives(
  ctx: BotContext,
  reason: string,
  query: { branchId: number; serviceId: number; doctorId: number | null },
  around: Date,
  timeData: (slot: { startsAt: Date; doctorIds: number[] }) => string,
  calendarData: string,
): Promise<void> {
  const language = languageOf(ctx);
  const nearest = await ctx.emhana.booking.nearest.query({ ...query, around, count: 3 });
  const branch = await ctx.emhana.clinic.branches.get.query({ id: query.branchId });
  const keyboard = new InlineKeyboard();
  for (const slot of nearest) {
    const date = utcToZoned(slot.startsAt.getTime(), branch.timeZone).date;
    keyboard
      .text(`${dayTitle(date, language)}, ${localTime(slot.startsAt, branch.timeZone)}`, timeData(slot))
      .row();
  }
  keyboard.text(ctx.t('bk-other-day'), calendarData);
  await show(ctx, nearest.length ? `${reason}\n\n${ctx.t('bk-nearest')}` : reason, keyboard);
}

async function holdAndSummarise(ctx: BotContext, c: Choice, startsAt: Date): Promise<void> {
  try {
    const held = await ctx.emhana.booking.hold.mutate({
      patientId: c.p,
      branchId: c.b,
      serviceId: c.s,
      doctorId: c.d || null,
      startsAt,
    });
    const me = await ctx.emhana.patients.profile.get.query();
    const keyboard = new InlineKeyboard()
      .text(ctx.t('bk-confirm'), `b:ok:${held.id}`)
      .row()
      .text(ctx.t('back'), `b:no:${held.id}:${key(c)}`);
    await show(ctx, `${ctx.t('bk-summary')}\n\n${visitCard(ctx, held, held.patient.id !== me.id)}`, keyboard);
  } catch (error) {
    const failure = domainFailure(error);
    if (!failure) throw error;
    if (failure.code === 'slot_taken' || failure.code === 'slot_unavailable') {
      return offerAlternatives(
        ctx,
        ctx.t('bk-slot-taken'),
        { branchId: c.b, serviceId: c.s, doctorId: c.d || null },
        startsAt,
        (slot) => `b:h:${key(c)}:${Math.round(slot.startsAt.getTime() / 60_000)}`,
        `b:m:${key(c)}:${startsAt.toISOString().slice(0, 7)}`,
      );
    }
    await show(ctx, errorMessage(ctx, failure), backRow(ctx, `b:d:${key(c)}`));
  }
}

export function bookingFeature(i18n: I18n<BaseContext>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);

  registered.command('book', startBooking);
  registered.filter(menuButton(i18n, 'menu-book'), startBooking);
  registered.callbackQuery(INERT, (ctx) => ctx.answerCallbackQuery({ text: ctx.t('bk-no-time-that-day') }));

  const on = (pattern: RegExp, handler: (ctx: BotContext, parts: string[]) => Promise<void>) =>
    registered.callbackQuery(pattern, async (ctx) => {
      await ctx.answerCallbackQuery();
      await handler(ctx, ctx.match.slice(1) as string[]);
    });

  on(BUTTONS.rebook.pattern, (ctx) => startBooking(ctx));
  on(/^b:w:(\d+)$/, (ctx, [p]) => chooseBranch(ctx, Number(p)));
  on(/^b:b:(\d+):(\d+)$/, (ctx, [p, b]) => chooseCategory(ctx, Number(p), Number(b)));
  on(/^b:c:(\d+):(\d+):(\d+)$/, (ctx, [p, b, cat]) => chooseService(ctx, Number(p), Number(b), Number(cat)));
  on(/^b:s:(\d+):(\d+):(\d+)$/, (ctx, [p, b, s]) => chooseDoctor(ctx, Number(p), Number(b), Number(s)));
  on(/^b:d:(\d+):(\d+):(\d+):(\d+)$/, (ctx, parts) => calendarFor(ctx, parse(parts), null));
  on(/^b:m:(\d+):(\d+):(\d+):(\d+):(\d{4}-\d{2})$/, (ctx, parts) =>
    calendarFor(ctx, parse(parts), parts[4]!),
  );
  on(/^b:t:(\d+):(\d+):(\d+):(\d+):(\d{4}-\d{2}-\d{2})$/, (ctx, parts) =>
    timesFor(ctx, parse(parts), parts[4]!),
  );
  on(/^b:h:(\d+):(\d+):(\d+):(\d+):(\d+)$/, (ctx, parts) =>
    holdAndSummarise(ctx, parse(parts), new Date(Number(parts[4]) * 60_000)),
  );

  // Back from the summary: the hold is released, and the patient picks another time that day.
  on(/^b:no:(\d+):(\d+):(\d+):(\d+):(\d+)$/, async (ctx, [id, ...parts]) => {
    const visit = await ctx.emhana.booking.get.query({ appointmentId: Number(id) }).catch(() => null);
    await ctx.emhana.booking.release.mutate({ appointmentId: Number(id) });
    const c = parse(parts);
    if (!visit) return calendarFor(ctx, c, null);
    await timesFor(ctx, c, utcToZoned(visit.startsAt.getTime(), visit.branch.timeZone).date);
  });

  on(/^b:ok:(\d+)$/, async (ctx, [id]) => {
    try {
      const visit = await ctx.emhana.booking.confirm.mutate({ appointmentId: Number(id) });
      const me = await ctx.emhana.patients.profile.get.query();
      await show(ctx, `${ctx.t('bk-booked')}\n\n${visitCard(ctx, visit, visit.patient.id !== me.id)}`);
      await sendVisitExtras(ctx, visit);
      await ctx.reply(ctx.t('bk-after'), { reply_markup: mainMenu(ctx) });
    } catch (error) {
      const failure = domainFailure(error);
      if (!failure) throw error;
      // The hold ran out and someone took the time: start the choice of a time again.
      await show(
        ctx,
        errorMessage(ctx, failure),
        new InlineKeyboard().text(ctx.t('bk-start-again'), BUTTONS.rebook.data({})),
      );
    }
  });

  return composer;
}
