import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/roles.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { failure } from '../../tests/support/errors.ts';
import { makeIin } from '../../tests/support/iin.ts';
import { CONSENT_TEXT_VERSION } from './patients.policy.ts';

let t: TestApp;
let nextUser = 5_000_000;
let nextPhone = 1000;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const phone = () =>
  `+7701${String(process.pid % 1000).padStart(3, '0')}${String(++nextPhone).padStart(4, '0')}`;

function asTelegramUser(telegramUserId = ++nextUser) {
  const caller: Caller = { kind: 'bot', name: 'bot', telegramUserId };
  return { id: telegramUserId, api: t.app.caller(caller).patients };
}

/** Every step up to the summary, then "all correct". */
async function upToProof(
  user: ReturnType<typeof asTelegramUser>,
  iin: string,
  options: { phone: string; shared?: boolean; names?: [string, string] },
) {
  const { api } = user;
  await api.registration.chooseLanguage({ language: 'kk' });
  await api.registration.answerConsents({ version: CONSENT_TEXT_VERSION, accepted: true });
  await api.registration.answerMarketing({ optIn: false });
  await api.registration.setPhone({
    phone: options.phone,
    ...(options.shared ? { contactUserId: user.id } : {}),
  });
  await api.registration.setNamePart({ part: 'last', value: options.names?.[0] ?? 'сейтқали' });
  await api.registration.setNamePart({ part: 'first', value: options.names?.[1] ?? 'АЙГЕРІМ' });
  await api.registration.setNamePart({ part: 'middle', value: null });
  await api.registration.setIin({ iin });
  return api.registration.complete();
}

/** A registration finished with the code the SMS stand-in delivered to `phone`. */
async function register(user: ReturnType<typeof asTelegramUser>, iin: string, to = phone()) {
  const state = await upToProof(user, iin, { phone: to });
  expect(state.step).toBe('verify');
  const { code } = await t.sandbox.codeSentTo(to);
  return user.api.registration.enterCode({ code });
}

/**
 * A fresh view of a user: `app.caller` keeps one entity manager for all its calls (a request of
 * the real API gets its own), so after another account changed things, ask through a new one.
 */
const fresh = (user: { id: number }) => asTelegramUser(user.id).api;
const patientIdOf = async (user: { id: number }) => (await fresh(user).profile.get()).id;

