import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../../bot/features/booking/render.ts';
import { settledDeliveries, startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy, slotAfter as slotAt } from '../support/demo.ts';
import { failure } from '../support/errors.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import type { ChatMessage, SandboxUser } from '../support/sandbox-user.ts';

/**
 * What the clinic does to a visit reaches the patient and every guardian, in each one's language,
 * through the delivery queue: a booking by phone, a move, a no-show; and an online visit is joined
 * by its link, never sent to a street.
 */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
let online: { branchId: number; serviceId: number; doctorId: number };
const MINUTE = 60_000;
const ZONE = 'Asia/Almaty';

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  therapy = await demoTherapy(t);
  const { branchId } = therapy;
  const services = await t.client().clinic.services.ofBranch.query({ branchId });
  const consult = services.find((s) => s.online && s.name.ru.includes('терапевт'))!;
  const doctors = await t.client().clinic.doctors.forService.query({ branchId, serviceId: consult.id });
  online = { branchId, serviceId: consult.id, doctorId: doctors[0]!.id };
});
afterAll(() => t.stop());

const registrar = async () => t.client(await t.tokenFor('registrar'));
const bot = (user: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id });

/** A free slot of a choice at least `days` days after the app's now (the n-th one). */
const slotAfter = (choice: typeof therapy, days: number, n = 0) => slotAt(t, choice, days, n);

/** The calendar file a message carries, unfolded (RFC 5545 folds long lines). */
async function icsOf(user: SandboxUser, message: ChatMessage): Promise<string> {
  // Named for the reader: what it is and the visit's day (a cancellation says so).
  expect(message.document?.file_name).toMatch(
    /^(Қабылдау|Болдырылмаған қабылдау|Визит|Отмена визита) \d\d\.\d\d\.\d{4}\.ics$/,
  );
  return new TextDecoder().decode(await user.download(message)).replace(/\r\n[ \t]/g, '');
}

/** "03.12.2026", the visit's day in Almaty, as the calendar file's name gives it. */
const localDate = (at: Date) =>
  new Date(at.getTime() + 5 * 3_600_000).toISOString().slice(0, 10).split('-').reverse().join('.');

const icsTime = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

