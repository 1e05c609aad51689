import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmhanaClient } from '../../server/client.ts';
import { localDate } from '../../shared/time.ts';
import { addDays } from '../../shared/zoned-time.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { makeIin } from '../../tests/support/iin.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { seedDemoClinic } from '../clinic/index.ts';
import type { AudienceFilter } from './broadcasts.schemas.ts';

/**
 * Who an audience reaches, field by field, against real PostgreSQL: people registered through the
 * API, their visits booked, completed, cancelled and missed through booking's API, their scores
 * through feedback's, placed in time with the test clock. Each preview must count exactly the
 * people the filter names — marketing only those who agreed to it, a service notice also whoever
 * hears about a child — and show them masked.
 */
const ZONE = 'Asia/Almaty';
const DAY = 86_400_000;
let t: TestApp;
let marketer: EmhanaClient;
let registrar: EmhanaClient;
let nextUser = 8_100_000;
/** The day of the previews (T0 + 40 days, at noon in Almaty), and the clinic's ids. */
let today: string;
let almaty: number;
let astana: number;
const services: Record<'therapist' | 'repeat' | 'neurologist' | 'pediatrician', number> = {
  therapist: 0,
  repeat: 0,
  neurologist: 0,
  pediatrician: 0,
};
const categories: Record<'therapy' | 'neurology', number> = { therapy: 0, neurology: 0 };
const people = new Map<string, { telegramUserId: number; patientId: number }>();
/** Days of the visits the date filters are checked against. */
const days: Record<string, string> = {};

const LAST_NAME = 'Тестова';
/** What a marketer sees of a person (see previewAudience). */
const masked = (first: string) => `${first[0]}•••${first.at(-1)} ${LAST_NAME[0]}.`;
const yearsBefore = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;

const bot = (name: string) => {
  const person = people.get(name);
  if (!person) throw new Error(`no ${name}`);
  return t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: person.telegramUserId });
};

async function person(
  firstName: string,
  options: { birthDate?: string; sex?: 'male' | 'female'; language?: 'ru' | 'kk'; marketing?: boolean } = {},
) {
  const telegramUserId = ++nextUser;
  const profile = await registerPatient(t.app, telegramUserId, {
    firstName,
    lastName: LAST_NAME,
    birthDate: options.birthDate ?? '1960-03-10',
    sex: options.sex ?? 'female',
    language: options.language ?? 'ru',
    marketing: options.marketing ?? true,
  });
  people.set(firstName, { telegramUserId, patientId: profile.id });
}

/** The first free time of a service at a branch on or after `from` (a clinic day). */
async function book(name: string, branchId: number, serviceId: number, from: string, patientId?: number) {
  const free = await t
    .client()
    .booking.availability.query({ branchId, serviceId, from, to: addDays(from, 14) });
  const slot = free.days.flatMap((d) => d.slots)[0];
  if (!slot) throw new Error(`no free time for service ${serviceId} from ${from}`);
  return bot(name).booking.book({
    branchId,
    serviceId,
    startsAt: slot.startsAt,
    patientId: patientId ?? null,
  });
}

/** A visit that took place: booked ahead, then marked arrived and completed by the desk. */
async function visited(name: string, branchId: number, serviceId: number, from: string) {
  const visit = await book(name, branchId, serviceId, from);
  await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status: 'arrived' });
  await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status: 'completed' });
  return visit;
}

async function preview(audience: AudienceFilter, kind: 'marketing' | 'service' = 'marketing') {
  return marketer.broadcasts.staff.preview.query({ audience, kind });
}

/** The preview counts exactly these people, and (when few enough to be all shown) shows them masked. */
async function expectAudience(
  audience: AudienceFilter,
  names: string[],
  kind: 'marketing' | 'service' = 'marketing',
) {
  const seen = await preview(audience, kind);
  expect(seen.count, JSON.stringify({ audience, kind, examples: seen.examples })).toBe(names.length);
  if (names.length <= 5) expect(seen.examples.map((e) => e.name).sort()).toEqual(names.map(masked).sort());
  return seen;
}

