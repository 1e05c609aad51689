import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledDeliveries, startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy, slotAfter as slotAt } from '../support/demo.ts';
import { failure } from '../support/errors.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * Reminders, the arrival check and NPS, driven by moving the sandbox clock (never by sleeping):
 * the dispatchers run at once when the clock moves, so what became due shows up within seconds.
 */
const STAFF_CHAT = 1_999_999_002;
let t: TestApp;
let staff: SandboxUser;
let therapy: { branchId: number; serviceId: number; doctorId: number };
const MINUTE = 60_000;

beforeAll(async () => {
  // Quiet hours would hold some of these messages for the night; their own test sets them back.
  t = await startTestApp({ STAFF_CHAT_ID: String(STAFF_CHAT), QUIET_HOURS: 'off' }, { bot: true });
  therapy = await demoTherapy(t);
  staff = await t.sandbox.user({ id: STAFF_CHAT, first_name: 'Регистратура', language_code: 'ru' });
  await staff.send('/help');
  await staff.expectMessage(/регистрацию/);
});
afterAll(() => t.stop());

const patient = (language: 'ru' | 'kk', firstName: string, birthDate = '1985-05-05') =>
  patientInChat(t, language, firstName, { birthDate });

const api = (user: SandboxUser) =>
  t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id }).booking;

/** A free therapist slot at least `days` days after the app's now (the n-th one). */
const slotAfter = (days: number, n = 0) => slotAt(t, therapy, days, n);

/** 18:00 Almaty (UTC+5) on the day before a visit: the D-1 reminder's moment. */
function dayBefore18(startsAt: Date): number {
  const local = new Date(startsAt.getTime() + 5 * 3_600_000);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1, 13, 0);
}

/** Moves the app clock to a moment (plus a minute), through the sandbox as a tester would. */
async function advanceTo(at: number) {
  const minutes = Math.ceil((at - t.clock.now().getTime()) / MINUTE) + 1;
  if (minutes > 0) await t.sandbox.advanceClock(minutes);
}