describe('a booking made by the clinic', () => {
  it('reaches the patient in Kazakh as the bot would confirm it: the card, the .ics and the map pin', async () => {
    const p = await patientInChat(t, 'kk', 'Айгерім');
    const me = await bot(p).patients.profile.get();
    const slot = await slotAfter(therapy, 3);
    const desk = await registrar();
    const visit = await desk.booking.staff.book.mutate({
      ...therapy,
      patientId: me.id,
      startsAt: slot.startsAt,
    });

    const [confirmation, pin] = await p.expectMessages([
      (m) => m.document !== undefined,
      (m) => m.venue !== undefined,
    ]);
    expect(confirmation!.text).toContain('Клиника сізді қабылдауға жазды.');
    expect(confirmation!.text).toContain('Қызмет: Терапевттің алғашқы қабылдауы');
    expect(confirmation!.text).toContain(`Дәрігер: ${visit.doctor.fullName}`);
    expect(confirmation!.text).toContain(localTime(slot.startsAt, ZONE));
    expect(confirmation!.text).toContain('Қайда: Емхана — Алматы, Алматы қ., Абай даңғылы, 52, 1-қабат');
    expect(confirmation!.text).toMatch(/Құны: [\d\s]+\s₸/);
    expect(confirmation!.buttons?.flat().map((b) => b.text)).toEqual(['🗓 Жазылуды ашу']);
    const ics = await icsOf(p, confirmation!);
    expect(ics).toContain(`UID:appointment-${visit.id}@emhana`);
    expect(ics).toContain(`DTSTART:${icsTime(slot.startsAt)}`);
    expect(ics).toContain('SUMMARY:Терапевттің алғашқы қабылдауы');
    expect(pin!.venue).toEqual({ title: 'Емхана — Алматы', address: 'Алматы қ., Абай даңғылы, 52, 1-қабат' });
    // Its button opens the visit in the bot.
    await p.tap('🗓 Жазылуды ашу');
    await p.expectMessage(/Қабылдау/);
  });

  it('reaches a guardian too, saying whose visit it is', async () => {
    const parent = await patientInChat(t, 'ru', 'Гульнар', { birthDate: '1980-03-03' });
    const added = await bot(parent).patients.family.add({
      iin: makeIin('2015-04-04', 'male'),
      lastName: 'Сейтқали',
      firstName: 'Тимур',
      relation: 'child',
    });
    expect(added).toMatchObject({ outcome: 'added' });
    const { dependants } = await bot(parent).patients.family.list();
    const childId = dependants.find((d) => d.firstName === 'Тимур')!.id;
    const services = await t.client().clinic.services.ofBranch.query({ branchId: therapy.branchId });
    const pediatric = services.find((s) => s.name.ru.includes('педиатр') && !s.online)!;
    const doctors = await t.client().clinic.doctors.forService.query({
      branchId: therapy.branchId,
      serviceId: pediatric.id,
    });
    const choice = { branchId: therapy.branchId, serviceId: pediatric.id, doctorId: doctors[0]!.id };
    const slot = await slotAfter(choice, 3);
    await (await registrar()).booking.staff.book.mutate({
      ...choice,
      patientId: childId,
      startsAt: slot.startsAt,
    });
    const [confirmation] = await parent.expectMessages([
      (m) => m.document !== undefined,
      (m) => m.venue !== undefined,
    ]);
    expect(confirmation!.text).toMatch(/Пациент: Сейтқали Тимур[\s\S]*Клиника записала вас на приём/);
    expect(confirmation!.text).toContain(localTime(slot.startsAt, ZONE));
  });

  it("is not repeated when the patient books in the bot: the bot's own answer is the confirmation", async () => {
    const p = await patientInChat(t, 'ru', 'Ерлан');
    const slot = await slotAfter(therapy, 4, 3);
    const visit = await bot(p).booking.book({ ...therapy, startsAt: slot.startsAt });
    const sent = await settledDeliveries(t, { appointmentId: visit.id });
    expect(sent.map((d) => d.purpose)).not.toContain('patient.booked_by_clinic');
  });
});

