import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard } from 'grammy';
import { BUTTONS, type ButtonCodec } from '../../../shared/buttons.ts';
import { formatTiyn } from '../../../shared/money.ts';
import { utcToZoned } from '../../../shared/zoned-time.ts';
import { BOT_BUTTONS as B, onTap } from '../../buttons.ts';
import type { BaseContext, BotContext } from '../../context.ts';
import { domainFailure, errorMessage } from '../../errors.ts';
import { escapeHtml, fullName } from '../../format.ts';
import { languageOf } from '../../i18n.ts';
import { mainMenu } from '../../keyboards.ts';
import type { Steps } from '../../steps.ts';
import { menuButton } from '../core.ts';
import { answeringTap } from '../tap.ts';
import { calendarKeyboard, dayTitle, monthDays, openingMonth } from './calendar.ts';
import { explainLimit, showNearestAcrossDoctors } from './offer.ts';
import { backRow, localTime, localWhen, sendVisitExtras, show, type Visit, visitCard } from './render.ts';

/**
 * Booking, step by step: for whom → branch → category → service → doctor (or any) → day → time →
 * summary (the slot is held) → confirm. Every button carries the whole choice so far in its data
 * (well under Telegram's 64 bytes), so the flow needs no session, survives restarts, and a stale
 * button simply shows a fresh choice from where it points.
 */
interface Choice {
  patientId: number;
  branchId: number;
  serviceId: number;
  doctorId: number; // 0: any doctor
}

/** What the funnel may know of a choice: where and what, never for whom. */
const dimsOf = (c: Choice) => ({
  branchId: c.branchId,
  serviceId: c.serviceId,
  doctorId: c.doctorId || undefined,
});

/** The choice as the availability API takes it. */
const slotQuery = (c: Choice) => ({
  branchId: c.branchId,
  serviceId: c.serviceId,
  doctorId: c.doctorId || null,
});
const timeData = (c: Choice) => (slot: { startsAt: Date }) =>
  B.bookTime.data({ ...c, minute: Math.round(slot.startsAt.getTime() / 60_000) });

/**
 * The first step: for whom, when the account books for others too. `serviceId`: booking opened at
 * that service (a broadcast's "book"), so the next step is where it is offered; otherwise booking
 * starts anew from the branch, and a broadcast it may have come from is forgotten.
 */
export async function startBooking(ctx: BotContext, serviceId?: number): Promise<void> {
  if (serviceId === undefined) ctx.session.bookingFromBroadcast = undefined;
  const { dependants: family } = await ctx.emhana.patients.family.list.query();
  const me = ctx.account.patientId!;
  const next = (patientId: number) =>
    serviceId === undefined ? B.bookFor.data({ patientId }) : B.bookServiceFor.data({ patientId, serviceId });
  if (family.length === 0)
    return serviceId === undefined ? chooseBranch(ctx, me) : chooseBranchOfService(ctx, me, serviceId);
  const keyboard = new InlineKeyboard()
    .text(ctx.t('bk-for-me', { name: ctx.account.firstName ?? '' }), next(me))
    .row();
  for (const person of family) keyboard.text(fullName(person), next(person.id)).row();
  await show(ctx, ctx.t('bk-whom'), keyboard);
}

/**
 * A new booking the patient opened (the menu, /book, "book again", a broadcast's button): a new
 * attempt in the booking funnel, then its first step.
 */
export function openBooking(ctx: BotContext, serviceId?: number): Promise<void> {
  ctx.funnels.restart(ctx, 'booking');
  ctx.funnels.step(ctx, 'booking', 'opened');
  return startBooking(ctx, serviceId);
}

/**
 * Booking at one service: the branches offering it, or straight to the service's next step when
 * one does; none (the service or its doctors are gone since the broadcast was written): say so.
 */