describe('reminders', () => {
  it('sends the day-before reminder in the patient’s language, and "I’m coming" confirms the visit', async () => {
    const p = await patient('kk', 'Айгерім');
    const slot = await slotAfter(2);
    const visit = await api(p).book({ ...therapy, startsAt: slot.startsAt });
    await advanceTo(dayBefore18(slot.startsAt));
    const reminder = await p.expectMessage(/Еске саламыз: ертең қабылдауыңыз бар/);
    expect(reminder.text).toContain('Терапевттің алғашқы қабылдауы');
    expect(reminder.buttons?.flat().map((b) => b.text)).toEqual([
      '✅ Келемін',
      '🔁 Уақытын ауыстыру',
      '✖ Бас тарту',
    ]);
    const tap = await p.tap('✅ Келемін');
    expect(tap.kind === 'callback' && tap.answer?.text).toBe('Рақмет! Сізді күтеміз.');
    expect((await api(p).get({ appointmentId: visit.id })).status).toBe('confirmed');
  });

  it('answers a button of an outdated reminder with the visit as it is now', async () => {
    const p = await patient('ru', 'Дана');
    const slot = await slotAfter(2, 5);
    const visit = await api(p).book({ ...therapy, startsAt: slot.startsAt });
    await advanceTo(dayBefore18(slot.startsAt));
    await p.expectMessage(/Напоминаем: завтра у вас визит/);
    // The patient moves the visit elsewhere (a later day), then taps the old reminder.
    await api(p).reschedule({ appointmentId: visit.id, startsAt: (await slotAfter(5, 5)).startsAt });
    const tap = await p.tap('✅ Я приду');
    expect(tap.kind === 'callback' && tap.answer?.text).toBe(
      'Это сообщение устарело — вот ваш визит сейчас.',
    );
    await p.expectEdit(/Визит — запланирован/);
    expect((await api(p).get({ appointmentId: visit.id })).status).toBe('booked');
  });

  it('answers a text typed right after it with its question and buttons again, not "I did not understand"', async () => {
    const p = await patient('ru', 'Айдос');
    const slot = await slotAfter(2, 7);
    const visit = await api(p).book({ ...therapy, startsAt: slot.startsAt });
    await advanceTo(dayBefore18(slot.startsAt));
    const reminder = await p.expectMessage(/Напоминаем: завтра у вас визит/);
    const labels = reminder.buttons?.flat().map((b) => b.text);
    expect(labels).toEqual(['✅ Я приду', '🔁 Перенести', '✖ Отменить']);
    // A person reads it first: by then the queue has noted which message of the chat it is.
    await settledDeliveries(t, { appointmentId: visit.id });
    await p.send('Да, буду');
    const hint = await p.expectMessage(/Выберите вариант из кнопок ниже/);
    expect(hint.text).not.toMatch(/Я не понял/);
    const again = await p.expectMessage(/Напоминаем: завтра у вас визит/);
    expect(again.text).toBe(reminder.text);
    expect(again.buttons?.flat().map((b) => b.text)).toEqual(labels);
    // One set of buttons answers: the first reminder keeps none.
    expect(p.messages.find((m) => m.message_id === reminder.message_id)?.buttons ?? []).toEqual([]);
    // A second text: the same again, below it.
    await p.send('буду');
    await p.expectMessage(/Выберите вариант из кнопок ниже/);
    const third = await p.expectMessage(/Напоминаем: завтра у вас визит/);
    expect(p.messages.find((m) => m.message_id === again.message_id)?.buttons ?? []).toEqual([]);
    const tap = await p.tap('✅ Я приду');
    expect(tap.kind === 'callback' && tap.answer?.text).toBe('Спасибо! Ждём вас.');
    expect(third.buttons?.flat().map((b) => b.text)).toEqual(labels);
    expect((await api(p).get({ appointmentId: visit.id })).status).toBe('confirmed');
    // Answered: a text now is not taken for the reminder.
    await p.expectMessage(/Спасибо! Ждём вас/);
    await p.send('До завтра');
    await p.expectMessage(/Я не понял/);
  });

  it('sends only the new time’s reminders after a reschedule, and none after a cancel', async () => {
    const moved = await patient('ru', 'Марат');
    const first = await slotAfter(3, 2);
    const later = await slotAfter(6, 2);
    const visit = await api(moved).book({ ...therapy, startsAt: first.startsAt });
    await api(moved).reschedule({ appointmentId: visit.id, startsAt: later.startsAt });

    const cancelled = await patient('ru', 'Отменивший');
    const gone = await api(cancelled).book({ ...therapy, startsAt: (await slotAfter(3, 3)).startsAt });
    await api(cancelled).cancel({ appointmentId: gone.id, reason: 'plans_changed' });

    // Past the old time's day-before reminder and its 3 h and 1 h reminders: nothing was queued.
    await advanceTo(first.startsAt.getTime() + 10 * MINUTE);
    const reminders = async (appointmentId: number) =>
      (await settledDeliveries(t, { appointmentId })).filter((d) => d.purpose.startsWith('reminder.'));
    expect(await reminders(visit.id)).toEqual([]);
    expect(await reminders(gone.id)).toEqual([]);
    // The new time's reminder comes, with the new time.
    await advanceTo(dayBefore18(later.startsAt));
    const reminder = await moved.expectMessage(/Напоминаем: завтра у вас визит/);
    const localTime = new Intl.DateTimeFormat('ru-RU', {
      timeZone: 'Asia/Almaty',
      hour: '2-digit',
      minute: '2-digit',
    }).format(later.startsAt);
    expect(reminder.text).toContain(localTime);
    expect(await reminders(gone.id)).toEqual([]);
    const timeline = await t
      .client(await t.tokenFor('registrar'))
      .notifications.timeline.query({ appointmentId: visit.id });
    expect(timeline.filter((d) => d.purpose.startsWith('reminder.')).map((d) => d.purpose)).toEqual([
      'reminder.d1',
    ]);
  });
});

