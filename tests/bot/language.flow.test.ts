import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { tapTherapyService } from '../support/booking.ts';
import { demoTherapy, slotAfter as slotAt } from '../support/demo.ts';
import { patientInChat, registerPatient } from '../support/patients.ts';
import { REGISTRATION_TEXT } from '../support/registration.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/** Language is whole: the `/` menu, numbers and dates, in the language the patient chose. */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
const MINUTE = 60_000;

beforeAll(async () => {
  // One active visit per patient, whatever the category: the limit message then has "1" in it.
  t = await startTestApp(
    { BOOKING_MAX_ACTIVE_PER_PATIENT: '1', BOOKING_MAX_ACTIVE_PER_CATEGORY: '5', QUIET_HOURS: 'off' },
    { bot: true },
  );
  therapy = await demoTherapy(t);
});
afterAll(() => t.stop());

/** The Bot API as the bot has it, to read back what it set. */
const botApi = () => new Api(t.app.sandbox!.token, { apiRoot: `${t.url}/sandbox` });
const chatMenu = async (user: SandboxUser) =>
  Object.fromEntries(
    (await botApi().getMyCommands({ scope: { type: 'chat', chat_id: user.id } })).map((c) => [
      c.command,
      c.description,
    ]),
  );

const api = (user: SandboxUser) =>
  t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id }).booking;

/** A free therapist slot at least `days` days after the app's now (the n-th one). */
const slotAfter = (days: number, n = 0) => slotAt(t, therapy, days, n);

describe('the / command menu', () => {
  it('turns Kazakh when a patient whose Telegram is in Russian picks Kazakh at registration', async () => {
    const p = await t.sandbox.user({ first_name: 'Ерлан', language_code: 'ru' });
    await p.send('/start');
    await p.expectMessage(/Выберите язык|Тілді таңдаңыз/);
    expect((await p.commands()).find((c) => c.command === 'menu')?.description).toBe('Главное меню');
    await p.tap(/Қазақша/);
    await p.expectMessage(REGISTRATION_TEXT.kk.consent);
    expect(await chatMenu(p)).toMatchObject({ menu: 'Басты мәзір', book: expect.any(String) });
    // What the patient's client shows: the chat's menu wins over the Russian one of their client.
    const shown = await p.commands();
    expect(shown.find((c) => c.command === 'menu')?.description).toBe('Басты мәзір');
    expect(shown.map((c) => c.command)).toContain('language');
    // Other chats keep the menus by their own client's language.
    expect((await botApi().getMyCommands()).find((c) => c.command === 'menu')?.description).toBe(
      'Главное меню',
    );
  });

  it('turns Russian at once when a Kazakh patient switches the language in the profile', async () => {
    const p = await patientInChat(t, 'kk', 'Әсел');
    await p.send('/language');
    await p.expectMessage(/Тілді таңдаңыз/);
    await p.tap(/Русский/);
    await p.expectMessage(/Готово, теперь я говорю по-русски/);
    expect(await chatMenu(p)).toMatchObject({ menu: 'Главное меню', profile: 'Мой профиль' });
    expect((await p.commands()).find((c) => c.command === 'menu')?.description).toBe('Главное меню');
    await p.send('/language');
    await p.expectMessage(/Выберите язык/);
    await p.tap(/Қазақша/);
    await p.expectMessage(/Дайын, енді қазақ тілінде сөйлеймін/);
    expect((await p.commands()).find((c) => c.command === 'menu')?.description).toBe('Басты мәзір');
  });
});

describe('the / command menu of patients who chose before chats had their own', () => {
  it('follows their language from their next message, whatever their Telegram is in', async () => {
    const user = await t.sandbox.user({ first_name: 'Бауыржан', language_code: 'ru' });
    await registerPatient(t.app, user.id, { language: 'kk', firstName: 'Бауыржан' });
    expect(await chatMenu(user)).toEqual({});
    await user.send('/menu');
    await user.expectMessage(/Басты мәзір/);
    expect(await chatMenu(user)).toMatchObject({ menu: 'Басты мәзір', family: 'Менің отбасым' });
    expect((await user.commands()).find((c) => c.command === 'book')?.description).toBe(
      (await chatMenu(user)).book,
    );
  });
});

