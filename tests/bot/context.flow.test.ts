import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledDeliveries, startTestApp, type TestApp } from '../support/app.ts';
import { summaryOfFirstFreeTime, tapTherapyService } from '../support/booking.ts';
import { demoTherapy, slotAfter as slotAt } from '../support/demo.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import { REGISTRATION_TEXT as text } from '../support/registration.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * Text is always understood in context (issue 11, point 6): a command after /cancel is a command,
 * text at a button step shows that step again, digits answer an open NPS question, a wrong field
 * is asked again alone, "other reason" asks for the reason, and too long a text is never lost
 * silently.
 */
const STAFF_CHAT = 1_999_999_011;
const MINUTE = 60_000;
let t: TestApp;
let staff: SandboxUser;
let therapy: { branchId: number; serviceId: number; doctorId: number };

beforeAll(async () => {
  t = await startTestApp({ STAFF_CHAT_ID: String(STAFF_CHAT) }, { bot: true });
  therapy = await demoTherapy(t);
  staff = await t.sandbox.user({ id: STAFF_CHAT, first_name: 'Регистратура', language_code: 'ru' });
  await staff.send('/help');
  await staff.expectMessage(/регистрацию/);
});
afterAll(() => t.stop());

const api = (user: SandboxUser) =>
  t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id }).booking;

/** A free therapist slot at least `days` days after the app's now (the n-th one). */
const slotAfter = (days: number, n = 0) => slotAt(t, therapy, days, n);

describe('/cancel during registration', () => {
  it('pauses it: the next command works as a command and no text is taken as the first name', async () => {
    const patient = await t.sandbox.user({ first_name: 'Анна', language_code: 'ru' });
    await patient.send('/start');
    await patient.tap(/Русский/);
    // Text at the consent question: the question and its buttons again, below, with a hint.
    await patient.expectMessage(text.ru.consent);
    await patient.send('да');
    await patient.expectMessage(/Выберите вариант из кнопок ниже/);
    const consent = await patient.expectMessage(text.ru.consent);
    expect(consent.buttons?.flat().map((b) => b.text)).toContain(text.ru.agree);
    await patient.tap(text.ru.agree);
    await patient.tap(text.ru.noThanks);
    await patient.expectMessage(text.ru.phone);
    await patient.shareContact();
    await patient.expectMessage(text.ru.lastName);
    await patient.send('Иванова');
    await patient.expectMessage(text.ru.firstName);

    await patient.send('/cancel');
    await patient.expectMessage(/Регистрация приостановлена/);
    await patient.send('/book');
    const book = await patient.expectMessage();
    expect(book.text).toMatch(/после регистрации/);
    expect(book.text).not.toMatch(text.ru.firstName);
    await patient.send('/help');
    await patient.expectMessage(/пройдите короткую регистрацию/);
    // Paused: a text is not an answer to the question left open.
    await patient.send('Просто вопрос');
    await patient.expectMessage(/Регистрация на паузе/);

    await patient.send('/start');
    await patient.expectMessage(text.ru.firstName);
    // Far too long for a name (the API takes 200 at most): the limit is said, the question stays.
    await patient.send('Анна'.repeat(60));
    await patient.expectMessage(/не больше 60 символов, а в вашем сообщении 240/);
    await patient.send('Анна');
    await patient.expectMessage(text.ru.middle);
    await patient.tap(text.ru.skip);
    await patient.send(makeIin('1990-05-17', 'female'));
    const summary = await patient.expectMessage(text.ru.summary);
    expect(summary.text).toContain('Иванова Анна');
  });
});