describe('registration through the API', () => {
  it('walks the steps, proves the phone with a code, and keeps the IIN and phone only encrypted', async () => {
    const user = asTelegramUser();
    const { api } = user;
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
    const typed = phone();
    const digits = typed.slice(2);
    expect(
      (await api.registration.setPhone({ phone: `8 (${digits.slice(0, 3)}) ${digits.slice(3)}` })).draft
        .phone,
    ).toBe(typed);
    await api.registration.setNamePart({ part: 'last', value: 'иванова-петрова' });
    await api.registration.setNamePart({ part: 'first', value: 'анна' });
    expect((await api.registration.setNamePart({ part: 'middle', value: null })).step).toBe('iin');
    const iin = makeIin('1990-05-17', 'female');
    // The account the bot reads on every update says which question a typed answer answers.
    expect(await api.me()).toMatchObject({ registered: false, patientId: null, registrationStep: 'iin' });
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
    // At rest, the draft holds neither the IIN nor the phone in clear.
    const draft = await t.app.orm.em
      .getConnection()
      .execute('select * from patients_registration_draft where telegram_user_id = ?', [user.id]);
    expect(JSON.stringify(draft)).not.toContain(iin);
    expect(JSON.stringify(draft)).not.toContain(digits);

    const proving = await api.registration.complete();
    expect(proving).toMatchObject({ step: 'verify', verify: { sms: true, deskRequested: false } });
    const { code } = await t.sandbox.codeSentTo(typed);
    const done = await api.registration.enterCode({ code });
    expect(done).toMatchObject({ step: 'done', firstName: 'Анна' });
    const patientId = await patientIdOf(user);
    expect(await api.me()).toEqual({
      language: 'ru',
      registered: true,
      patientId,
      firstName: 'Анна',
      registrationStep: 'done',
    });

    const rows = await t.app.orm.em
      .getConnection()
      .execute('select iin_cipher, iin_hash from patients_patient where id = ?', [patientId]);
    expect(JSON.stringify(rows)).not.toContain(iin);
    const profile = await api.profile.get();
    expect(profile.consents).toMatchObject({
      personal_data: { granted: true, version: CONSENT_TEXT_VERSION },
      medical_data: { granted: true },
      marketing: { granted: true },
    });
  });

  it('refuses someone else’s contact, bad phone numbers and a child’s IIN', async () => {
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
    const eightYearOld = makeIin('2018-06-01', 'male');
    const minor = await failure(api.registration.setIin({ iin: eightYearOld }));
    expect(minor.domain).toMatchObject({ code: 'minor_self_registration', params: { adultAge: 18 } });
    expect((await api.registration.state()).draft.iinMasked).toBeNull();
  });

  it('links at once when Telegram vouches for the phone the clinic has, and moves the record from an older account', async () => {
    const iin = makeIin('1975-01-20', 'male');
    const mine = phone();
    const first = asTelegramUser();
    await register(first, iin, mine);
    const patientId = await patientIdOf(first);
    // The same person on a new Telegram account with the same number: shared with the button.
    const second = asTelegramUser();
    const state = await upToProof(second, iin, { phone: mine, shared: true });
    expect(state.step).toBe('done');
    expect(await patientIdOf(second)).toBe(patientId);
    expect((await fresh(first).me()).registered).toBe(false);
  });

  it('gives a known IIN with someone else’s phone nothing but the code step, and wrong codes run out', async () => {
    const iin = makeIin('1979-07-07', 'female');
    const owner = asTelegramUser();
    const ownersPhone = phone();
    await register(owner, iin, ownersPhone);
    const before = (await t.sandbox.sms(ownersPhone)).length;

    const intruder = asTelegramUser();
    const intrudersPhone = phone();
    const state = await upToProof(intruder, iin, { phone: intrudersPhone, shared: true });
    // Exactly what a new patient sees: the code step, nothing of the record.
    expect(state).toMatchObject({ step: 'verify', firstName: null });
    expect(JSON.stringify(state)).not.toContain(ownersPhone.slice(-4));
    // The code went to the owner's phone, not to the intruder's.
    await t.sandbox.codeSentTo(ownersPhone, (await t.sandbox.sms(ownersPhone)).at(before - 1)?.id ?? 0);
    expect(await t.sandbox.sms(intrudersPhone)).toEqual([]);
    for (let left = 4; left >= 1; left--) {
      const wrong = await failure(intruder.api.registration.enterCode({ code: '000000' }));
      expect(wrong.domain).toMatchObject({ code: 'code_wrong', params: { attemptsLeft: left } });
    }
    expect((await failure(intruder.api.registration.enterCode({ code: '000000' }))).domain?.code).toBe(
      'code_expired',
    );
    expect((await failure(intruder.api.profile.get())).domain?.code).toBe('not_registered');
    // And asking for codes again and again is refused soon.
    const tooSoon = await failure(intruder.api.registration.sendCodeAgain());
    expect(tooSoon.domain?.code).toBe('code_rate_limited');
    expect((await fresh(owner).me()).registered).toBe(true);
  });

  it('counts guesses sent side by side one by one: twenty at once still get five tries', async () => {
    const user = asTelegramUser();
    await upToProof(user, makeIin('1977-07-17', 'male'), { phone: phone() });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        failure(user.api.registration.enterCode({ code: String(100000 + i) })),
      ),
    );
    const codes = outcomes.map((o) => o.domain?.code);
    expect(codes.filter((c) => c === 'code_wrong')).toHaveLength(4);
    expect(codes.filter((c) => c === 'code_expired')).toHaveLength(16);
  });

  it('lets the desk confirm a person whose record has no phone, and tells them', async () => {
    const iin = makeIin('1968-11-11', 'male');
    const before = asTelegramUser();
    await register(before, iin);
    const patientId = await patientIdOf(before);
    await before.api.profile.deleteMyData({ confirm: true });

    const back = asTelegramUser();
    expect((await upToProof(back, iin, { phone: phone() })).step).toBe('verify');
    const asked = (await back.api.registration.askDesk()).verify!;
    expect(asked).toMatchObject({
      sms: true,
      deskRequested: true,
      deskReference: expect.stringMatching(/^\d{6}$/),
    });
    // Someone else typed the same IIN and asked the desk too: staff see it.
    const other = asTelegramUser();
    await upToProof(other, iin, { phone: phone(), names: ['Чужой', 'Человек'] });
    await other.api.registration.askDesk();
    const registrar = t.client(await t.tokenFor('registrar'));
    const queue = (await registrar.patients.staff.identityChecks.query({})).items;
    const check = queue.find(
      (c) => c.typed.iinMasked?.endsWith(iin.slice(-4)) && c.typed.lastName === 'Сейтқали',
    )!;
    expect(check).toMatchObject({
      record: { id: patientId },
      typed: { firstName: 'Айгерім' },
      otherPendingForIin: 1,
    });
    // The queue never shows the reference: only the person at the desk can give it.
    expect(JSON.stringify(queue)).not.toContain(asked.deskReference!);
    const wrong = await failure(
      registrar.patients.staff.decideIdentity.mutate({ id: check.id, approve: true, reference: '000000' }),
    );
    expect(wrong.domain?.code).toBe('check_reference');
    const decided = await registrar.patients.staff.decideIdentity.mutate({
      id: check.id,
      approve: true,
      reference: asked.deskReference,
    });
    expect(decided.status).toBe('approved');
    expect(await patientIdOf(back)).toBe(patientId);
    const again = await failure(
      registrar.patients.staff.decideIdentity.mutate({ id: check.id, approve: false }),
    );
    expect(again.domain?.code).toBe('check_decided');
  });

  it('starts the proof over when an answer changes after the summary', async () => {
    const user = asTelegramUser();
    const to = phone();
    expect((await upToProof(user, makeIin('1984-04-14', 'female'), { phone: to })).step).toBe('verify');
    const { code } = await t.sandbox.codeSentTo(to);
    await user.api.registration.askDesk();
    const changed = await user.api.registration.setNamePart({ part: 'first', value: 'Другое' });
    expect(changed.step).toBe('summary');
    // The code and the desk request were for the old answers.
    expect((await failure(user.api.registration.enterCode({ code }))).domain?.code).toBe('code_expired');
    const registrar = t.client(await t.tokenFor('registrar'));
    const pending = (await registrar.patients.staff.identityChecks.query({})).items;
    expect(pending.map((c) => c.typed.firstName)).not.toContain('Другое');
  });

  it('creates one patient however many times completion and the code are sent at once', async () => {
    const user = asTelegramUser();
    const iin = makeIin('1988-08-08', 'female');
    const to = phone();
    await upToProof(user, iin, { phone: to });
    const states = await Promise.all([
      user.api.registration.complete(),
      user.api.registration.complete(),
      user.api.registration.complete(),
    ]);
    expect(states.map((s) => s.step)).toEqual(['verify', 'verify', 'verify']);
    const { code } = await t.sandbox.codeSentTo(to);
    const results = await Promise.allSettled([
      user.api.registration.enterCode({ code }),
      user.api.registration.enterCode({ code }),
      user.api.registration.enterCode({ code }),
    ]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    const [row] = (await t.app.orm.em
      .getConnection()
      .execute('select count(*)::int as n from patients_patient where iin_last4 = ?', [iin.slice(-4)])) as {
      n: number;
    }[];
    expect(row?.n).toBe(1);
    expect((await fresh(user).me()).registered).toBe(true);
  });
});