describe('a move by the clinic', () => {
  it('tells the old and the new time with a fresh .ics: the same UID, a higher SEQUENCE', async () => {
    const p = await patientInChat(t, 'kk', 'Дәурен');
    const me = await bot(p).patients.profile.get();
    const desk = await registrar();
    const first = await slotAfter(therapy, 5, 2);
    const visit = await desk.booking.staff.book.mutate({
      ...therapy,
      patientId: me.id,
      startsAt: first.startsAt,
    });
    const [booked] = await p.expectMessages([(m) => m.document !== undefined, (m) => m.venue !== undefined]);
    const bookedIcs = await icsOf(p, booked!);
    const sequence = (ics: string) => Number(ics.match(/SEQUENCE:(\d+)/)?.[1]);

    const later = await slotAfter(therapy, 7, 4);
    await desk.booking.staff.move.mutate({ appointmentId: visit.id, startsAt: later.startsAt });
    const moved = await p.expectMessage((m) => m.document !== undefined);
    expect(moved.text).toContain('Клиника қабылдауыңыздың уақытын ауыстырды.');
    expect(moved.text).toMatch(new RegExp(`Бұрынғы уақыт: .*${localTime(first.startsAt, ZONE)}`));
    expect(moved.text).toMatch(new RegExp(`Жаңа уақыт: .*${localTime(later.startsAt, ZONE)}`));
    const movedIcs = await icsOf(p, moved);
    expect(movedIcs).toContain(`UID:appointment-${visit.id}@emhana`);
    expect(movedIcs).toContain(`DTSTART:${icsTime(later.startsAt)}`);
    expect(sequence(movedIcs)).toBeGreaterThan(sequence(bookedIcs));
    expect(moved.document?.file_name).toBe(`Қабылдау ${localDate(later.startsAt)}.ics`);

    // Then the clinic cancels it: the file that takes it out of the phone's calendar comes too.
    await desk.booking.staff.cancel.mutate({ appointmentId: visit.id, reason: 'doctor_unavailable' });
    const cancelled = await p.expectMessage(/клиника сіздің қабылдауыңызды болдырмады/);
    expect(cancelled.text).toContain('Файлды ашыңыз — қабылдау телефон күнтізбесінен өшіріледі.');
    expect(cancelled.document?.file_name).toBe(`Болдырылмаған қабылдау ${localDate(later.startsAt)}.ics`);
    const cancelIcs = await icsOf(p, cancelled);
    const lines = cancelIcs.split('\r\n');
    expect(lines).toContain('METHOD:CANCEL');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain(`UID:appointment-${visit.id}@emhana`);
    expect(lines).toContain('PRODID:-//Emhana//Booking//KK');
    expect(lines).not.toContain('BEGIN:VALARM');
    expect(sequence(cancelIcs)).toBeGreaterThan(sequence(movedIcs));
    // No pin with it: there is no visit to go to. A pin goes right after its message, before the
    // delivery is recorded sent (server/messenger.ts), so once every delivery of the visit is
    // settled the chat holds all it will: nothing after the cancellation.
    const settled = await settledDeliveries(t, { appointmentId: visit.id });
    expect(
      settled.filter((d) => d.purpose === 'patient.cancelled_by_clinic' && d.recipient === 'account'),
    ).toMatchObject([{ status: 'sent' }]);
    await p.sync();
    expect(p.botMessages.filter((m) => m.message_id > cancelled.message_id)).toEqual([]);
  });

  it('is not told twice when the patient moves the visit in the bot', async () => {
    const p = await patientInChat(t, 'ru', 'Сауле');
    const visit = await bot(p).booking.book({
      ...therapy,
      startsAt: (await slotAfter(therapy, 6, 6)).startsAt,
    });
    await bot(p).booking.reschedule({
      appointmentId: visit.id,
      startsAt: (await slotAfter(therapy, 8, 6)).startsAt,
    });
    const sent = await settledDeliveries(t, { appointmentId: visit.id });
    expect(sent.map((d) => d.purpose)).not.toContain('patient.moved_by_clinic');
  });
});

describe('a no-show recorded by the clinic', () => {
  it('sends a short note with the way to book again', async () => {
    const p = await patientInChat(t, 'ru', 'Мадина');
    const slot = await slotAfter(therapy, 9, 1);
    const visit = await bot(p).booking.book({ ...therapy, startsAt: slot.startsAt });
    // Before the visit has begun (a wrong row tapped on the board): refused, and nothing is said.
    await expect(
      (await registrar()).booking.staff.setStatus.mutate({ appointmentId: visit.id, status: 'no_show' }),
    ).rejects.toMatchObject({ data: { domain: { module: 'booking', code: 'not_started' } } });
    const refused = await settledDeliveries(t, { appointmentId: visit.id });
    expect(refused.map((d) => d.purpose)).not.toContain('patient.no_show');
    await t.sandbox.advanceClock(
      Math.ceil((slot.startsAt.getTime() - t.clock.now().getTime()) / MINUTE) + 30,
    );
    await (await registrar()).booking.staff.setStatus.mutate({ appointmentId: visit.id, status: 'no_show' });
    const note = await p.expectMessage(/Мы отметили, что вы не пришли на визит/);
    expect(note.text).toContain('Первичный приём терапевта');
    expect(note.buttons?.flat().map((b) => b.text)).toEqual(['📅 Записаться снова']);
    await p.tap('📅 Записаться снова');
    await p.expectEdit(/Выберите филиал/);
  });
});