describe('a paused registration', () => {
  it('goes on when the language is chosen again, in Kazakh', async () => {
    const patient = await t.sandbox.user({ first_name: 'Айгерім', language_code: 'kk' });
    await patient.send('/start');
    await patient.tap('✓ Қазақша');
    await patient.tap(text.kk.agree);
    await patient.tap(text.kk.noThanks);
    await patient.expectMessage(text.kk.phone);
    await patient.shareContact();
    await patient.expectMessage(text.kk.lastName);
    await patient.send('/cancel');
    await patient.expectMessage(/Тіркеу/);
    await patient.send('Сейтқали');
    await patient.expectMessage(/Тіркеу уақытша тоқтатылған/);
    await patient.send('/language');
    await patient.tap('✓ Қазақша');
    await patient.expectMessage(text.kk.lastName);
    await patient.send('Сейтқали');
    await patient.expectMessage(text.kk.firstName);
  });
});

describe('text where a button is expected', () => {
  it('shows the booking step’s buttons again with a hint, not "I did not understand"', async () => {
    const patient = await patientInChat(t, 'kk', 'Әлия');
    await patient.tap('📅 Жазылу');
    const branches = await patient.expectMessage(/Филиалды таңдаңыз/);
    const labels = branches.buttons?.flat().map((b) => b.text);
    await patient.send('Алматы');
    const hint = await patient.expectMessage(/батырмалардың бірін таңдаңыз/);
    expect(hint.text).not.toMatch(/түсінбедім/);
    const again = await patient.expectMessage(/Филиалды таңдаңыз/);
    expect(again.buttons?.flat().map((b) => b.text)).toEqual(labels);
    // The step goes on from the buttons shown again; the old message keeps none to tap twice.
    expect(patient.messages.find((m) => m.message_id === branches.message_id)?.buttons ?? []).toEqual([]);
    await patient.tap(labels![0]!);
    const categories = await patient.expectEdit(/Бағытты таңдаңыз/);
    // Deeper in the flow, the step is the one the patient is at.
    await patient.send('терапевт');
    await patient.expectMessage(/батырмалардың бірін таңдаңыз/);
    const shownAgain = await patient.expectMessage(/Бағытты таңдаңыз/);
    expect(shownAgain.buttons?.flat().map((b) => b.text)).toEqual(
      categories.buttons?.flat().map((b) => b.text),
    );

    // The calendar: a tap on a day without free time changes nothing, so it stays the step.
    await patient.tapData(/^b:c:/);
    await patient.expectEdit(/Қызметті таңдаңыз/);
    await patient.tapData(/^b:s:/);
    await patient.expectEdit(/Дәрігерді таңдаңыз/);
    await patient.tapData(/^b:d:/);
    const calendar = await patient.expectEdit(/Күнді таңдаңыз/);
    await patient.tapData(/^b:x$/);
    await patient.send('ертең');
    await patient.expectMessage(/батырмалардың бірін таңдаңыз/);
    const calendarAgain = await patient.expectMessage(/Күнді таңдаңыз/);
    const labelsOf = (m: typeof calendar) => m.buttons?.flat().map((b) => b.text);
    expect(labelsOf(calendarAgain)).toEqual(labelsOf(calendar));
  });

  it('shows the summary again while the time is held, and says when the hold ran out', async () => {
    const toSummary = async (patient: SandboxUser) => {
      await tapTherapyService(patient, 'ru');
      return summaryOfFirstFreeTime(patient);
    };
    const labels = (m: { buttons?: { text: string }[][] }) => m.buttons?.flat().map((b) => b.text);

    const patient = await patientInChat(t, 'ru', 'Гульнара');
    const summary = await toSummary(patient);
    await patient.send('а можно к другому врачу?');
    const hint = await patient.expectMessage(/Выберите вариант из кнопок ниже/);
    expect(hint.text).not.toMatch(/не понял/);
    const again = await patient.expectMessage(/Проверьте запись/);
    expect(labels(again)).toEqual(labels(summary));
    // The summary shown again confirms the same held time.
    await patient.tap(labels(again)![0]!);
    await patient.expectEdit(/Вы записаны!/);

    // The hold is gone (here released, as when it runs out): a text says so and offers to start again.
    const other = await patientInChat(t, 'ru', 'Бауыржан');
    const held = await toSummary(other);
    const appointmentId = Number(/^b:ok:(\d+)$/.exec(held.buttons!.flat()[0]!.data!)![1]);
    await api(other).release({ appointmentId });
    await other.send('подождите');
    await other.expectMessage(/Выберите вариант из кнопок ниже/);
    const gone = await other.expectMessage(/Время, которое мы держали для вас, истекло/);
    expect(labels(gone)).toEqual(['Выбрать заново']);
  });

  it('shows the profile card again, and a phone too long to be one gets its limit', async () => {
    const patient = await patientInChat(t, 'ru', 'Сәуле');
    await patient.send('/profile');
    const card = await patient.expectMessage(/Ваш профиль/);
    await patient.send('поменять телефон');
    await patient.expectMessage(/Выберите вариант из кнопок ниже/);
    const again = await patient.expectMessage(/Ваш профиль/);
    expect(again.buttons).toEqual(card.buttons);
    await patient.tap('📱 Сменить телефон');
    await patient.expectMessage(/Поделитесь новым номером/);
    await patient.send('8'.repeat(45));
    await patient.expectMessage(/не больше 40 символов, а в вашем сообщении 45/);
    await patient.send('+7 747 555 1234');
    await patient.expectMessage(/Номер телефона изменён: \+7 747 555 12 34/);
  });

  it('still says how to go on when no step waits for a button', async () => {
    const patient = await patientInChat(t, 'ru', 'Нурлан');
    await patient.send('привет');
    await patient.expectMessage(/Я не понял это сообщение/);
  });

  it('shows the relation buttons of the family form again', async () => {
    const patient = await patientInChat(t, 'kk', 'Дәурен');
    await patient.send('/family');
    await patient.tap('➕ Қосу');
    await patient.expectMessage(/Кімді қосасыз/);
    await patient.send('ұлым');
    await patient.expectMessage(/батырмалардың бірін таңдаңыз/);
    const again = await patient.expectMessage(/Кімді қосасыз/);
    expect(again.buttons?.flat().map((b) => b.text)).toEqual(['бала', 'ата-ана', 'жұбайы', 'туыс']);
    await patient.tap('бала');
    await patient.expectMessage(/ЖСН-ін жазыңыз/);
  });
});