describe('arrival and feedback', () => {
  it('asks "have you arrived?" after the start, and "I’m here" marks the visit arrived for the desk', async () => {
    const p = await patient('ru', 'Асель');
    const slot = await slotAfter(8, 1);
    const visit = await api(p).book({ ...therapy, startsAt: slot.startsAt });
    await advanceTo(slot.startsAt.getTime() + 5 * MINUTE);
    const question = await p.expectMessage(/Вы уже в клинике\?/);
    expect(question.buttons?.flat().map((b) => b.text)).toEqual([
      '🏥 Я на месте',
      '⏱ Опаздываю',
      '✖ Не смогу прийти',
    ]);
    await p.tap('🏥 Я на месте');
    await p.expectMessage(/регистратура это видит/);
    expect((await api(p).get({ appointmentId: visit.id })).status).toBe('arrived');
    await staff.expectMessage(/🏥 Пациент на месте: Сейтқали Асель/);
  });

  it('frees the time when the patient cannot come, and tells the desk when they are late', async () => {
    const late = await patient('ru', 'Опаздывающий');
    const absent = await patient('kk', 'Келмейтін');
    const slotA = await slotAfter(9, 1);
    const slotB = await slotAfter(9, 6);
    const visitA = await api(late).book({ ...therapy, startsAt: slotA.startsAt });
    const visitB = await api(absent).book({ ...therapy, startsAt: slotB.startsAt });
    await advanceTo(slotA.startsAt.getTime() + 5 * MINUTE);
    await late.expectMessage(/Вы уже в клинике\?/);
    await late.tap('⏱ Опаздываю');
    const ask = await late.expectMessage(/На сколько примерно вы опаздываете\?/);
    expect(ask.buttons?.flat().map((b) => b.text)).toEqual(['5 мин', '10 мин', '15 мин', '30 мин', '60 мин']);
    await late.tap('15 мин');
    await late.expectMessage(/Регистратура предупреждена: вы опаздываете примерно на 15 мин/);
    await staff.expectMessage(/⏱ Пациент опаздывает на 15 мин: Сейтқали Опаздывающий/);
    // The desk sees it on the day board too, with the minutes.
    const registrar = t.client(await t.tokenFor('registrar'));
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(slotA.startsAt);
    const board = await registrar.booking.staff.dayBoard.query({ branchId: therapy.branchId, date: day });
    expect(board.find((a) => a.id === visitA.id)?.runningLate?.minutes).toBe(15);
    await advanceTo(slotB.startsAt.getTime() + 5 * MINUTE);
    await absent.expectMessage(/Сіз клиникадасыз ба\?/);
    await absent.tap('✖ Келе алмаймын');
    await absent.expectMessage(/уақыт босатылды/);
    expect((await api(absent).get({ appointmentId: visitB.id })).status).toBe('cancelled');
  });

  it('keeps the usual cut-off for "can’t come" tapped (or forged) before the visit starts', async () => {
    const p = await patient('ru', 'Ранний');
    const slot = await slotAfter(10, 3);
    const visit = await api(p).book({ ...therapy, startsAt: slot.startsAt });
    await advanceTo(slot.startsAt.getTime() - 60 * MINUTE);
    const seen = await failure(
      api(p).arrival({ appointmentId: visit.id, version: visit.version, answer: 'cannot' }),
    );
    expect(seen.domain).toMatchObject({ module: 'booking', code: 'change_too_late' });
    expect((await api(p).get({ appointmentId: visit.id })).status).toBe('booked');
  });

  it('gives the branch phone whenever it asks the patient to call the clinic', async () => {
    const p = await patient('kk', 'Қоңырау');
    const slot = await slotAfter(12, 4);
    await api(p).book({ ...therapy, startsAt: slot.startsAt });
    await advanceTo(slot.startsAt.getTime() - 60 * MINUTE);
    const branch = (await t.client().clinic.branches.list.query()).find((b) => b.id === therapy.branchId)!;
    // Too late to cancel in the bot: the patient is asked to call, and is given the number to tap.
    await p.send('🗓 Жазылуларым');
    await p.tap(/Терапевт/);
    await p.tap('✖ Бас тарту');
    await p.tap('Жоспарым өзгерді');
    await p.tap('Иә, бас тарту');
    const refusal = await p.expectEdit(/Клиникаға қоңырау шалыңыз/);
    expect(refusal.text).toContain(`Клиникаға қоңырау шалыңыз: ${branch.phone}`);
    expect(branch.phone).toMatch(/^\+7\d{10}$/);
  });

  it('asks for an NPS score 2 h after a completed visit; a low score alerts the staff with the comment', async () => {
    const p = await patient('ru', 'Ольга');
    const slot = await slotAfter(11, 1);
    const visit = await api(p).book({ ...therapy, startsAt: slot.startsAt });
    await advanceTo(slot.startsAt.getTime());
    const registrar = t.client(await t.tokenFor('registrar'));
    for (const status of ['arrived', 'in_progress', 'completed'] as const) {
      await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status });
    }
    // Not yet: the question waits two hours after the visit.
    expect((await settledDeliveries(t, { appointmentId: visit.id })).map((d) => d.purpose)).not.toContain(
      'feedback.nps',
    );
    await advanceTo(t.clock.now().getTime() + 120 * MINUTE);
    const question = await p.expectMessage(/Как прошёл ваш визит/);
    expect(question.buttons?.flat().map((b) => b.text)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    // Two taps at once (two devices, or a quick double tap): one answer counts.
    const tap = (n: number) =>
      t.sandbox.request<{ answer?: { text?: string } }>('POST', `/sandbox/api/users/${p.id}/callbacks`, {
        message_id: question.message_id,
        data: `nps:${visit.id}:${n}`,
      });
    const answers = await Promise.all([tap(3), tap(3)]);
    expect(answers.map((a) => a.answer?.text)).toContain('Ваша оценка уже учтена. Спасибо!');
    await p.expectEdit(/ваша оценка — 3/);
    await p.send('Долго ждали в коридоре');
    await p.expectMessage(/Спасибо за отзыв/);
    const alert = await staff.expectMessage(/⚠️ Низкая оценка 3\/10: Сейтқали Ольга/);
    expect(alert.text).toContain('«Долго ждали в коридоре»');

    const followUps = (await registrar.feedback.followUps.query({ status: 'open' })).items;
    const item = followUps.find((f) => f.appointmentId === visit.id)!;
    expect(item).toMatchObject({ score: 3, comment: 'Долго ждали в коридоре' });
    await registrar.feedback.closeFollowUp.mutate({ id: item.id, resolution: 'Позвонили, извинились' });
    expect(
      (await registrar.feedback.followUps.query({ status: 'open' })).items.map((f) => f.id),
    ).not.toContain(item.id);

    const report = await registrar.feedback.report.query({
      groupBy: 'doctor',
      from: new Date(t.clock.now().getTime() - 86_400_000),
      to: new Date(t.clock.now().getTime() + 60_000),
    });
    expect(report.total).toMatchObject({ responses: 1, detractors: 1, nps: -100 });
    expect(report.rows[0]).toMatchObject({ id: therapy.doctorId, responses: 1 });
    // Each grouping is named as the visit is (the names are the clinic's).
    for (const groupBy of ['doctor', 'branch', 'service'] as const) {
      const { rows } = await registrar.feedback.report.query({
        groupBy,
        from: new Date(t.clock.now().getTime() - 86_400_000),
        to: new Date(t.clock.now().getTime() + 60_000),
      });
      const name = groupBy === 'doctor' ? visit.doctor.fullName : visit[groupBy].name;
      expect(rows).toEqual([expect.objectContaining({ id: visit[groupBy].id, name, responses: 1 })]);
    }
  });
});