async function chooseBranchOfService(ctx: BotContext, patientId: number, serviceId: number): Promise<void> {
  const language = languageOf(ctx);
  const branches = await ctx.emhana.clinic.branches.list.query();
  const offers = await Promise.all(
    branches.map((b) => ctx.emhana.clinic.services.ofBranch.query({ branchId: b.id })),
  );
  const offering = branches.filter((_, i) => offers[i]!.some((s) => s.id === serviceId));
  if (offering.length === 0) return show(ctx, ctx.t('broadcast-book-gone'));
  if (offering.length === 1) return serviceChosen(ctx, { patientId, branchId: offering[0]!.id, serviceId });
  const service = offers.flat().find((s) => s.id === serviceId)!;
  const keyboard = new InlineKeyboard();
  for (const b of offering)
    keyboard.text(b.name[language], B.bookService.data({ patientId, branchId: b.id, serviceId })).row();
  keyboard.text(ctx.t('back'), BUTTONS.rebook.data({}));
  await show(ctx, ctx.t('bk-branch-for-service', { service: escapeHtml(service.name[language]) }), keyboard);
}

async function chooseBranch(ctx: BotContext, patientId: number): Promise<void> {
  const language = languageOf(ctx);
  const branches = await ctx.emhana.clinic.branches.list.query();
  const keyboard = new InlineKeyboard();
  for (const b of branches)
    keyboard.text(b.name[language], B.bookBranch.data({ patientId, branchId: b.id })).row();
  keyboard.text(ctx.t('back'), BUTTONS.rebook.data({}));
  await show(ctx, ctx.t('bk-branch'), keyboard);
}

async function chooseCategory(ctx: BotContext, patientId: number, branchId: number): Promise<void> {
  const language = languageOf(ctx);
  // Only what this person may book: an adult sees no paediatric category at all.
  const [categories, services] = await Promise.all([
    ctx.emhana.clinic.categories.list.query(),
    ctx.emhana.booking.services.query({ branchId, patientId }),
  ]);
  const offered = categories.filter((c) => services.some((s) => s.categoryId === c.id));
  const keyboard = new InlineKeyboard();
  for (const c of offered)
    keyboard.text(c.name[language], B.bookCategory.data({ patientId, branchId, categoryId: c.id })).row();
  keyboard.text(ctx.t('back'), B.bookFor.data({ patientId }));
  await show(ctx, ctx.t('bk-category'), keyboard);
}

async function chooseService(
  ctx: BotContext,
  { patientId, branchId, categoryId }: { patientId: number; branchId: number; categoryId: number },
): Promise<void> {
  const language = languageOf(ctx);
  const services = (await ctx.emhana.booking.services.query({ branchId, patientId })).filter(
    (s) => s.categoryId === categoryId,
  );
  // A category with nothing for this person (an old or forged button): say so, not an empty list.
  if (services.length === 0) {
    const back = backRow(ctx, B.bookBranch.data({ patientId, branchId }));
    return show(ctx, ctx.t('bk-service-not-for-patient'), back);
  }
  const keyboard = new InlineKeyboard();
  for (const s of services) {
    keyboard
      .text(
        ctx.t('bk-service-button', {
          name: s.name[language],
          price: formatTiyn(s.priceTiyn, language),
          minutes: s.durationMinutes,
        }),
        B.bookService.data({ patientId, branchId, serviceId: s.id }),
      )
      .row();
  }
  keyboard.text(ctx.t('back'), B.bookBranch.data({ patientId, branchId }));
  await show(ctx, ctx.t('bk-service'), keyboard);
}

/**
 * A service was chosen: the limits are checked now, not at the summary six taps later. A service
 * the person may not book at all (their age; or a forged button) is refused in words.
 */