beforeAll(async () => {
  t = await startTestApp({
    // Visits up to 45 days ahead are booked at the start, several per person over the test.
    BOOKING_HORIZON_DAYS: '60',
    BOOKING_MAX_ACTIVE_PER_CATEGORY: '5',
  });
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  marketer = t.client(await t.tokenFor('marketer'));
  registrar = t.client(await t.tokenFor('registrar'));
  const branches = await t.client().clinic.branches.list.query();
  almaty = branches.find((b) => b.name.ru.includes('Алматы'))!.id;
  astana = branches.find((b) => b.name.ru.includes('Астана'))!.id;
  const named = async (branchId: number, ru: string) => {
    const list = await t.client().clinic.services.ofBranch.query({ branchId });
    const found = list.find((s) => s.name.ru === ru)!;
    return found;
  };
  const therapist = await named(almaty, 'Первичный приём терапевта');
  const neurologist = await named(astana, 'Приём невролога');
  services.therapist = therapist.id;
  services.repeat = (await named(almaty, 'Повторный приём терапевта')).id;
  services.neurologist = neurologist.id;
  services.pediatrician = (await named(almaty, 'Приём педиатра')).id;
  categories.therapy = therapist.categoryId;
  categories.neurology = neurologist.categoryId;

  // T0: the next noon in Almaty, so that no step crosses midnight; the previews run 40 days later.
  const now = t.clock.now();
  const noon = (date: string) => new Date(`${date}T12:00:00+05:00`);
  let t0 = noon(localDate(now, ZONE));
  if (t0 <= now) t0 = noon(addDays(localDate(now, ZONE), 1));
  t.clock.advance(t0.getTime() - now.getTime());
  const day0 = localDate(t0, ZONE);
  today = addDays(day0, 40);

  // Age: 30 today, 30 tomorrow, 40 until tomorrow, 41 today.
  await person('Ажар', { birthDate: yearsBefore(today, 30) });
  await person('Бота', { birthDate: addDays(yearsBefore(today, 30), 1) });
  await person('Вера', { birthDate: addDays(yearsBefore(today, 41), 1) });
  await person('Гуля', { birthDate: yearsBefore(today, 41) });
  await person('Дамир', { sex: 'male' });
  await person('Еркежан', { language: 'kk' });
  // Came: 35 days before the previews (therapist), 15 days before (neurologist, Astana), and twice.
  for (const name of [
    'Жанар',
    'Зарина',
    'Инкар',
    'Камила',
    'Лаура',
    'Мадина',
    'Назира',
    'Орынша',
    'Перизат',
    'Сауле',
    'Уля',
  ])
    await person(name);
  await person('Роза', { marketing: false });
  await person('Тамара', { marketing: true });
  await bot('Тамара').patients.profile.setMarketing({ optIn: false });

  const zhanar = await visited('Жанар', almaty, services.therapist, addDays(day0, 5));
  await bot('Жанар').feedback.answer({ appointmentId: zhanar.id, score: 9 });
  const zarina = await visited('Зарина', astana, services.neurologist, addDays(day0, 25));
  await bot('Зарина').feedback.answer({ appointmentId: zarina.id, score: 7 });
  days.zarina = localDate(zarina.startsAt, ZONE);
  const inkarFirst = await visited('Инкар', almaty, services.therapist, addDays(day0, 3));
  await bot('Инкар').feedback.answer({ appointmentId: inkarFirst.id, score: 10 });
  // Инкар's last visit is the day before Зарина's: the date filters' boundary falls between them.
  const inkarLast = await visited('Инкар', almaty, services.repeat, addDays(days.zarina, -7));
  days.inkar = localDate(inkarLast.startsAt, ZONE);
  expect(days.inkar < days.zarina).toBe(true);

  // Missed: Лаура's visit is before the previews (a no-show then); the others cancel.
  const laura = await book('Лаура', almaty, services.therapist, addDays(day0, 36));
  expect(laura.startsAt.getTime()).toBeLessThan(t0.getTime() + 40 * DAY);
  const madina = await book('Мадина', almaty, services.therapist, addDays(day0, 45));
  const nazira = await book('Назира', almaty, services.therapist, addDays(day0, 10));
  await bot('Назира').booking.cancel({ appointmentId: nazira.id, reason: 'plans_changed', note: null });
  const orynsha = await book('Орынша', almaty, services.therapist, addDays(day0, 46));

  // Children: Перизат's is five today, Сауле's twelve until tomorrow.
  const child = async (guardian: string, birthDate: string, firstName: string) => {
    const added = await bot(guardian).patients.family.add({
      iin: makeIin(birthDate, 'male'),
      lastName: LAST_NAME,
      firstName,
      middleName: null,
      relation: 'child',
    });
    return added.family.dependants.find((d) => d.firstName === firstName)!.id;
  };
  const perizatChild = await child('Перизат', yearsBefore(today, 5), 'Әли');
  await child('Сауле', addDays(yearsBefore(today, 13), 1), 'Нұр');

  // Уля cancels a visit three days before the previews and comes the next day instead.
  const ulya = await book('Уля', almaty, services.therapist, addDays(day0, 45));
  const ent = (await t.client().clinic.services.ofBranch.query({ branchId: astana })).find(
    (s) => s.name.ru === 'Приём ЛОР-врача',
  )!.id;
  t.clock.advance(37 * DAY);
  await bot('Уля').booking.cancel({ appointmentId: ulya.id, reason: 'plans_changed', note: null });
  const ulyaCame = await book('Уля', astana, ent, addDays(day0, 37));
  expect(ulyaCame.startsAt.getTime()).toBeLessThan(t0.getTime() + 40 * DAY);

  // Forty days on.
  t.clock.advance(3 * DAY);
  await registrar.booking.staff.setStatus.mutate({ appointmentId: ulyaCame.id, status: 'arrived' });
  await registrar.booking.staff.setStatus.mutate({ appointmentId: ulyaCame.id, status: 'completed' });
  await registrar.booking.staff.setStatus.mutate({ appointmentId: laura.id, status: 'no_show' });
  await bot('Мадина').booking.cancel({ appointmentId: madina.id, reason: 'plans_changed', note: null });
  await bot('Орынша').booking.cancel({ appointmentId: orynsha.id, reason: 'plans_changed', note: null });
  await book('Орынша', almaty, services.therapist, addDays(today, 20));
  // Инкар's latest score (a detractor's) replaces her first (a promoter's).
  await bot('Инкар').feedback.answer({ appointmentId: inkarLast.id, score: 3 });

  // Камила and Перизат's child have visits at the Almaty branch on the same day ahead.
  const kamila = await book('Камила', almaty, services.therapist, addDays(today, 3));
  days.visitAt = localDate(kamila.startsAt, ZONE);
  const childVisit = await book('Перизат', almaty, services.pediatrician, days.visitAt, perizatChild);
  expect(localDate(childVisit.startsAt, ZONE)).toBe(days.visitAt);
}, 120_000);
afterAll(() => t?.stop());