describe('phones at rest', () => {
  it('keeps the phone on record sealed, finds it by its hash, and seals phones an older build left in clear', async () => {
    const user = asTelegramUser();
    const mine = phone();
    await register(user, makeIin('1966-06-16', 'female'), mine);
    const sql = t.app.orm.em.getConnection();
    const [row] = (await sql.execute('select * from patients_patient where id = ?', [
      await patientIdOf(user),
    ])) as Record<string, unknown>[];
    expect(JSON.stringify(row)).not.toContain(mine.slice(2));
    const registrar = t.client(await t.tokenFor('registrar'));
    const found = await registrar.booking.staff.findPatients.query({ phone: mine });
    expect(found.map((p) => p.phone)).toEqual([mine]);

    // A record from before phones were sealed: the next start seals it.
    const old = makeIin('1961-01-16', 'male');
    await sql.execute(
      `insert into patients_patient (last_name, first_name, iin_cipher, iin_hash, iin_last4, birth_date, sex, phone, created_at, updated_at)
       values ('Старый', 'Пациент', ?, ?, ?, '1961-01-16', 'male', '+77019990101', now(), now())`,
      [await t.app.vault.encrypt(old), await t.app.vault.hash(old), old.slice(-4)],
    );
    const { sealLegacyPhones } = await import('./patients.phone.ts');
    expect(await sealLegacyPhones(t.app.orm.em.fork(), t.app.vault)).toBe(1);
    const clear = (await sql.execute(
      'select count(*)::int as n from patients_patient where phone is not null',
    )) as {
      n: number;
    }[];
    expect(clear[0]!.n).toBe(0);
    expect(
      (await registrar.booking.staff.findPatients.query({ phone: '+7 701 999 01 01' })).map(
        (p) => p.lastName,
      ),
    ).toEqual(['Старый']);
  });
});

