import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceToken, startTestApp, type TestApp } from '../../tests/support/app.ts';
import { failure } from '../../tests/support/errors.ts';
import { makeIin } from '../../tests/support/iin.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { seedDemoClinic } from '../clinic/index.ts';

/**
 * The front desk serves callers who are not in Telegram: registers them from their ID card, finds
 * patients by name (however it is spelt), IIN or phone, and sees whom to call about a low score.
 */
let t: TestApp;
let nextUser = 7_600_000;
let nextPhone = 0;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoClinic({ em: t.app.orm.em.fork() });
});
afterAll(() => t.stop());

const staff = async (role: 'admin' | 'registrar' | 'operator' | 'doctor' | 'marketer') =>
  t.client(await t.tokenFor(role));
/** A fresh made-up phone, typed the way a caller dictates it (8 and spaces). */
const dictatedPhone = () => {
  const digits = String(7_000_000 + (process.pid % 1000) * 1000 + ++nextPhone).slice(-7);
  return { typed: `8 705 ${digits.slice(0, 3)} ${digits.slice(3)}`, e164: `+7705${digits}` };
};
/** The desk's two statements: the phone is the caller's own, and they signed the consent. */
const ownPhoneSigned = { phoneIsOwn: true, consentSigned: true } as const;
const auditRows = async (patientId: number, action: string) =>
  (await t.app.orm.em
    .fork()
    .getConnection()
    .execute(`select actor from patients_audit_entry where patient_id = ? and action = ?`, [
      patientId,
      action,
    ])) as { actor: string }[];
const patientCount = async () =>
  Number(
    (
      (await t.app.orm.em.fork().getConnection().execute('select count(*) as n from patients_patient')) as {
        n: string;
      }[]
    )[0]!.n,
  );

/** Registration in the bot as the API sees it, up to its last step. */
const inBot = async (
  telegramUserId: number,
  iin: string,
  shared: { phone: string; contactUserId?: number },
) => {
  const api = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId }).patients;
  const { consentVersion } = await api.registration.state();
  await api.registration.chooseLanguage({ language: 'kk' });
  await api.registration.answerConsents({ version: consentVersion, accepted: true });
  await api.registration.answerMarketing({ optIn: false });
  await api.registration.setPhone(shared);
  await api.registration.setNamePart({ part: 'last', value: 'Жумабекова' });
  await api.registration.setNamePart({ part: 'first', value: 'Алия' });
  await api.registration.setNamePart({ part: 'middle', value: null });
  await api.registration.setIin({ iin });
  await api.registration.complete();
  return api;
};

