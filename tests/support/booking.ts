import { addDays, utcToZoned } from '../../shared/zoned-time.ts';
import type { TestApp } from './app.ts';
import type { SandboxUser } from './sandbox-user.ts';

/**
 * What a patient sees and taps on the way from the main menu to the Almaty therapist, in each
 * language: the booking flows start there, so their texts are written once.
 */
const THERAPY_WALK = {
  ru: {
    menu: /Главное меню/,
    book: '📅 Записаться',
    branch: /Выберите филиал/,
    category: /Выберите направление/,
    service: /Выберите услугу/,
    therapist: /^Первичный приём терапевта —/,
  },
  kk: {
    menu: /Басты мәзір/,
    book: '📅 Жазылу',
    branch: /Филиалды таңдаңыз/,
    category: /Бағытты таңдаңыз/,
    service: /Қызметті таңдаңыз/,
    therapist: /^Терапевттің алғашқы қабылдауы —/,
  },
} as const;

/**
 * From the main menu (/menu) to the tap on the therapist's first visit in the Almaty branch of the
 * demo clinic, checking each step's question in the patient's language. What that tap brings (the
 * doctors, or a limit that stops the patient) is the test's to expect.
 */
export async function tapTherapyService(p: SandboxUser, language: 'ru' | 'kk'): Promise<void> {
  const walk = THERAPY_WALK[language];
  await p.send('/menu');
  await p.expectMessage(walk.menu);
  await p.tap(walk.book);
  await p.expectMessage(walk.branch);
  await p.tap(/Алматы/);
  await p.expectEdit(walk.category);
  await p.tap('Терапия');
  await p.expectEdit(walk.service);
  await p.tap(walk.therapist);
}

/** The id of a service of a branch, by its Russian name. */
export async function serviceIdOf(t: TestApp, branchId: number, ru: string): Promise<number> {
  const services = await t.client().clinic.services.ofBranch.query({ branchId });
  return services.find((s) => s.name.ru === ru)!.id;
}

/**
 * Books a visit for a patient through the API (as the bot would) at the first free time of a
 * service of the branch at least `days` days ahead, clear of the near days where the flow picks
 * its own times.
 */
export async function bookAhead(t: TestApp, p: SandboxUser, branchId: number, service: string, days: number) {
  const serviceId = await serviceIdOf(t, branchId, service);
  const from = addDays(utcToZoned(t.clock.now().getTime(), 'Asia/Almaty').date, days);
  const free = await t.client().booking.availability.query({ branchId, serviceId, from, to: '2999-12-31' });
  const slot = free.days.flatMap((d) => d.slots)[0]!;
  return t.app
    .caller({ kind: 'bot', name: 'bot', telegramUserId: p.id })
    .booking.book({ branchId, serviceId, startsAt: slot.startsAt });
}

/**
 * Once a service is tapped, in Russian: the first doctor with free time (not "any doctor"), the
 * first day with free time, its first time, checking each step's question; returns the summary.
 */
export async function summaryOfFirstFreeTime(p: SandboxUser) {
  await p.expectEdit(/Выберите врача/);
  await p.tapData(/^b:d:\d+:\d+:\d+:[1-9]\d*$/);
  await p.expectEdit(/Выберите день/);
  await p.tapData(/^b:t:/);
  await p.expectEdit(/выберите время/);
  await p.tapData(/^b:h:/);
  return p.expectEdit(/Проверьте запись/);
}

const BOOKING_WALK = {
  ru: { doctor: /Выберите врача/, day: /Выберите день/, time: /выберите время/, summary: /Проверьте запись/ },
  kk: {
    doctor: /Дәрігерді таңдаңыз/,
    day: /Күнді таңдаңыз/,
    time: /уақытты таңдаңыз/,
    summary: /Жазылуды тексеріңіз/,
  },
} as const;

/** From the menu to the therapist's first free time, held: the summary to confirm. */
export async function summaryOfTherapist(p: SandboxUser, language: 'ru' | 'kk') {
  const walk = BOOKING_WALK[language];
  await tapTherapyService(p, language);
  await p.expectEdit(walk.doctor);
  await p.tapData(/^b:d:\d+:\d+:\d+:[1-9]\d*$/);
  await p.expectEdit(walk.day);
  await p.tapData(/^b:t:/);
  await p.expectEdit(walk.time);
  await p.tapData(/^b:h:/);
  return p.expectEdit(walk.summary);
}

/** From the menu to the therapist's first free time, confirmed: the confirmation message. */
export async function bookTherapist(p: SandboxUser, language: 'ru' | 'kk') {
  await summaryOfTherapist(p, language);
  await p.tap(language === 'ru' ? '✅ Записаться' : '✅ Жазылу');
  return p.expectEdit(language === 'ru' ? /Вы записаны!/ : /Сіз жазылдыңыз!/);
}