describe('the family form', () => {
  it('asks again only the field that was wrong, keeping everything typed before', async () => {
    const patient = await patientInChat(t, 'ru', 'Гүлнар');
    await patient.send('/family');
    await patient.tap('➕ Добавить');
    await patient.tap('ребёнок');
    await patient.expectMessage(/Напишите ИИН этого человека/);
    // 41 characters: a specific limit, and the IIN is asked again (the form goes on).
    await patient.send('12345678901234567890123456789012345678901');
    const limit = await patient.expectMessage(/ИИН/);
    expect(limit.text).toMatch(/12 цифр/);
    expect(limit.text).toMatch(/41/);
    await patient.send(makeIin('2018-03-03', 'male'));
    await patient.expectMessage(/фамилию/);
    await patient.send('Сейтқали');
    await patient.expectMessage(/Напишите имя/);
    await patient.send('Әлихан7');
    await patient.expectMessage(/только буквы/);
    await patient.send('Әлихан');
    await patient.expectMessage(/отчество/);
    await patient.tap('Пропустить');
    await patient.expectMessage(/Сейтқали Әлихан теперь в вашей семье/);

    // The same child again: the IIN is the field to fix, and only it is asked again.
    await patient.send('/family');
    await patient.tap('➕ Добавить');
    await patient.tap('ребёнок');
    const child = makeIin('2020-06-06', 'female');
    await patient.expectMessage(/Напишите ИИН этого человека/);
    await patient.send(child);
    await patient.send('Сейтқали');
    await patient.expectMessage(/Напишите имя/);
    await patient.send('Аружан');
    await patient.tap('Пропустить');
    await patient.expectMessage(/Сейтқали Аружан теперь в вашей семье/);
    await patient.send('/family');
    await patient.tap('➕ Добавить');
    await patient.tap('родитель');
    await patient.expectMessage(/Напишите ИИН этого человека/);
    await patient.send(child);
    await patient.send('Сейтқали');
    await patient.expectMessage(/Напишите имя/);
    await patient.send('Мадина');
    await patient.tap('Пропустить');
    await patient.expectMessage(/уже есть в вашей семье/);
    const asked = await patient.expectMessage(/Напишите ИИН этого человека/);
    expect(asked.text).not.toMatch(/фамилию/);
    await patient.send(makeIin('1960-01-01', 'female'));
    // Straight to the outcome: the names typed before were kept, not asked again.
    expect((await patient.expectMessage()).text).toMatch(/Сейтқали Мадина/);
  });
});