describe('registering a caller at the desk', () => {
  it('registers name, IIN and phone as the bot would, and never makes a second record for an IIN', async () => {
    const registrar = await staff('registrar');
    const iin = makeIin('1979-03-21', 'male');
    const phone = dictatedPhone();
    const made = await registrar.patients.staff.register.mutate({
      lastName: 'АХМЕТОВ',
      firstName: 'нұрлан',
      iin,
      phone: phone.typed,
      ...ownPhoneSigned,
    });
    expect(made).toMatchObject({
      lastName: 'Ахметов',
      firstName: 'Нұрлан',
      middleName: null,
      birthDate: '1979-03-21',
      sex: 'male',
      phone: phone.e164,
    });
    expect(made.iinMasked).not.toContain(iin.slice(0, 8));
    // Sealed at rest: neither the IIN nor the phone is in the row in clear.
    const [row] = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select * from patients_patient where id = ?', [made.id])) as Record<string, unknown>[];
    expect(JSON.stringify(row)).not.toContain(iin);
    expect(JSON.stringify(row)).not.toContain(phone.e164.slice(1));
    expect((await auditRows(made.id, 'patient.create_at_desk')).map((a) => a.actor)).toEqual([
      'service:test-registrar',
    ]);
    // The consent signed on paper is in the ledger; marketing is never assumed.
    const consents = await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select purpose, granted, channel from patients_consent_record where patient_id = ?', [
        made.id,
      ]);
    expect(consents).toEqual([{ purpose: 'personal_data', granted: true, channel: 'staff' }]);

    // The same IIN again (another spelling, another phone): the existing record is named, nothing changes.
    const before = await patientCount();
    const again = await failure(
      registrar.patients.staff.register.mutate({
        lastName: 'Ахмет',
        firstName: 'Нурлан',
        iin,
        phone: dictatedPhone().typed,
        ...ownPhoneSigned,
      }),
    );
    expect(again.code).toBe('CONFLICT');
    expect(again.domain).toMatchObject({ code: 'patient_exists', params: { patientId: made.id } });
    expect(await patientCount()).toBe(before);
    const [found] = await registrar.booking.staff.findPatients.query({ iin });
    expect(found).toMatchObject({ id: made.id, lastName: 'Ахметов', phone: phone.e164 });
  });

  it('refuses a wrong IIN, phone or name with a clear error and creates nothing', async () => {
    const registrar = await staff('admin');
    const before = await patientCount();
    const good = {
      lastName: 'Сейітова',
      firstName: 'Дана',
      iin: makeIin('1990-01-01', 'female'),
      phone: dictatedPhone().typed,
      ...ownPhoneSigned,
    };
    const bad = [
      [{ ...good, iin: `${good.iin.slice(0, 11)}${(Number(good.iin[11]) + 1) % 10}` }, 'iin_checksum'],
      [{ ...good, iin: '12345' }, 'iin_format'],
      [{ ...good, phone: '12' }, 'phone_invalid'],
      [{ ...good, firstName: 'Дана<script>' }, 'name_invalid'],
    ] as const;
    for (const [input, code] of bad) {
      const seen = await failure(registrar.patients.staff.register.mutate(input));
      expect(seen.domain, code).toMatchObject({ module: 'patients', code });
    }
    expect(await patientCount()).toBe(before);
  });

  it('is refused to a doctor, a marketer and an operator, and so is the search', async () => {
    const input = {
      lastName: 'Чужой',
      firstName: 'Пациент',
      iin: makeIin('1985-05-05', 'male'),
      phone: dictatedPhone().typed,
      ...ownPhoneSigned,
    };
    const before = await patientCount();
    for (const role of ['doctor', 'marketer', 'operator'] as const) {
      const api = await staff(role);
      expect((await failure(api.patients.staff.register.mutate(input))).code).toBe('FORBIDDEN');
      expect((await failure(api.booking.staff.findPatients.query({ name: 'Ахметов' }))).code).toBe(
        'FORBIDDEN',
      );
    }
    expect(await patientCount()).toBe(before);
  });

  it('links the record when the person later registers in the bot with that IIN and phone, and only with proof', async () => {
    const registrar = await staff('registrar');
    const iin = makeIin('1992-07-30', 'female');
    const phone = dictatedPhone();
    const made = await registrar.patients.staff.register.mutate({
      lastName: 'Жұмабекова',
      firstName: 'Әлия',
      iin,
      phone: phone.typed,
      ...ownPhoneSigned,
    });
    // Someone who only knows the IIN, with another phone typed in: sees nothing of the record.
    const stranger = await inBot(++nextUser, iin, { phone: dictatedPhone().e164 });
    expect((await failure(stranger.profile.get())).code).toBe('FORBIDDEN');
    // The person herself shares the phone the desk wrote down with Telegram's contact button: linked.
    const owner = ++nextUser;
    const herself = await inBot(owner, iin, { phone: phone.e164, contactUserId: owner });
    const profile = await herself.profile.get();
    expect(profile).toMatchObject({
      id: made.id,
      lastName: 'Жұмабекова',
      firstName: 'Әлия',
      phone: phone.e164,
    });
  });
});

describe('"call the clinic" outside a visit', () => {
  it('gives the clinic’s phone to the account a record moved away from', async () => {
    const iin = makeIin('1983-04-04', 'male');
    const first = ++nextUser;
    const profile = await registerPatient(t.app, first, { iin, firstName: 'Нурлан', lastName: 'Беков' });
    // The same person on a new account, the phone shared with Telegram's button: the record moves.
    const second = ++nextUser;
    await inBot(second, iin, { phone: profile.phone!, contactUserId: second });
    const [notice] = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute(`select params from notifications_delivery where purpose = 'identity.moved' and chat_id = ?`, [
        first,
      ])) as { params: { phone: string } }[];
    const main = (await t.client().clinic.branches.list.query())[0]!;
    expect(notice?.params.phone).toBe(main.phone);
    expect(main.phone).toMatch(/^\+7\d{10}$/);
  });
});