describe('an online visit', () => {
  it('carries its own joining link in the confirmation, the .ics and the reminder, with no street and no pin', async () => {
    const p = await patientInChat(t, 'kk', 'Жанар');
    const me = await bot(p).patients.profile.get();
    const slot = await slotAfter(online, 2, 1);
    const visit = await (await registrar()).booking.staff.book.mutate({
      ...online,
      patientId: me.id,
      startsAt: slot.startsAt,
    });
    expect(visit.joinUrl).toMatch(/^https:\/\/meet\.jit\.si\/emhana-[a-z2-7]{26}$/);
    const confirmation = await p.expectMessage((m) => m.document !== undefined);
    expect(confirmation.text).toContain(`Қайда: онлайн, қосылу сілтемесі: ${visit.joinUrl}`);
    expect(confirmation.text).not.toContain('Абай');
    const ics = await icsOf(p, confirmation);
    expect(ics).toContain(`LOCATION:${visit.joinUrl}`);
    expect(ics).toContain(`URL;VALUE=URI:${visit.joinUrl}`);
    expect(ics).not.toContain('Абай');

    // The D-1 reminder at 18:00 Almaty the day before.
    const local = new Date(slot.startsAt.getTime() + 5 * 3_600_000);
    const dayBefore = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1, 13, 0);
    await t.sandbox.advanceClock(Math.ceil((dayBefore - t.clock.now().getTime()) / MINUTE) + 1);
    const reminder = await p.expectMessage(/Еске саламыз/);
    expect(reminder.text).toContain(`онлайн, қосылу сілтемесі: ${visit.joinUrl}`);
    expect(reminder.text).not.toContain('Абай');
    // The hour before, the link again; after the start, no "are you at the clinic?".
    const until = (at: number) => Math.ceil((at - t.clock.now().getTime()) / MINUTE) + 1;
    await t.sandbox.advanceClock(until(slot.startsAt.getTime() - 60 * MINUTE));
    const lastCall = await p.expectMessage(/Бір сағаттан кейін/);
    expect(lastCall.text).toContain(visit.joinUrl!);
    await t.sandbox.advanceClock(until(slot.startsAt.getTime() + 10 * MINUTE));
    const sent = await settledDeliveries(t, { appointmentId: visit.id });
    expect(sent.map((d) => d.purpose)).toContain('reminder.h1');
    expect(sent.map((d) => d.purpose)).not.toContain('reminder.arrival');
    // Never a map pin for it.
    expect(p.botMessages.some((m) => m.venue !== undefined)).toBe(false);
  });

  it('is booked in the bot with the link in the confirmation and the .ics, and no map pin', async () => {
    const p = await patientInChat(t, 'kk', 'Нұрлан');
    const { categoryId } = await t.client().clinic.services.get.query({ id: online.serviceId });
    await p.send('/book');
    await p.expectMessage(/Филиалды таңдаңыз/);
    await p.tapData(new RegExp(`^b:b:\\d+:${online.branchId}$`));
    await p.expectEdit(/Бағытты таңдаңыз/);
    await p.tapData(new RegExp(`^b:c:\\d+:${online.branchId}:${categoryId}$`));
    await p.expectEdit(/Қызметті таңдаңыз/);
    await p.tapData(new RegExp(`^b:s:\\d+:${online.branchId}:${online.serviceId}$`));
    await p.expectEdit(/Дәрігерді таңдаңыз/);
    await p.tapData(new RegExp(`^b:d:\\d+:${online.branchId}:${online.serviceId}:${online.doctorId}$`));
    await p.expectEdit(/Күнді таңдаңыз/);
    await p.tapData(/^b:t:/);
    await p.expectEdit(/уақытты таңдаңыз/);
    await p.tapData(/^b:h:/);
    const summary = await p.expectEdit(/Жазылуды тексеріңіз/);
    expect(summary.text).toMatch(
      /Қайда: онлайн, қосылу сілтемесі: https:\/\/meet\.jit\.si\/emhana-[a-z2-7]{26}/,
    );
    expect(summary.text).not.toContain('Абай');
    await p.tap('✅ Жазылу');
    const booked = await p.expectEdit(/Сіз жазылдыңыз!/);
    const link = booked.text!.match(/https:\/\/meet\.jit\.si\/emhana-[a-z2-7]{26}/)![0];
    const file = await p.expectMessage((m) => m.document !== undefined);
    expect(await icsOf(p, file)).toContain(`LOCATION:${link}`);
    await p.expectMessage(/еске саламыз/);
    expect(p.botMessages.some((m) => m.venue !== undefined)).toBe(false);
  });

  it("uses the doctor's standing room when the clinic set one", async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const url = 'https://zoom.example/j/123?pwd=a&b';
    await admin.clinic.doctors.update.mutate({ id: online.doctorId, onlineUrl: url });
    try {
      const p = await patientInChat(t, 'ru', 'Асель');
      const me = await bot(p).patients.profile.get();
      const slot = await slotAfter(online, 4, 2);
      const visit = await (await registrar()).booking.staff.book.mutate({
        ...online,
        patientId: me.id,
        startsAt: slot.startsAt,
      });
      expect(visit.joinUrl).toBe(url);
      const confirmation = await p.expectMessage((m) => m.document !== undefined);
      expect(confirmation.text).toContain(`Где: онлайн, ссылка для подключения: ${url}`);
      // The calendar file is plain text: the link as it is, not HTML-escaped.
      const ics = await icsOf(p, confirmation);
      expect(ics).toContain(`URL;VALUE=URI:${url}`);
      expect(ics).toContain('pwd=a&b');
      expect(ics).not.toContain('&amp;');
      // Staff see it; the public list of doctors never does.
      expect((await admin.clinic.doctors.get.query({ id: online.doctorId })).onlineUrl).toBe(url);
      const offered = await t.client().clinic.doctors.forService.query({
        branchId: online.branchId,
        serviceId: online.serviceId,
      });
      expect(JSON.stringify(offered)).not.toContain('zoom.example');
      // The doctor's room changing later does not change the link this patient was sent.
      await admin.clinic.doctors.update.mutate({
        id: online.doctorId,
        onlineUrl: 'https://zoom.example/j/999',
      });
      const later = await (await registrar()).booking.staff.get.query({ appointmentId: visit.id });
      expect(later.joinUrl).toBe(url);
    } finally {
      await admin.clinic.doctors.update.mutate({ id: online.doctorId, onlineUrl: null });
    }
  });

  it("refuses the doctor's room when it is not an https link, and changes nothing", async () => {
    const admin = t.client(await t.tokenFor('admin'));
    const seen = await failure(
      admin.clinic.doctors.update.mutate({ id: online.doctorId, onlineUrl: 'javascript:alert(1)' }),
    );
    expect(seen.code).toBe('BAD_REQUEST');
    expect(seen.fields?.map((f) => f.path)).toEqual(['onlineUrl']);
    expect((await admin.clinic.doctors.get.query({ id: online.doctorId })).onlineUrl).toBeNull();
  });

  it("is never shown to another patient: their bot can not read someone else's joining link", async () => {
    const owner = await patientInChat(t, 'ru', 'Владелец');
    const visit = await bot(owner).booking.book({
      ...online,
      startsAt: (await slotAfter(online, 5, 3)).startsAt,
    });
    expect(visit.joinUrl).toMatch(/^https:\/\/meet\.jit\.si\/emhana-/);
    const stranger = await patientInChat(t, 'ru', 'Чужой');
    const seen = await failure(bot(stranger).booking.get({ appointmentId: visit.id }));
    expect(seen.code).toBe('NOT_FOUND');
    expect(JSON.stringify(seen)).not.toContain(visit.joinUrl!);
    const theirs = await bot(stranger).booking.mine();
    expect(JSON.stringify(theirs)).not.toContain(visit.joinUrl!);
    // The sandbox, like Telegram, takes a callback only with a button's own data, so a forged
    // "open visit" button can only ever reach the API the way the call above did.
  });
});