async function serviceChosen(ctx: BotContext, c: Omit<Choice, 'doctorId'>): Promise<void> {
  const { patientId, branchId } = c;
  const offered = (await ctx.emhana.booking.services.query({ branchId, patientId })).find(
    (s) => s.id === c.serviceId,
  );
  if (!offered) {
    await show(
      ctx,
      ctx.t('bk-service-not-for-patient'),
      backRow(ctx, B.bookBranch.data({ patientId, branchId })),
    );
    return;
  }
  if (offered.blocked) {
    const back = B.bookCategory.data({ patientId, branchId, categoryId: offered.categoryId });
    return explainLimit(ctx, offered, back, B.visits.data({}));
  }
  ctx.funnels.step(ctx, 'booking', 'service', { branchId, serviceId: c.serviceId });
  await chooseDoctor(ctx, c);
}

async function chooseDoctor(ctx: BotContext, c: Omit<Choice, 'doctorId'>): Promise<void> {
  const language = languageOf(ctx);
  const [service, doctors] = await Promise.all([
    ctx.emhana.clinic.services.get.query({ id: c.serviceId }),
    ctx.emhana.clinic.doctors.forService.query({ branchId: c.branchId, serviceId: c.serviceId }),
  ]);
  const keyboard = new InlineKeyboard();
  if (doctors.length > 1)
    keyboard.text(ctx.t('bk-any-doctor'), B.bookDoctor.data({ ...c, doctorId: 0 })).row();
  for (const d of doctors) {
    keyboard
      .text(
        ctx.t('bk-doctor-button', {
          name: d.fullName,
          specialty: d.specialty[language],
          price: formatTiyn(d.priceTiyn, language),
        }),
        B.bookDoctor.data({ ...c, doctorId: d.id }),
      )
      .row();
  }
  const { patientId, branchId } = c;
  keyboard.text(ctx.t('back'), B.bookCategory.data({ patientId, branchId, categoryId: service.categoryId }));
  await show(ctx, ctx.t('bk-doctor'), keyboard);
}

/** The month with the days that have free time; `month` null: where the free days are (openingMonth). */
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
  const { month, lone } = options.month
    ? { month: options.month, lone: null }
    : openingMonth([...freeDays], first);
  const keyboard = calendarKeyboard({
    month,
    language,
    freeDays: new Set(monthDays(month).filter((d) => freeDays.has(d))),
    dayData: options.dayData,
    monthData: options.monthData,
    canGoBack: month > first,
    canGoForward: month < last,
    inert: B.inert.data({}),
  });
  // The lone free day of the month before stays one tap away.
  if (lone)
    keyboard.row().text(ctx.t('bk-first-free-day', { day: dayTitle(lone, language) }), options.dayData(lone));
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
    query: slotQuery(c),
    dayData: (date) => B.bookDay.data({ ...c, date }),
    monthData: (m) => B.bookMonth.data({ ...c, month: m }),
    back: B.bookService.data({ patientId: c.patientId, branchId: c.branchId, serviceId: c.serviceId }),
    title: ctx.t('bk-day'),
  });

/** Any doctor: the nearest times across the doctors first; the calendar when nothing is free. */
async function nearestFor(ctx: BotContext, c: Choice): Promise<void> {
  const shown = await showNearestAcrossDoctors(ctx, {
    query: { branchId: c.branchId, serviceId: c.serviceId },
    // A time is booked with the doctor it names, as the button says.
    timeData: ({ startsAt, doctorId }) => timeData({ ...c, doctorId })({ startsAt }),
    calendarData: B.bookCalendar.data(c),
    back: B.bookService.data({ patientId: c.patientId, branchId: c.branchId, serviceId: c.serviceId }),
  });
  if (!shown) await calendarFor(ctx, c, null);
}