describe('finding patients by name', () => {
  it('finds Kazakh and Russian spellings, any case, ё or е, words in any order, and audits each find', async () => {
    const registrar = await staff('registrar');
    const aigerim = await registrar.patients.staff.register.mutate({
      lastName: 'Сейтқалиева',
      firstName: 'Айгерім',
      middleName: 'Нұрланқызы',
      iin: makeIin('1991-11-11', 'female'),
      phone: dictatedPhone().typed,
      ...ownPhoneSigned,
    });
    const fyodor = await registrar.patients.staff.register.mutate({
      lastName: 'Королёв',
      firstName: 'Фёдор',
      iin: makeIin('1970-02-02', 'male'),
      phone: dictatedPhone().typed,
      ...ownPhoneSigned,
    });
    const ids = async (name: string) =>
      (await registrar.booking.staff.findPatients.query({ name })).map((p) => p.id);
    for (const spelling of [
      'Айгерим',
      'АЙГЕРІМ',
      'айгерим сейткалиева',
      'Сейтқалиева Айгерім',
      'сейткали',
      'нурланкызы',
    ])
      expect(await ids(spelling), spelling).toContain(aigerim.id);
    for (const spelling of ['Королев', 'федор королёв', 'KOPOЛEB'])
      expect(await ids(spelling), spelling).toContain(fyodor.id);
    // Each word must begin a part of the name: a letter pair inside a name is no match.
    expect(await ids('герим')).not.toContain(aigerim.id);
    expect(await ids('Айгерим Королев')).toEqual([]);
    // A typed wildcard is a character, not "everyone".
    expect(await ids('%%')).toEqual([]);
    expect((await auditRows(aigerim.id, 'patient.find')).length).toBeGreaterThan(0);
  });
  it('finds Latin spellings, double names and a first name typed with the middle name, best match first', async () => {
    const registrar = await staff('registrar');
    const register = (lastName: string, firstName: string, middleName: string | null, birth: string) =>
      registrar.patients.staff.register.mutate({
        lastName,
        firstName,
        middleName,
        iin: makeIin(birth, 'male'),
        phone: dictatedPhone().typed,
        ...ownPhoneSigned,
      });
    const nurlan = await register('Абенов', 'Нұрлан', null, '1985-03-04');
    const zhanar = await register('Абенова-Сейтқали', 'Жанар', 'Серікқызы', '1990-05-06');
    const aliya = await register('Абенова', 'Әлия', null, '1992-07-08');
    const ids = async (name: string) =>
      (await registrar.booking.staff.findPatients.query({ name })).map((p) => p.id);

    // A receptionist types what she hears, in the alphabet at hand.
    for (const spelling of ['Nurlan Abenov', 'Abenov', 'abenov nurlan', 'НУРЛАН абенов'])
      expect((await ids(spelling))[0], spelling).toBe(nurlan.id);
    for (const spelling of ['Zhanar', 'Janar', 'Жанар', 'Джанар', 'Abenova-Seitkali Zhanar'])
      expect(await ids(spelling), spelling).toContain(zhanar.id);
    for (const spelling of ['Aliya', 'Aliia', 'Алия', 'Әлия Абенова'])
      expect(await ids(spelling), spelling).toContain(aliya.id);
    // One part of a double last name, the parts with a space or a hyphen, a first name with the middle one.
    for (const spelling of [
      'Сейткали',
      'Абенова Сейткали',
      'абенова-сейтқали',
      'Жанар Сериккызы',
      'Zhanar Serikkyzy',
    ])
      expect(await ids(spelling), spelling).toContain(zhanar.id);

    // The whole word typed ranks before a name it only begins: Абенов, then the Абеновы.
    const abenov = await ids('Абенов');
    expect(abenov[0]).toBe(nurlan.id);
    expect(abenov).toEqual(expect.arrayContaining([zhanar.id, aliya.id]));
    expect((await ids('Абенова Жанар'))[0]).toBe(zhanar.id);
    // When no name begins so, one spelt a little differently is found: the receptionist added a
    // female ending to Сейтқали.
    expect(await ids('Seitkalieva Zhanar')).toEqual([zhanar.id]);
    // Every typed word must fit: another first name is not this patient.
    expect(await ids('Abenov Zhanar')).not.toContain(nurlan.id);
    expect(await ids('Жанар Айгерим')).toEqual([]);
  });
});

describe('NPS follow-ups', () => {
  it('show the operator the patient’s name and phone, and audit each read', async () => {
    const telegramUserId = ++nextUser;
    const profile = await registerPatient(t.app, telegramUserId, {
      firstName: 'Нұрлан',
      lastName: 'Оспанов',
    });
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId });
    const branch = (await t.client().clinic.branches.list.query())[0]!;
    const services = await t.client().clinic.services.ofBranch.query({ branchId: branch.id });
    const consult = services.find((s) => s.name.ru.includes('терапевта') && !s.online)!;
    const [doctor] = await t
      .client()
      .clinic.doctors.forService.query({ branchId: branch.id, serviceId: consult.id });
    const therapy = { branchId: branch.id, serviceId: consult.id, doctorId: doctor!.id };
    const from = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 12 * 86_400_000).toISOString().slice(0, 10);
    const { days } = await t.client().booking.availability.query({ ...therapy, from, to });
    const slot = days.flatMap((d) => d.slots)[3]!;
    const visit = await bot.booking.book({ ...therapy, startsAt: slot.startsAt });
    t.clock.advance(slot.startsAt.getTime() - t.clock.now().getTime() + 60_000);
    const registrar = await staff('registrar');
    for (const status of ['arrived', 'in_progress', 'completed'] as const)
      await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status });
    await bot.feedback.answer({ appointmentId: visit.id, score: 2 });

    const operator = t.client(await serviceToken(t.app, 'operator'));
    const open = (await operator.feedback.followUps.query({ status: 'open' })).items;
    const item = open.find((f) => f.appointmentId === visit.id)!;
    expect(item.patient).toEqual({
      id: profile.id,
      lastName: 'Оспанов',
      firstName: 'Нұрлан',
      middleName: null,
      phone: profile.phone,
    });
    expect(item.patient?.phone).toMatch(/^\+7\d{10}$/);
    expect((await auditRows(profile.id, 'feedback.follow_up.read')).map((a) => a.actor)).toContain(
      'service:test-operator',
    );
    // A doctor or a marketer is not shown the list at all, so reads nothing.
    for (const role of ['doctor', 'marketer'] as const) {
      const api = await staff(role);
      expect((await failure(api.feedback.followUps.query({}))).code, role).toBe('FORBIDDEN');
    }
  });
});