describe('family', () => {
  it('adds a new child at once, lists and removes them', async () => {
    const parent = asTelegramUser();
    await register(parent, makeIin('1985-03-03', 'female'));
    const childIin = makeIin('2016-09-01', 'male');
    const added = await parent.api.family.add({
      iin: childIin,
      lastName: 'Сейтқали',
      firstName: 'Нұрлан',
      relation: 'child',
    });
    expect(added.outcome).toBe('added');
    expect(added.family.dependants).toEqual([
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
    const id = added.family.dependants[0]!.id;
    expect((await parent.api.family.remove({ dependantId: id })).dependants).toEqual([]);
    expect((await failure(parent.api.family.remove({ dependantId: id }))).domain?.code).toBe(
      'dependant_not_found',
    );
  });

  it('asks the parent before a second account gets a known child, whatever the names typed', async () => {
    const parent = asTelegramUser();
    await register(parent, makeIin('1983-05-05', 'female'));
    const childIin = makeIin('2015-02-02', 'female');
    await parent.api.family.add({
      iin: childIin,
      lastName: 'Сейтқали',
      firstName: 'Әлия',
      relation: 'child',
    });

    const stranger = asTelegramUser();
    await register(stranger, makeIin('1980-01-01', 'male'));
    // Names right (typed the way people type them) or wrong: the same answer, nothing of the record.
    const right = await stranger.api.family.add({
      iin: childIin,
      lastName: 'СЕЙТКАЛИ',
      firstName: 'алия',
      relation: 'child',
    });
    const wrongIin = makeIin('2015-03-03', 'male');
    const other = asTelegramUser();
    await register(other, makeIin('1981-01-01', 'male'));
    await other.api.family.add({ iin: wrongIin, lastName: 'Иванов', firstName: 'Иван', relation: 'child' });
    const wrong = await stranger.api.family.add({
      iin: wrongIin,
      lastName: 'Петров',
      firstName: 'Пётр',
      relation: 'child',
    });
    expect(right.outcome).toBe('requested');
    expect(wrong.outcome).toBe('requested');
    expect(wrong.family.dependants).toEqual([]);
    expect(wrong.family.requests.map((r) => r.firstName)).toEqual(['Алия', 'Пётр']);

    const registrar = t.client(await t.tokenFor('registrar'));
    const queue = (await registrar.patients.staff.familyRequests.query({})).items;
    const mine = queue.filter((r) => r.requester.name.endsWith('Айгерім') && r.relation === 'child');
    expect(mine.find((r) => r.typed.firstName === 'Алия')).toMatchObject({
      approver: 'guardian',
      namesMatch: true,
    });
    expect(mine.find((r) => r.typed.firstName === 'Пётр')).toMatchObject({
      approver: 'staff',
      namesMatch: false,
    });
  });

  it('sends an adult’s request to them, and a request for an unknown adult to staff', async () => {
    const adultIin = makeIin('1960-02-02', 'male');
    const adult = asTelegramUser();
    await register(adult, adultIin);
    const child = asTelegramUser();
    await register(child, makeIin('1990-02-02', 'female'));
    const asked = await child.api.family.add({
      iin: adultIin,
      lastName: 'Сейтқали',
      firstName: 'Айгерім',
      relation: 'parent',
    });
    expect(asked.outcome).toBe('requested');
    const unknownAdult = await child.api.family.add({
      iin: makeIin('1958-03-03', 'female'),
      lastName: 'Бекова',
      firstName: 'Гүлнар',
      relation: 'parent',
    });
    expect(unknownAdult.outcome).toBe('requested');
    expect(unknownAdult.family.dependants).toEqual([]);
  });

  it('never lets an adult’s guardian give the adult away, and re-asks when the adult registered meanwhile', async () => {
    const registrar = t.client(await t.tokenFor('registrar'));
    const settle = async (iin: string) => {
      const queued = (await registrar.patients.staff.familyRequests.query({})).items;
      const request = queued.find((r) => r.typed.iinMasked.endsWith(iin.slice(-4)))!;
      return {
        request,
        decided: await registrar.patients.staff.decideFamilyRequest.mutate({ id: request.id, approve: true }),
      };
    };
    // A son manages his mother (no Telegram), approved by staff.
    const son = asTelegramUser();
    await register(son, makeIin('1975-05-15', 'male'));
    const motherIin = makeIin('1948-08-18', 'female');
    await son.api.family.add({ iin: motherIin, lastName: 'Бекова', firstName: 'Сара', relation: 'parent' });
    expect((await settle(motherIin)).decided.status).toBe('approved');
    // A stranger asks for her: staff decide, not the son.
    const stranger = asTelegramUser();
    await register(stranger, makeIin('1982-02-12', 'male'));
    await stranger.api.family.add({
      iin: motherIin,
      lastName: 'Бекова',
      firstName: 'Сара',
      relation: 'parent',
    });
    const queued = (await registrar.patients.staff.familyRequests.query({})).items.find(
      (r) => r.typed.iinMasked.endsWith(motherIin.slice(-4)) && r.status === 'pending',
    )!;
    expect(queued).toMatchObject({ approver: 'staff', namesMatch: true });

    // A request for an adult the clinic did not know; she registers before staff get to it.
    const auntIin = makeIin('1955-05-25', 'female');
    await stranger.api.family.add({
      iin: auntIin,
      lastName: 'Сейтқали',
      firstName: 'Айгерім',
      relation: 'other',
    });
    await register(asTelegramUser(), auntIin);
    const { decided } = await settle(auntIin);
    expect(decided.status).toBe('pending');
    const again = (await registrar.patients.staff.familyRequests.query({})).items.find((r) =>
      r.typed.iinMasked.endsWith(auntIin.slice(-4)),
    )!;
    expect(again).toMatchObject({ approver: 'self', record: { name: 'Сейтқали Айгерім' } });
    expect((await fresh(stranger).family.list()).dependants).toEqual([]);
  });

  it('lets staff end a guardianship taken on false grounds, and the guardian is told', async () => {
    const squatter = asTelegramUser();
    await register(squatter, makeIin('1990-09-09', 'male'));
    const added = await squatter.api.family.add({
      iin: makeIin('2017-07-27', 'female'),
      lastName: 'Чужая',
      firstName: 'Дочь',
      relation: 'child',
    });
    const child = added.family.dependants[0]!;
    const registrar = t.client(await t.tokenFor('registrar'));
    const [link] = await registrar.patients.staff.guardians.query({ patientId: child.id });
    expect(link).toMatchObject({ active: true, grantedBy: 'creator' });
    const after = await registrar.patients.staff.endGuardianship.mutate({ linkId: link!.linkId });
    expect(after[0]).toMatchObject({ active: false, endedReason: 'ended_by_staff' });
    expect((await fresh(squatter).family.list()).dependants).toEqual([]);
  });

  it('ends every guardianship of a person who deletes their data', async () => {
    const mother = asTelegramUser();
    const motherIin = makeIin('1957-07-07', 'female');
    await register(mother, motherIin);
    const son = asTelegramUser();
    await register(son, makeIin('1983-03-13', 'male'));
    await son.api.family.add({
      iin: motherIin,
      lastName: 'Сейтқали',
      firstName: 'Айгерім',
      relation: 'parent',
    });
    const { id: requestId } = (await son.api.family.list()).requests[0]!;
    // A forged answer from the son himself is refused; the mother says yes.
    expect((await failure(son.api.family.answerRequest({ requestId, approve: true }))).domain?.code).toBe(
      'request_not_found',
    );
    await mother.api.family.answerRequest({ requestId, approve: true });
    expect((await fresh(son).family.list()).dependants).toHaveLength(1);
    await fresh(mother).profile.deleteMyData({ confirm: true });
    expect((await fresh(son).family.list()).dependants).toEqual([]);
  });

  it('limits how many people one account may manage', async () => {
    const busy = asTelegramUser();
    await register(busy, makeIin('1970-10-10', 'female'));
    for (let i = 0; i < 10; i++) {
      await busy.api.family.add({
        iin: makeIin(`2012-01-${String(10 + i)}`, 'male'),
        lastName: 'Сейтқали',
        firstName: 'Бала',
        relation: 'child',
      });
    }
    const eleventh = await failure(
      busy.api.family.add({
        iin: makeIin('2013-01-01', 'male'),
        lastName: 'Сейтқали',
        firstName: 'Бала',
        relation: 'child',
      }),
    );
    expect(eleventh.domain).toMatchObject({ code: 'dependants_limit', params: { max: 10 } });
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

  it('opens an update with one call: the account as patients.me says it, and the user’s own state', async () => {
    const a = asTelegramUser();
    const b = asTelegramUser();
    const as = (id: number) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: id });
    await as(a.id).botState.write({ key: `session:${a.id}`, value: { promptMessageId: 7 } });
    await as(b.id).botState.write({ key: `conversation:${b.id}`, value: { theirs: true } });
    await a.api.registration.chooseLanguage({ language: 'kk' });
    const opened = await as(a.id).botState.open({ namespaces: ['session', 'conversation'] });
    expect(opened).toEqual({
      account: await a.api.me(),
      states: { session: { promptMessageId: 7 }, conversation: null },
    });
    expect(opened.account).toMatchObject({ language: 'kk', registered: false, registrationStep: 'consents' });
  });
});