/** A visit of this patient completed, and its NPS question received. */
async function npsAsked(patient: SandboxUser, days: number) {
  const slot = await slotAfter(days, 2);
  const visit = await api(patient).book({ ...therapy, startsAt: slot.startsAt });
  const minutes = Math.ceil((slot.startsAt.getTime() - t.clock.now().getTime()) / MINUTE) + 1;
  await t.sandbox.advanceClock(minutes);
  const registrar = t.client(await t.tokenFor('registrar'));
  for (const status of ['arrived', 'in_progress', 'completed'] as const)
    await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status });
  await t.sandbox.advanceClock(121);
  await patient.expectMessage(/Как прошёл ваш визит/);
  await settledDeliveries(t, { appointmentId: visit.id });
  return visit;
}

describe('NPS by typing', () => {
  it('takes typed digits as the score, asks for a comment, and keeps a too long comment', async () => {
    const patient = await patientInChat(t, 'ru', 'Ерлан');
    await patient.send('3');
    await patient.expectMessage(/Я не понял/);
    const visit = await npsAsked(patient, 20);
    // Someone else typing a number answers nothing of his.
    const stranger = await patientInChat(t, 'ru', 'Чужой');
    await stranger.send('3');
    await stranger.expectMessage(/Я не понял/);
    await patient.send('11');
    await patient.expectMessage(/от 0 до 10/);
    await patient.send('3');
    const ask = await patient.expectMessage(/ваша оценка — 3/);
    expect(ask.buttons?.flat().map((b) => b.text)).toEqual(['Пропустить']);

    await patient.send('Долго ждали. '.repeat(200).trim());
    const tooLong = await patient.expectMessage(/не больше 2\D?000 символов/);
    expect(tooLong.text).toMatch(/2\D?599/);
    await patient.send('Долго ждали в коридоре');
    await patient.expectMessage(/Спасибо за отзыв/);
    const registrar = t.client(await t.tokenFor('registrar'));
    const followUps = (await registrar.feedback.followUps.query({ status: 'open' })).items;
    expect(followUps.find((f) => f.appointmentId === visit.id)).toMatchObject({
      score: 3,
      comment: 'Долго ждали в коридоре',
    });
  });
});

