import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makeIin } from '../support/iin.ts';
import { registrationSteps, REGISTRATION_TEXT as text } from '../support/registration.ts';

/** Registration clicked through the Telegram sandbox, as a patient would. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
});
afterAll(() => t.stop());

const { upToIin, proveWithCode, registerThrough } = registrationSteps(() => t);

describe('registration in the sandbox', () => {
  it('registers in Russian and everything after is in Russian', async () => {
    const patient = await t.sandbox.user({ first_name: 'Анна', language_code: 'ru' });
    const iin = makeIin('1990-05-17', 'female');
    await upToIin(patient, 'ru', ['Иванова', 'Анна']);
    await patient.send(iin);
    const summary = await patient.expectMessage(/Проверьте данные/);
    expect(summary.text).toContain('Иванова Анна');
    expect(summary.text).toContain('17.05.1990');
    expect(summary.text).toContain('женский');
    expect(summary.text).toContain(`••••••••${iin.slice(-4)}`);
    expect(summary.text).not.toContain(iin);
    await patient.tap('✅ Всё верно');
    const verify = await patient.expectMessage(text.ru.verify);
    expect(verify.text).toContain('SMS с кодом');
    expect(verify.buttons?.flat().map((b) => b.text)).toContain('🏥 Подтвердить в клинике');
    const { code } = await t.sandbox.codeSentTo(patient.phone);
    await patient.send(code);
    const done = await patient.expectMessage(/Регистрация завершена, Анна!/);
    expect(done.keyboard?.flat().map((b) => b.text)).toEqual([
      '📅 Записаться',
      '🗓 Мои записи',
      '📄 Документы',
      '💳 Оплата',
      '👤 Профиль',
      '👨‍👩‍👧 Семья',
      '🌐 Язык',
      '❓ Помощь',
    ]);

    await patient.send('/help');
    await patient.expectMessage(/Я бот клиники Emhana/);
    await patient.send('что-то непонятное');
    await patient.expectMessage(/Я не понял это сообщение/);
    await patient.tap('👤 Профиль');
    const profile = await patient.expectMessage(/Ваш профиль/);
    expect(profile.text).toMatch(/Персональные данные: дано \d\d\.\d\d\.\d{4}/);
    expect(profile.text).toContain('Новости и акции: не дано');
  });

  it('registers in Kazakh, chosen from Telegram’s language, and keeps Kazakh afterwards', async () => {
    const patient = await t.sandbox.user({ first_name: 'Айгерім', language_code: 'kk' });
    await patient.send('/start');
    const prompt = await patient.expectMessage(/Тілді таңдаңыз/);
    // Telegram's language comes first, checked.
    expect(prompt.buttons?.[0]?.[0]?.text).toBe('✓ Қазақша');
    await patient.tap('✓ Қазақша');
    await patient.expectMessage(/қазақ тілінде сөйлесеміз/);
    await patient.expectMessage(text.kk.consent);
    await patient.tap(text.kk.agree);
    await patient.expectMessage(text.kk.marketing);
    await patient.tap('Иә, жіберіңіз');
    await patient.expectMessage(text.kk.phone);
    await patient.shareContact();
    await patient.expectMessage(text.kk.lastName);
    await patient.send('сейтқали');
    await patient.expectMessage(text.kk.firstName);
    await patient.send('айгерім');
    await patient.expectMessage(text.kk.middle);
    await patient.send('серікқызы');
    await patient.expectMessage(text.kk.iin);
    await patient.send(makeIin('2001-12-31', 'female'));
    const summary = await patient.expectMessage(text.kk.summary);
    expect(summary.text).toContain('Сейтқали Айгерім Серікқызы');
    expect(summary.text).toContain('Жынысы: әйел');
    expect(summary.text).toContain('Жаңалықтар мен акциялар: Иә');
    await patient.tap(text.kk.confirm);
    await patient.expectMessage(text.kk.verify);
    const sms = await t.sandbox.codeSentTo(patient.phone);
    expect((await t.sandbox.sms(patient.phone)).at(-1)?.text).toMatch(/растау коды \d{6}/);
    await patient.send(sms.code);
    await patient.expectMessage(/Тіркеу аяқталды, Айгерім!/);
    await patient.send('/menu');
    await patient.expectMessage(/Басты мәзір/);
    await patient.send('/help');
    await patient.expectMessage(/Мен Emhana клиникасының ботымын/);
    await patient.tap('👨‍👩‍👧 Отбасы');
    await patient.expectMessage(/Сіздің отбасыңыз/);
  });

  it('switches language, and everything after is in the new one', async () => {
    const patient = await t.sandbox.user({ first_name: 'Дана', language_code: 'ru' });
    await registerThrough(patient, 'ru', makeIin('1993-03-08', 'female'));
    await patient.tap('🌐 Язык');
    await patient.expectMessage(/Выберите язык/);
    await patient.tap(/Қазақша/);
    const changed = await patient.expectMessage(/енді қазақ тілінде сөйлеймін/);
    expect(changed.keyboard?.flat().map((b) => b.text)).toContain('👤 Профиль');
    expect(changed.keyboard?.flat().map((b) => b.text)).toContain('👨‍👩‍👧 Отбасы');
    await patient.send('/menu');
    await patient.expectMessage(/Басты мәзір/);
    // A button from the old Russian keyboard still works.
    await patient.send('👨‍👩‍👧 Семья');
    await patient.expectMessage(/Сіздің отбасыңыз/);
  });

  it('explains each kind of wrong IIN in its own words and lets the patient retry', async () => {
    const patient = await t.sandbox.user({ first_name: 'Ерлан', language_code: 'ru' });
    await upToIin(patient, 'ru');
    const good = makeIin('1985-03-15', 'male');
    const cases: [string, RegExp][] = [
      ['85031530O12A', /12 цифр без букв/],
      ['8503153001', /12 цифр без букв/],
      [`${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`, /Контрольная цифра ИИН не сходится/],
      [makeIin('1985-03-15', 'male').replace(/^850315/, '850431'), /такой даты нет/],
      [makeIin('2027-01-10', 'male'), /дата рождения получается в будущем/],
      [`${good.slice(0, 6)}0${good.slice(7)}`, /неверная седьмая цифра/],
    ];
    for (const [iin, explanation] of cases) {
      await patient.send(iin);
      await patient.expectMessage(explanation);
    }
    await patient.send(good);
    await patient.expectMessage(/Проверьте данные/);
  });

  it('answers a known IIN exactly as an unknown one, without a trace of the record', async () => {
    const iin = makeIin('1979-11-11', 'male');
    const owner = await t.sandbox.user({ first_name: 'Марат', language_code: 'ru' });
    await registerThrough(owner, 'ru', iin);
    const other = await t.sandbox.user({ first_name: 'Самозванец', language_code: 'ru' });
    await upToIin(other, 'ru');
    await other.send(iin);
    await other.expectMessage(text.ru.summary);
    await other.tap(text.ru.confirm);
    const known = await other.expectMessage(text.ru.verify);
    const stranger = await t.sandbox.user({ first_name: 'Новый', language_code: 'ru' });
    await upToIin(stranger, 'ru');
    await stranger.send(makeIin('1979-11-12', 'male'));
    await stranger.expectMessage(text.ru.summary);
    await stranger.tap(text.ru.confirm);
    const unknown = await stranger.expectMessage(text.ru.verify);
    expect(known.text).toBe(unknown.text);
    expect(known.buttons).toEqual(unknown.buttons);
    expect(known.text).not.toContain('Марат');
  });

  it('lets a dependant who grew up take their record over at the desk; the parent’s access ends unless kept', async () => {
    const parent = await t.sandbox.user({ first_name: 'Гүлнар', language_code: 'kk' });
    await registerThrough(parent, 'kk', makeIin('1970-07-07', 'female'));
    const childIin = makeIin('2004-04-04', 'female');
    // A new caller per call, as each request of the real API gets its own entity manager.
    const parentApi = {
      family: {
        list: () =>
          t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: parent.id }).patients.family.list(),
        add: (input: Parameters<ReturnType<typeof t.app.caller>['patients']['family']['add']>[0]) =>
          t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: parent.id }).patients.family.add(input),
      },
    };
    // Added years ago, when the clinic did not know her yet (adults now go through approval).
    const added = await parentApi.family.add({
      iin: makeIin('2012-04-04', 'female'),
      lastName: 'Сейтқали',
      firstName: 'Дана',
      relation: 'child',
    });
    expect(added.outcome).toBe('added');
    const registrar = t.client(await t.tokenFor('registrar'));
    const [request] = await Promise.all([
      parentApi.family.add({ iin: childIin, lastName: 'Сейтқали', firstName: 'Айгерім', relation: 'child' }),
    ]);
    expect(request.outcome).toBe('requested');
    const pending = (await registrar.patients.staff.familyRequests.query({})).items.find((r) =>
      r.typed.iinMasked.endsWith(childIin.slice(-4)),
    )!;
    await registrar.patients.staff.decideFamilyRequest.mutate({ id: pending.id, approve: true });
    await parent.expectMessage(/Сұрау расталды: Сейтқали Айгерім/);
    const child = (await parentApi.family.list()).dependants.find((d) => d.firstName === 'Айгерім')!;

    const grownUp = await t.sandbox.user({ first_name: 'Айгерім', language_code: 'kk' });
    await upToIin(grownUp, 'kk');
    await grownUp.send(childIin);
    await grownUp.expectMessage(text.kk.summary);
    await grownUp.tap(text.kk.confirm);
    await grownUp.expectMessage(text.kk.verify);
    // Her record has no phone: no SMS anywhere, so she goes to the desk.
    await grownUp.tap('🏥 Клиникада растау');
    const requested = await grownUp.expectMessage(/Өтінім тіркеу бөліміне жіберілді/);
    // She reads the request's number out at the desk; the registrar types it to approve.
    const reference = requested.text!.match(/Өтінім нөмірі: (\d{6})/)![1];
    const check = (await registrar.patients.staff.identityChecks.query({})).items.find(
      (c) => c.record?.id === child.id,
    )!;
    await registrar.patients.staff.decideIdentity.mutate({ id: check.id, approve: true, reference });
    // Two messages, in either order: she is confirmed, and her mother's access has ended.
    const [, ended] = await grownUp.expectMessages([
      /Клиника жеке басыңызды растады, Айгерім/,
      /Бұрын оларға мына адамдардың қолы жетті: Сейтқали Айгерім/,
    ]);
    const me = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: grownUp.id }).patients;
    expect((await me.profile.get()).id).toBe(child.id);
    expect((await parentApi.family.list()).dependants.map((d) => d.firstName)).toEqual(['Дана']);
    // She keeps her mother after all.
    await grownUp.tap(ended!.buttons!.flat()[0]!.text);
    await grownUp.expectMessage(/Жазбаларыңызды кім көреді/);
    expect((await parentApi.family.list()).dependants.map((d) => d.firstName)).toEqual(['Дана', 'Айгерім']);
  });

  it('refuses someone else’s contact and explains a declined consent', async () => {
    const patient = await t.sandbox.user({ first_name: 'Нурлан', language_code: 'ru' });
    await patient.send('/start');
    await patient.expectMessage(/Выберите язык/);
    await patient.tap(/Русский/);
    await patient.expectMessage(text.ru.consent);
    await patient.tap('❌ Не согласен(на)');
    await patient.expectMessage(/Без согласия на обработку персональных и медицинских данных/);
    await patient.tap('Прочитать ещё раз');
    await patient.expectMessage(text.ru.consent);
    await patient.tap(text.ru.agree);
    await patient.expectMessage(text.ru.marketing);
    await patient.tap(text.ru.noThanks);
    await patient.expectMessage(text.ru.phone);
    await patient.shareContact('+77019998877', { user_id: patient.id + 1 });
    await patient.expectMessage(/Это чужой контакт/);
    await patient.send('8 701 999 88 77');
    await patient.expectMessage(text.ru.lastName);
  });

  it('pauses on /cancel and resumes with what was confirmed', async () => {
    const patient = await t.sandbox.user({ first_name: 'Тимур', language_code: 'ru' });
    await patient.send('/start');
    await patient.expectMessage(/Выберите язык/);
    await patient.tap(/Русский/);
    await patient.expectMessage(text.ru.consent);
    await patient.tap(text.ru.agree);
    await patient.expectMessage(text.ru.marketing);
    await patient.tap(text.ru.noThanks);
    await patient.expectMessage(text.ru.phone);
    await patient.shareContact();
    await patient.expectMessage(text.ru.lastName);
    await patient.send('Ахметов');
    await patient.expectMessage(text.ru.firstName);
    await patient.send('/cancel');
    await patient.expectMessage(/Регистрация приостановлена/);
    await patient.send('/start');
    // Language, consents, phone and last name were kept.
    await patient.expectMessage(text.ru.firstName);
    await patient.send('Тимур');
    await patient.expectMessage(text.ru.middle);
  });

  it('creates one patient when "confirm" is tapped twice', async () => {
    const patient = await t.sandbox.user({ first_name: 'Асель', language_code: 'ru' });
    const iin = makeIin('1996-06-06', 'female');
    await upToIin(patient, 'ru');
    await patient.send(iin);
    const summary = await patient.expectMessage(text.ru.summary);
    const confirm = summary.buttons?.flat().find((b) => b.text === text.ru.confirm);
    const tap = () =>
      t.sandbox.request<{ answer?: { text?: string } }>(
        'POST',
        `/sandbox/api/users/${patient.id}/callbacks`,
        {
          message_id: summary.message_id,
          data: confirm?.data,
        },
      );
    await Promise.all([tap(), tap()]);
    await proveWithCode(patient, 'ru');
    // One code was sent, not two.
    expect(await t.sandbox.sms(patient.phone)).toHaveLength(1);
    const rows = (await t.app.orm.em
      .getConnection()
      .execute('select count(*)::int as n from patients_patient where iin_last4 = ?', [iin.slice(-4)])) as {
      n: number;
    }[];
    expect(rows[0]?.n).toBe(1);
  });

  it('copes with a patient who blocked the bot and serves everyone else', async () => {
    const quitter = await t.sandbox.user({ first_name: 'Блок', language_code: 'ru' });
    await quitter.send('/start');
    await quitter.expectMessage(/Выберите язык/);
    await quitter.block();
    await expect
      .poll(async () => {
        const rows = (await t.app.orm.em
          .getConnection()
          .execute('select blocked_at from patients_telegram_account where telegram_user_id = ?', [
            quitter.id,
          ])) as {
          blocked_at: Date | null;
        }[];
        return rows[0]?.blocked_at ?? null;
      })
      .not.toBeNull();

    const other = await t.sandbox.user({ first_name: 'Другой', language_code: 'ru' });
    await other.send('/start');
    await other.expectMessage(/Выберите язык/);

    await quitter.unblock();
    await quitter.send('/start');
    await quitter.expectMessage(/Выберите язык/);
  });
});