const timesFor = (ctx: BotContext, c: Choice, date: string) =>
  showTimes(ctx, {
    date,
    query: slotQuery(c),
    timeData: timeData(c),
    back: B.bookMonth.data({ ...c, month: date.slice(0, 7) }),
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

/** Holds the time and shows the summary; the held visit's id, or null when it could not be held. */
async function holdAndSummarise(ctx: BotContext, c: Choice, startsAt: Date): Promise<number | null> {
  try {
    const held = await ctx.emhana.booking.hold.mutate({ patientId: c.patientId, ...slotQuery(c), startsAt });
    await showSummary(ctx, held, c);
    return held.id;
  } catch (error) {
    const failure = domainFailure(error);
    if (!failure) throw error;
    if (failure.code === 'slot_taken' || failure.code === 'slot_unavailable') {
      await offerAlternatives(
        ctx,
        ctx.t('bk-slot-taken'),
        slotQuery(c),
        startsAt,
        timeData(c),
        B.bookMonth.data({ ...c, month: startsAt.toISOString().slice(0, 7) }),
      );
      return null;
    }
    await show(ctx, errorMessage(ctx, failure), backRow(ctx, B.bookDoctor.data(c)));
    return null;
  }
}

/** The summary of a held time: confirm, or back to the times of that day. */
async function showSummary(ctx: BotContext, held: Visit, c: Choice): Promise<void> {
  const keyboard = new InlineKeyboard()
    .text(ctx.t('bk-confirm'), B.bookConfirm.data({ appointmentId: held.id }))
    .row()
    .text(ctx.t('back'), B.bookBack.data({ appointmentId: held.id, ...c }));
  const card = visitCard(ctx, held, held.patient.id !== ctx.account.patientId);
  // A prepaid visit is said to be so before the tap that books it (its invoice comes with the booking).
  const prepaid =
    held.service.prepaid && held.priceTiyn > 0
      ? `\n\n${ctx.t('bk-prepaid', {
          price: formatTiyn(held.priceTiyn, languageOf(ctx)),
          when: localWhen(held.startsAt, held.branch.timeZone, languageOf(ctx)),
        })}`
      : '';
  await show(ctx, `${ctx.t('bk-summary')}\n\n${card}${prepaid}`, keyboard);
}

/**
 * The summary again, for a text typed at it: while the time is still held; once the hold ran out,
 * says so with the way to choose again.
 */
async function summaryAgain(ctx: BotContext, appointmentId: number, c: Choice): Promise<void> {
  const visit = await ctx.emhana.booking.get.query({ appointmentId }).catch(() => null);
  if (visit?.status === 'held') return showSummary(ctx, visit, c);
  await show(
    ctx,
    ctx.t('err-booking-hold_expired'),
    new InlineKeyboard().text(ctx.t('bk-start-again'), BUTTONS.rebook.data({})),
  );
}

export function bookingFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);

  // The command and the menu button draw the step "rebook" draws: remembered as that.
  const start = (ctx: BotContext) => {
    steps.reached(ctx, BUTTONS.rebook, BUTTONS.rebook.data({}));
    return openBooking(ctx);
  };
  registered.command('book', start);
  registered.filter(menuButton(i18n, 'menu-book'), start);
  onTap(registered, B.inert, (ctx) => ctx.answerCallbackQuery({ text: ctx.t('bk-no-time-that-day') }));

  // Every step answers the tap first (the next step may take a moment to load), without waiting.
  const on = <V>(codec: ButtonCodec<V>, handler: (ctx: BotContext, values: V) => Promise<void>) =>
    onTap(registered, codec, (ctx, values) => {
      steps.reached(ctx, codec as ButtonCodec<unknown>, ctx.callbackQuery.data);
      return answeringTap(ctx, () => handler(ctx, values));
    });
  /** A step that only shows a choice: a text typed at it shows it again. */
  const step = <V>(codec: ButtonCodec<V>, handler: (ctx: BotContext, values: V) => Promise<void>) => {
    steps.redrawable(codec, handler);
    on(codec, handler);
  };

  // A text typed at the first step draws it again, in the same attempt.
  steps.redrawable(BUTTONS.rebook, (ctx) => startBooking(ctx));
  on(BUTTONS.rebook, (ctx) => openBooking(ctx));
  step(B.bookFor, (ctx, { patientId }) => chooseBranch(ctx, patientId));
  // Booking opened at one service (features/broadcasts.ts draws the first of these).
  steps.redrawable(B.bookServiceWhom, (ctx, { serviceId }) => startBooking(ctx, serviceId));
  step(B.bookServiceFor, (ctx, { patientId, serviceId }) => chooseBranchOfService(ctx, patientId, serviceId));
  step(B.bookBranch, (ctx, { patientId, branchId }) => chooseCategory(ctx, patientId, branchId));
  step(B.bookCategory, chooseService);
  step(B.bookService, serviceChosen);
  step(B.bookDoctor, (ctx, c) => {
    ctx.funnels.step(ctx, 'booking', 'doctor', dimsOf(c));
    return c.doctorId ? calendarFor(ctx, c, null) : nearestFor(ctx, c);
  });
  step(B.bookCalendar, (ctx, c) => calendarFor(ctx, c, null));
  step(B.bookMonth, (ctx, { month, ...c }) => calendarFor(ctx, c, month));
  step(B.bookDay, (ctx, { date, ...c }) => {
    ctx.funnels.step(ctx, 'booking', 'day', dimsOf(c));
    return timesFor(ctx, c, date);
  });
  // The summary is a step too, named by its "back" button (which carries the whole choice).
  steps.redrawable(B.bookBack, (ctx, { appointmentId, ...c }) => summaryAgain(ctx, appointmentId, c), {
    named: true,
  });
  on(B.bookTime, async (ctx, { minute, ...c }) => {
    ctx.funnels.step(ctx, 'booking', 'time', dimsOf(c));
    const held = await holdAndSummarise(ctx, c, new Date(minute * 60_000));
    if (held !== null) steps.shown(ctx, B.bookBack.data({ appointmentId: held, ...c }));
  });

  // Back from the summary: the hold is released, and the patient picks another time that day.
  on(B.bookBack, async (ctx, { appointmentId, ...c }) => {
    const visit = await ctx.emhana.booking.get.query({ appointmentId }).catch(() => null);
    await ctx.emhana.booking.release.mutate({ appointmentId });
    if (!visit) return calendarFor(ctx, c, null);
    await timesFor(ctx, c, utcToZoned(visit.startsAt.getTime(), visit.branch.timeZone).date);
  });

  on(B.bookConfirm, async (ctx, { appointmentId }) => {
    try {
      const visit = await ctx.emhana.booking.confirm.mutate({ appointmentId });
      ctx.funnels.step(
        ctx,
        'booking',
        'confirmed',
        { branchId: visit.branch.id, serviceId: visit.service.id, doctorId: visit.doctor.id },
        true,
      );
      await countForBroadcast(ctx, visit.id);
      await show(
        ctx,
        `${ctx.t('bk-booked')}\n\n${visitCard(ctx, visit, visit.patient.id !== ctx.account.patientId)}`,
        await payButton(ctx, visit.id),
      );
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

/**
 * A visit confirmed in a booking that a broadcast's "book" opened: counted as that button's, then
 * the broadcast is forgotten. Only a number in the clinic's statistics: should counting fail, the
 * patient's confirmation goes on all the same.
 */
async function countForBroadcast(ctx: BotContext, appointmentId: number): Promise<void> {
  const recipientId = ctx.session.bookingFromBroadcast;
  if (recipientId === undefined) return;
  ctx.session.bookingFromBroadcast = undefined;
  await ctx.emhana.broadcasts.booked.mutate({ recipientId, appointmentId }).catch(() => {});
}

/**
 * "Pay" under the confirmation when the visit has an invoice to pay (a prepaid service): the
 * invoice came quietly with the booking, so this button is how the patient hears of it.
 */
async function payButton(ctx: BotContext, appointmentId: number): Promise<InlineKeyboard | undefined> {
  const invoices = await ctx.emhana.payments.forVisit.query({ appointmentId });
  const unpaid = invoices.find((i) => i.status === 'unpaid');
  if (!unpaid) return undefined;
  return new InlineKeyboard().text(ctx.t('pay-open'), BUTTONS.openInvoice.data({ invoiceId: unpaid.id }));
}
