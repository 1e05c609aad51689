import { InlineKeyboard } from 'grammy';
import type { ApiOutputs, BotContext } from '../../context.ts';
import { escapeHtml } from '../../format.ts';
import { languageOf } from '../../i18n.ts';
import { dayTitle } from './calendar.ts';
import { localTime, show } from './render.ts';

/** A service as offered to the person being booked (age range already applied by the API). */
export type OfferedService = ApiOutputs['booking']['services'][number];

/**
 * Why a service cannot be booked now, in plain words, with the way out: the visit that stands in
 * the way is in "My appointments" (move or cancel it), or another service is one tap back.
 */
export async function explainLimit(
  ctx: BotContext,
  service: OfferedService,
  back: string,
  visits: string,
): Promise<void> {
  const blocked = service.blocked!;
  const text =
    blocked.code === 'limit_category'
      ? ctx.t('bk-limit-category', {
          specialty: escapeHtml(blocked.specialty[languageOf(ctx)]),
          max: blocked.max,
        })
      : ctx.t(blocked.code === 'limit_active' ? 'bk-limit-active' : 'bk-limit-account', {
          max: blocked.max,
        });
  const keyboard = new InlineKeyboard()
    .text(ctx.t('menu-appointments'), visits)
    .row()
    .text(ctx.t('back'), back);
  await show(ctx, text, keyboard);
}

/** "Ахметова Айгүл Серікқызы" → "Ахметова А. С.": a doctor on a button that also carries a date. */
export function shortName(fullName: string): string {
  const [last, ...rest] = fullName.trim().split(/\s+/);
  return [last, ...rest.map((part) => `${part[0]}.`)].join(' ');
}

/** The first free (time, doctor) pairs, earliest first: a time two doctors have free is offered twice. */
export function nearestPairs(
  days: { date: string; slots: { startsAt: Date; doctorIds: number[] }[] }[],
  count: number,
): { date: string; startsAt: Date; doctorId: number }[] {
  const pairs: { date: string; startsAt: Date; doctorId: number }[] = [];
  for (const day of days)
    for (const slot of day.slots)
      for (const doctorId of slot.doctorIds) {
        if (pairs.length === count) return pairs;
        pairs.push({ date: day.date, startsAt: slot.startsAt, doctorId });
      }
  return pairs;
}

/**
 * "Any doctor — nearest time": the nearest free times across the doctors first, each a button
 * with its day, time and doctor, then "another day" for the calendar. Nothing free: the calendar
 * says so itself.
 */
export async function showNearestAcrossDoctors(
  ctx: BotContext,
  options: {
    query: { branchId: number; serviceId: number };
    timeData: (pair: { startsAt: Date; doctorId: number }) => string;
    calendarData: string;
    back: string;
  },
): Promise<boolean> {
  const language = languageOf(ctx);
  const [{ timeZone, days }, doctors] = await Promise.all([
    // The API cuts any range to what may be booked (today … the horizon, by the app clock).
    ctx.emhana.booking.availability.query({
      ...options.query,
      doctorId: null,
      from: '2000-01-01',
      to: '2999-12-31',
    }),
    ctx.emhana.clinic.doctors.forService.query(options.query),
  ]);
  const pairs = nearestPairs(days, 6);
  if (pairs.length === 0) return false;
  const names = new Map(doctors.map((d) => [d.id, shortName(d.fullName)]));
  const keyboard = new InlineKeyboard();
  for (const pair of pairs) {
    const { date, startsAt, doctorId } = pair;
    const label = ctx.t('bk-nearest-slot', {
      day: dayTitle(date, language),
      time: localTime(startsAt, timeZone),
      doctor: names.get(doctorId) ?? '',
    });
    keyboard.text(label, options.timeData(pair)).row();
  }
  keyboard.text(ctx.t('bk-other-day'), options.calendarData).row().text(ctx.t('back'), options.back);
  await show(ctx, ctx.t('bk-nearest-any'), keyboard);
  return true;
}