const EVERYONE = [
  'Ажар',
  'Бота',
  'Вера',
  'Гуля',
  'Дамир',
  'Еркежан',
  'Жанар',
  'Зарина',
  'Инкар',
  'Камила',
  'Лаура',
  'Мадина',
  'Назира',
  'Орынша',
  'Перизат',
  'Сауле',
  'Уля',
];
const without = (...names: string[]) => EVERYONE.filter((n) => !names.includes(n));

describe('audience preview', () => {
  it('reaches marketing only with current consent, a service notice everyone', async () => {
    const marketing = await expectAudience({}, EVERYONE);
    expect(marketing.byLanguage).toEqual({ ru: 16, kk: 1 });
    await expectAudience({}, [...EVERYONE, 'Роза', 'Тамара'], 'service');
  });

  it('shows examples masked: no full name, IIN or phone', async () => {
    const seen = await preview({}, 'service');
    expect(seen.examples).toHaveLength(5);
    const text = JSON.stringify(seen);
    expect(text).not.toMatch(/\d{12}|\+7|7702\d{7}/);
    for (const name of [...people.keys(), LAST_NAME]) expect(text).not.toContain(name);
    for (const e of seen.examples) expect(e.name).toMatch(/^.•••. .\.$/);
  });

  it('counts ages in whole years on the clinic day, birthdays included', async () => {
    await expectAudience({ age: { min: 30, max: 40 } }, ['Ажар', 'Вера']);
    await expectAudience({ age: { max: 29 } }, ['Бота']);
    await expectAudience({ age: { min: 30, max: 30 } }, ['Ажар']);
    await expectAudience({ age: { min: 41, max: 41 } }, ['Гуля']);
    await expectAudience({ age: { min: 41 } }, without('Ажар', 'Бота', 'Вера'));
  });

  it('filters by sex and by the language of the chat', async () => {
    await expectAudience({ sex: 'male' }, ['Дамир']);
    await expectAudience({ sex: 'female' }, without('Дамир'));
    const kk = await expectAudience({ languages: ['kk'] }, ['Еркежан']);
    expect(kk.byLanguage).toEqual({ ru: 0, kk: 1 });
    await expectAudience({ languages: ['ru'] }, without('Еркежан'));
    await expectAudience({ languages: ['ru', 'kk'] }, EVERYONE);
  });

  it('counts branches, services and categories of completed visits only', async () => {
    await expectAudience({ branchIds: [astana] }, ['Зарина', 'Уля']);
    await expectAudience({ branchIds: [almaty] }, ['Жанар', 'Инкар']);
    await expectAudience({ serviceIds: [services.therapist] }, ['Жанар', 'Инкар']);
    await expectAudience({ serviceIds: [services.repeat] }, ['Инкар']);
    await expectAudience({ categoryIds: [categories.neurology] }, ['Зарина']);
    await expectAudience({ categoryIds: [categories.therapy] }, ['Жанар', 'Инкар']);
    await expectAudience({ branchIds: [astana], categoryIds: [categories.therapy] }, []);
  });

  it('reads the last visit against clinic days: before, on or after, and days without one', async () => {
    await expectAudience({ lastVisitBefore: days.zarina! }, ['Жанар', 'Инкар']);
    await expectAudience({ lastVisitBefore: days.inkar! }, ['Жанар']);
    await expectAudience({ lastVisitAfter: days.zarina! }, ['Зарина', 'Уля']);
    await expectAudience({ lastVisitAfter: days.inkar! }, ['Зарина', 'Инкар', 'Уля']);
    await expectAudience({ lastVisitAfter: addDays(days.zarina!, 1) }, ['Уля']);
    // Жанар came 35 days ago, Инкар and Зарина within the last three weeks, Уля within three days;
    // the rest never.
    await expectAudience({ noVisitDays: 30 }, ['Жанар']);
    await expectAudience({ noVisitDays: 5 }, ['Жанар', 'Зарина', 'Инкар']);
  });

  it('tells who has a visit ahead, and a service notice reaches the guardian of a child who has', async () => {
    await expectAudience({ upcomingVisit: true }, ['Камила', 'Орынша']);
    await expectAudience({ upcomingVisit: true }, ['Камила', 'Орынша', 'Перизат'], 'service');
    await expectAudience({ upcomingVisit: false }, without('Камила', 'Орынша'));
  });

  it('groups people by their latest NPS score', async () => {
    await expectAudience({ npsGroups: ['promoter'] }, ['Жанар']);
    await expectAudience({ npsGroups: ['passive'] }, ['Зарина']);
    await expectAudience({ npsGroups: ['detractor'] }, ['Инкар']);
    await expectAudience({ npsGroups: ['promoter', 'passive'] }, ['Жанар', 'Зарина']);
  });

  it('finds guardians by their children’s age, birthdays included', async () => {
    await expectAudience({ guardiansOfChildrenAged: { max: 12 } }, ['Перизат', 'Сауле']);
    await expectAudience({ guardiansOfChildrenAged: { min: 5, max: 5 } }, ['Перизат']);
    await expectAudience({ guardiansOfChildrenAged: { min: 6, max: 12 } }, ['Сауле']);
    await expectAudience({ guardiansOfChildrenAged: { min: 13 } }, []);
  });

  it('finds those with a visit at a branch on a day; a service notice also reaches a child’s guardian', async () => {
    const at = { branchId: almaty, date: days.visitAt! };
    await expectAudience({ visitAt: at }, ['Камила']);
    await expectAudience({ visitAt: at }, ['Камила', 'Перизат'], 'service');
    // The language is the reader's: the child has no chat, the guardian reads in Russian.
    await expectAudience({ visitAt: at, languages: ['ru'] }, ['Камила', 'Перизат'], 'service');
    await expectAudience({ visitAt: at, languages: ['kk'] }, [], 'service');
    await expectAudience({ visitAt: { branchId: astana, date: days.visitAt! } }, [], 'service');
    await expectAudience({ visitAt: { ...at, date: addDays(days.visitAt!, 1) } }, [], 'service');
  });

  it('finds a visit cancelled or missed lately with nothing booked since', async () => {
    // Not Орынша (booked again, ahead) nor Уля (cancelled, then came).
    await expectAudience({ missedWithinDays: 7 }, ['Лаура', 'Мадина']);
    await expectAudience({ missedWithinDays: 60 }, ['Лаура', 'Мадина', 'Назира']);
  });
});