describe('cancelling for another reason', () => {
  it('asks for the reason and records it', async () => {
    const patient = await patientInChat(t, 'ru', 'Жанна');
    const slot = await slotAfter(3, 1);
    const visit = await api(patient).book({ ...therapy, startsAt: slot.startsAt });
    await patient.tap('🗓 Мои записи');
    await patient.expectMessage(/Ваши предстоящие визиты/);
    await patient.tapData(new RegExp(`^a:v:${visit.id}$`));
    await patient.expectEdit(/Визит — запланирован/);
    await patient.tap('✖ Отменить');
    await patient.expectEdit(/Почему вы отменяете/);
    await patient.tap('Другая причина');
    await patient.expectEdit(/Напишите причину/);
    await patient.send('x'.repeat(501));
    await patient.expectMessage(/500/);
    await patient.send('Уезжаю в командировку');
    const confirm = await patient.expectMessage(/Отменить этот визит\?/);
    expect(confirm.text).toContain('Уезжаю в командировку');
    await patient.tap('Да, отменить');
    await patient.expectEdit(/отменён/);
    const posted = await staff.expectMessage(/Пациент отменил: Сейтқали Жанна/);
    // The staff group hears that there is a reason, not the patient's words: those stay on the visit.
    expect(posted.text).toContain('Другая причина (слова пациента — в карточке визита)');
    expect(posted.text).not.toContain('Уезжаю в командировку');
    const registrar = t.client(await t.tokenFor('registrar'));
    const seen = await registrar.booking.staff.get.query({ appointmentId: visit.id });
    expect(seen).toMatchObject({ status: 'cancelled', cancelNote: 'Уезжаю в командировку' });
  });
});

/**
 * The database refuses a write for a while (a real failure of the API's call, as a broken disk or
 * a migration gone wrong would cause), then takes it again.
 */
async function refuseWhile(table: string, check: string, run: () => Promise<void>) {
  const db = t.app.orm.em.getConnection();
  await db.execute(`alter table ${table} add constraint test_refuse check (${check}) not valid`);
  try {
    await run();
  } finally {
    await db.execute(`alter table ${table} drop constraint test_refuse`);
  }
}

describe('text typed when saving it fails', () => {
  it('keeps the NPS question open: the comment sent again is taken', async () => {
    const patient = await patientInChat(t, 'ru', 'Гульнар');
    const visit = await npsAsked(patient, 24);
    await patient.send('4');
    await patient.expectMessage(/ваша оценка — 4/);
    await refuseWhile('feedback_response', 'comment is null', async () => {
      await patient.send('Врач опоздал на полчаса');
      await patient.expectMessage(/Что-то пошло не так/);
    });
    await patient.send('Врач опоздал на полчаса');
    await patient.expectMessage(/Спасибо за отзыв/);
    const registrar = t.client(await t.tokenFor('registrar'));
    const followUps = (await registrar.feedback.followUps.query({ status: 'open' })).items;
    expect(followUps.find((f) => f.appointmentId === visit.id)).toMatchObject({
      score: 4,
      comment: 'Врач опоздал на полчаса',
    });
  });

  it('keeps the reason written for a cancellation: "Yes, cancel" tapped again records it', async () => {
    const patient = await patientInChat(t, 'ru', 'Бахыт');
    const slot = await slotAfter(3, 3);
    const visit = await api(patient).book({ ...therapy, startsAt: slot.startsAt });
    await patient.tap('🗓 Мои записи');
    await patient.expectMessage(/Ваши предстоящие визиты/);
    await patient.tapData(new RegExp(`^a:v:${visit.id}$`));
    await patient.expectEdit(/Визит — запланирован/);
    await patient.tap('✖ Отменить');
    await patient.expectEdit(/Почему вы отменяете/);
    await patient.tap('Другая причина');
    await patient.expectEdit(/Напишите причину/);
    await patient.send('Заболел ребёнок');
    await patient.expectMessage(/Отменить этот визит\?/);
    await refuseWhile('booking_appointment', "status <> 'cancelled'", async () => {
      await patient.tap('Да, отменить');
      await patient.expectMessage(/Что-то пошло не так/);
    });
    expect((await api(patient).get({ appointmentId: visit.id })).status).toBe('booked');
    await patient.tap('Да, отменить');
    await patient.expectEdit(/отменён/);
    const registrar = t.client(await t.tokenFor('registrar'));
    const seen = await registrar.booking.staff.get.query({ appointmentId: visit.id });
    expect(seen).toMatchObject({ status: 'cancelled', cancelNote: 'Заболел ребёнок' });
  });
});
