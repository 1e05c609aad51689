import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/roles.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { failure } from '../../tests/support/errors.ts';
import { makeIin } from '../../tests/support/iin.ts';
import { CONSENT_TEXT_VERSION } from './index.ts';

let t: TestApp;
let nextUser = 5_000_000;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

function asTelegramUser(telegramUserId = ++nextUser) {
  const caller: Caller = { kind: 'bot', name: 'bot', telegramUserId };
  return { id: telegramUserId, api: t.app.caller(caller).patients };
}

async function register(api: ReturnType<typeof asTelegramUser>['api'], iin: string, phone = '+77011234567') {
  await api.registration.chooseLanguage({ language: 'kk' });
  await api.registration.answerConsents({ version: CONSENT_TEXT_VERSION, accepted: true });
  await api.registration.answerMarketing({ optIn: false });
  await api.registration.setPhone({ phone });
  await api.registration.setNamePart({ part: 'last', value: 'сейтқали' });
  await api.registration.setNamePart({ part: 'first', value: 'АЙГЕРІМ' });
  await api.registration.setNamePart({ part: 'middle', value: null });
  await api.registration.setIin({ iin });
  return api.registration.complete();
}

describe('registration through the API', () => {
  it('walks the steps, derives birth date and sex, and keeps the IIN only encrypted', async () => {
    const { api } = asTelegramUser();
    expect((await api.registration.state()).step).toBe('language');
    await api.registration.chooseLanguage({ language: 'ru' });
    const stale = await failure(api.registration.answerConsents({ version: 'old', accepted: true }));
    expect(stale.domain).toMatchObject({ code: 'consent_outdated' });
    expect(
      (await api.registration.answerConsents({ version: CONSENT_TEXT_VERSION, accepted: false })).step,
    ).toBe('consents');
    expect(
      (await api.registration.answerConsents({ version: CONSENT_TEXT_VERSION, accepted: true })).step,
    ).toBe('marketing');
    expect((await api.registration.answerMarketing({ optIn: true })).step).toBe('phone');
    expect((await api.registration.setPhone({ phone: '8 (701) 555-12-34' })).draft.phone).toBe(
      '+77015551234',
    );
    await api.registration.setNamePart({ part: 'last', value: 'иванова-петрова' });
    await api.registration.setNamePart({ part: 'first', value: 'анна' });
    expect((await api.registration.setNamePart({ part: 'middle', value: null })).step).toBe('iin');
    const iin = makeIin('1990-05-17', 'female');
    const summary = await api.registration.setIin({ iin });
    expect(summary).toMatchObject({
      step: 'summary',
      draft: {
        lastName: 'Иванова-Петрова',
        firstName: 'Анна',
        middleName: '',
        birthDate: '1990-05-17',
        sex: 'female',
        iinMasked: `••••••••${iin.slice(-4)}`,
      },
    });
    const patient = await api.registration.complete();
    expect(patient).toMatchObject({ firstName: 'Анна', birthDate: '1990-05-17' });
    expect(await api.me()).toEqual({ language: 'ru', registered: true, firstName: 'Анна' });

    const rows = await t.app.orm.em
      .getConnection()
      .execute('select iin_cipher, iin_hash from patients_patient where id = ?', [patient.id]);
    expect(JSON.stringify(rows)).not.toContain(iin);
    const profile = await api.profile.get();
    expect(profile.consents).toMatchObject({
      personal_data: { granted: true, version: CONSENT_TEXT_VERSION },
      medical_data: { granted: true },
      marketing: { granted: true },
    });
  });

  it('refuses someone else’s contact and bad phone numbers', async () => {
    const { id, api } = asTelegramUser();
    await api.registration.chooseLanguage({ language: 'kk' });
    expect(
      (await failure(api.registration.setPhone({ phone: '+77011112233', contactUserId: id + 1 }))).domain
        ?.code,
    ).toBe('contact_not_own');
    expect((await failure(api.registration.setPhone({ phone: '12345' }))).domain?.code).toBe('phone_invalid');
    expect(
      (await failure(api.registration.setNamePart({ part: 'first', value: 'R2-D2' }))).domain?.code,
    ).toBe('name_invalid');
  });

  it('links an IIN the clinic knows to that patient, adding the phone, and refuses it to a second account', async () => {
    const iin = makeIin('1975-01-20', 'male');
    const first = asTelegramUser();
    const patient = await register(first.api, iin, '+77017770000');
    // The same person erases their link and comes back from another phone: same record.
    await first.api.profile.deleteMyData({ confirm: true });
    const again = asTelegramUser();
    const relinked = await register(again.api, iin, '+77017771111');
    expect(relinked.id).toBe(patient.id);
    expect((await again.api.profile.get()).phone).toBe('+77017771111');

    const intruder = asTelegramUser();
    await intruder.api.registration.chooseLanguage({ language: 'ru' });
    expect((await failure(intruder.api.registration.setIin({ iin }))).domain?.code).toBe('iin_taken');
  });

  it('creates one patient however many times completion is tapped at once', async () => {
    const { api } = asTelegramUser();
    const iin = makeIin('1988-08-08', 'female');
    await register(api, iin).catch(() => undefined);
    const results = await Promise.all([
      api.registration.complete(),
      api.registration.complete(),
      api.registration.complete(),
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [row] = (await t.app.orm.em
      .getConnection()
      .execute('select count(*)::int as n from patients_patient where iin_last4 = ?', [iin.slice(-4)])) as {
      n: number;
    }[];
    expect(row?.n).toBe(1);
  });
});

describe('family', () => {
  it('adds a child by IIN and name, lists and removes them, and guards others’ records', async () => {
    const parent = asTelegramUser();
    await register(parent.api, makeIin('1985-03-03', 'female'));
    const childIin = makeIin('2016-09-01', 'male');
    const list = await parent.api.family.add({
      iin: childIin,
      lastName: 'Сейтқали',
      firstName: 'Нұрлан',
      relation: 'child',
    });
    expect(list).toEqual([
      expect.objectContaining({
        firstName: 'Нұрлан',
        birthDate: '2016-09-01',
        sex: 'male',
        relation: 'child',
      }),
    ]);
    const dup = await failure(
      parent.api.family.add({ iin: childIin, lastName: 'Сейтқали', firstName: 'Нұрлан', relation: 'child' }),
    );
    expect(dup.domain?.code).toBe('dependant_exists');

    // A second parent links the same child only with the right name.
    const other = asTelegramUser();
    await register(other.api, makeIin('1984-04-04', 'male'));
    const wrongName = await failure(
      other.api.family.add({ iin: childIin, lastName: 'Иванов', firstName: 'Иван', relation: 'child' }),
    );
    expect(wrongName.domain?.code).toBe('dependant_name_mismatch');
    expect(
      await other.api.family.add({
        iin: childIin,
        lastName: 'сейтқали',
        firstName: 'нұрлан',
        relation: 'child',
      }),
    ).toHaveLength(1);

    const removed = await parent.api.family.remove({ dependantId: list[0]!.id });
    expect(removed).toEqual([]);
    expect((await failure(parent.api.family.remove({ dependantId: list[0]!.id }))).domain?.code).toBe(
      'dependant_not_found',
    );
  });

  it('refuses to make a self-managed patient someone’s dependant', async () => {
    const adultIin = makeIin('1960-02-02', 'male');
    const adult = asTelegramUser();
    await register(adult.api, adultIin);
    const child = asTelegramUser();
    await register(child.api, makeIin('1990-02-02', 'female'));
    const seen = await failure(
      child.api.family.add({ iin: adultIin, lastName: 'Сейтқали', firstName: 'Айгерім', relation: 'parent' }),
    );
    expect(seen.domain?.code).toBe('dependant_has_account');
  });
});

describe('bot state', () => {
  it('keeps state per Telegram user and refuses other users’ keys', async () => {
    const a = asTelegramUser();
    const state = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: a.id }).botState;
    await state.write({ key: `session:${a.id}`, value: { step: 2 } });
    expect(await state.read({ key: `session:${a.id}` })).toEqual({ step: 2 });
    expect((await failure(state.read({ key: `session:${a.id + 1}` }))).code).toBe('FORBIDDEN');
  });
});