describe('numbers', () => {
  it('says "1 предстоящий визит" in Russian when the limit of one visit is reached', async () => {
    const p = await patientInChat(t, 'ru', 'Дана');
    await api(p).book({ ...therapy, startsAt: (await slotAfter(3)).startsAt });
    await tapTherapyService(p, 'ru');
    const said = await p.expectEdit(/предстоящ/);
    expect(said.text).toContain('уже есть 1 предстоящий визит');
    expect(said.text).not.toMatch(/1 предстоящих/);
  });

  it('puts no case ending after the number in Kazakh', async () => {
    const p = await patientInChat(t, 'kk', 'Дәурен');
    await api(p).book({ ...therapy, startsAt: (await slotAfter(3, 2)).startsAt });
    await tapTherapyService(p, 'kk');
    const said = await p.expectEdit(/алдағы/);
    expect(said.text).toMatch(/\s1 алдағы қабылдау/);
    expect(said.text).not.toMatch(/\d-(ден|тен|дан|тан|нен|нан)/);
  });
});

const RU_MONTHS = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

describe('dates inside sentences', () => {
  it('says when the visit began as people say it: «начался в 19:05, 3 декабря»', async () => {
    const p = await patientInChat(t, 'ru', 'Сауле');
    const slot = await slotAfter(5, 4);
    await api(p).book({ ...therapy, startsAt: slot.startsAt });
    // Almaty is UTC+5 all year.
    const local = new Date(slot.startsAt.getTime() + 5 * 3_600_000);
    const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    const day = `${local.getUTCDate()} ${RU_MONTHS[local.getUTCMonth()]}`;
    await t.sandbox.advanceClock(
      Math.ceil((slot.startsAt.getTime() + 5 * MINUTE - t.clock.now().getTime()) / MINUTE),
    );
    const question = await p.expectMessage(/Вы уже в клинике\?/);
    expect(question.text).toContain(`Ваш визит начался в ${hhmm}, ${day}: `);
    expect(question.text).not.toMatch(/\d{2}\.\d{2}\.\d{4}/);
  });
});

describe('whole messages', () => {
  it('explains a deletion once, above the visits it cancels (not after every visit)', async () => {
    const p = await patientInChat(t, 'kk', 'Жанар');
    await api(p).book({ ...therapy, startsAt: (await slotAfter(12)).startsAt });
    await p.send('/profile');
    await p.expectMessage(/Сіздің профиліңіз/);
    await p.tap('🗑 Деректерімді жою');
    const text = (await p.expectMessage(/Деректеріңізді жоямыз ба\?/)).text ?? '';
    expect(text.match(/Осы Telegram аккаунтын ажыратамыз/g)).toHaveLength(1);
    expect(text.indexOf('Осы Telegram аккаунтын')).toBeLessThan(text.indexOf('• '));
    expect(text).toMatch(/• \d{1,2} [а-яәіңғүұқөһ]+, [а-я]{2}, \d{2}:\d{2} — /);
    await p.tap('Жоқ, қалдыру');
    await p.expectMessage(/ештеңе жойылмайды/);
  });

  it('dates a consent given at 02:00 in Almaty by the Almaty day, not the UTC one', async () => {
    // Move to the next 21:xx UTC, which is 02:xx the next day in Almaty (UTC+5).
    const now = t.clock.now();
    const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 21, 30);
    const at = target > now.getTime() ? target : target + 86_400_000;
    await t.sandbox.advanceClock(Math.ceil((at - now.getTime()) / MINUTE));
    const user = await t.sandbox.user({ first_name: 'Мақпал', language_code: 'ru' });
    await registerPatient(t.app, user.id, { language: 'ru', firstName: 'Мақпал' });
    const local = new Date(t.clock.now().getTime() + 5 * 3_600_000);
    const day = [local.getUTCDate(), local.getUTCMonth() + 1]
      .map((n) => String(n).padStart(2, '0'))
      .join('.');
    await user.send('/profile');
    const card = await user.expectMessage(/Ваш профиль/);
    expect(card.text).toContain(`Персональные данные: дано ${day}.${local.getUTCFullYear()}`);
  });

  it('keeps patients who agreed to the previous consent text registered, with that version on record', async () => {
    const p = await patientInChat(t, 'ru', 'Гүлнар');
    // As if they had agreed before this wording: the ledger row names the text they saw.
    await t.app.orm.em.getConnection().execute(
      `update patients_consent_record c set text_version = '2026-11-v1'
         from patients_telegram_account a
        where a.patient_id = c.patient_id and a.telegram_user_id = ?`,
      [p.id],
    );
    await p.send('/menu');
    await p.expectMessage(/Главное меню/);
    await p.send('/profile');
    const card = await p.expectMessage(/Ваш профиль/);
    expect(card.text).toMatch(/Персональные данные: дано \d/);
    const versions = (await t.app.orm.em.getConnection().execute(
      `select distinct c.text_version from patients_consent_record c
         join patients_telegram_account a on a.patient_id = c.patient_id where a.telegram_user_id = ?`,
      [p.id],
    )) as { text_version: string }[];
    expect(versions.map((v) => v.text_version)).toEqual(['2026-11-v1']);
  });
});
