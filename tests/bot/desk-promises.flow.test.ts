import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy } from '../support/demo.ts';
import { failure } from '../support/errors.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import { REGISTRATION_TEXT, registrationSteps } from '../support/registration.ts';

/**
 * The desk's side of promises, with no staff chat configured: "running late" is on the day board
 * with the minutes (the staff-chat case is in reminders.flow), and a caller the desk registered
 * without Telegram finds their record when they come to the bot, with proof.
 */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  therapy = await demoTherapy(t);
});
afterAll(() => t.stop());

describe('running late without a staff chat', () => {
  it('is recorded on the day board with the minutes, in Kazakh', async () => {
    const p = await patientInChat(t, 'kk', 'Кешігуші');
    const from = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 13 * 86_400_000).toISOString().slice(0, 10);
    const { days } = await t.client().booking.availability.query({ ...therapy, from, to });
    const slot = days.flatMap((d) => d.slots)[2]!;
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.id }).booking;
    const visit = await bot.book({ ...therapy, startsAt: slot.startsAt });
    // Five minutes after the start, "have you arrived?" comes.
    await t.sandbox.advanceClock(Math.ceil((slot.startsAt.getTime() - t.clock.now().getTime()) / MINUTE) + 6);
    await p.expectMessage(/Сіз клиникадасыз ба\?/);
    await p.tap('⏱ Кешігіп жатырмын');
    const ask = await p.expectMessage(/Шамамен қанша уақытқа кешігесіз\?/);
    expect(ask.buttons?.flat().map((b) => b.text)).toEqual(['5 мин', '10 мин', '15 мин', '30 мин', '60 мин']);
    await p.tap('15 мин');
    await p.expectMessage(/Тіркеу бөліміне хабарладық: шамамен 15 минутқа кешігесіз/);

    const registrar = t.client(await t.tokenFor('registrar'));
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(slot.startsAt);
    const board = await registrar.booking.staff.dayBoard.query({ branchId: therapy.branchId, date: day });
    const row = board.find((a) => a.id === visit.id)!;
    expect(row.runningLate?.minutes).toBe(15);
    expect(row.status).toBe('booked');
    // Nothing pretends to have gone to a staff chat that does not exist.
    const timeline = await registrar.notifications.timeline.query({ appointmentId: visit.id });
    expect(timeline.filter((d) => d.recipient === 'staff_chat')).toEqual([]);

    // Saying it again (held up more) replaces the minutes: the board shows the latest word.
    await p.tap('⏱ Кешігіп жатырмын');
    await p.expectMessage(/Шамамен қанша уақытқа кешігесіз\?/);
    await p.tap('30 мин');
    await p.expectMessage(/шамамен 30 минутқа кешігесіз/);
    const again = await registrar.booking.staff.dayBoard.query({ branchId: therapy.branchId, date: day });
    expect(again.find((a) => a.id === visit.id)?.runningLate?.minutes).toBe(30);
  });
});

describe('a patient the desk registered without Telegram', () => {
  const { upToIin } = registrationSteps(() => t);
  const kk = REGISTRATION_TEXT.kk;

  it('is linked when they register in the bot sharing the phone the desk wrote down, and only then', async () => {
    const iin = makeIin('1987-09-09', 'male');
    const phone = '+77057770101';
    const registrar = t.client(await t.tokenFor('registrar'));
    const record = await registrar.patients.staff.register.mutate({
      lastName: 'Сейтқали',
      firstName: 'Нұрлан',
      iin,
      phone: '8 705 777 01 01',
      phoneIsOwn: true,
      consentSigned: true,
    });

    // Someone else with the IIN and their own phone: the code step, nothing of the record.
    const other = await t.sandbox.user({
      first_name: 'Басқа',
      language_code: 'kk',
      phone_number: '+77057770202',
    });
    await upToIin(other, 'kk', ['Сейтқали', 'Нұрлан']);
    await other.send(iin);
    await other.expectMessage(kk.summary);
    await other.tap(kk.confirm);
    await other.expectMessage(kk.verify);

    // The person himself, his Telegram phone the one on record: linked at once, to that record.
    const himself = await t.sandbox.user({ first_name: 'Нұрлан', language_code: 'kk', phone_number: phone });
    await upToIin(himself, 'kk', ['Сейтқали', 'Нурлан']);
    await himself.send(iin);
    await himself.expectMessage(kk.summary);
    await himself.tap(kk.confirm);
    await himself.expectMessage(kk.done);
    const profile = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: himself.id })
      .patients.profile.get();
    expect(profile.id).toBe(record.id);
  });

  it('is never linked through a relative’s phone the desk wrote down: only the desk, seeing the ID card, confirms', async () => {
    const iin = makeIin('1956-02-14', 'female');
    const daughtersPhone = '+77057770303';
    const registrar = t.client(await t.tokenFor('registrar'));
    const record = await registrar.patients.staff.register.mutate({
      lastName: 'Омарова',
      firstName: 'Күлән',
      iin,
      phone: '8 705 777 03 03',
      phoneIsOwn: false,
      consentSigned: true,
    });
    expect(record).toMatchObject({ phone: daughtersPhone, phoneIsOwn: false });

    // The daughter knows the IIN and holds the phone on record: she shares it with Telegram's
    // button, yet lands on the proof step like anyone, and no code goes to her phone.
    const daughter = await t.sandbox.user({
      first_name: 'Дана',
      language_code: 'kk',
      phone_number: daughtersPhone,
    });
    await upToIin(daughter, 'kk', ['Омарова', 'Күлән']);
    await daughter.send(iin);
    await daughter.expectMessage(kk.summary);
    await daughter.tap(kk.confirm);
    await daughter.expectMessage(kk.verify);
    const asDaughter = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: daughter.id }).patients;
    expect((await failure(asDaughter.profile.get())).code).toBe('FORBIDDEN');
    const codes = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select phone_cipher from patients_sms_code where telegram_user_id = ?', [daughter.id])) as {
      phone_cipher: string | null;
    }[];
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c.phone_cipher === null)).toBe(true);

    // The mother herself, with her own phone: confirmed at the desk, and her phone replaces the
    // daughter's as the one that proves her from now on.
    const mothersPhone = '+77057770404';
    const mother = await t.sandbox.user({
      first_name: 'Күлән',
      language_code: 'kk',
      phone_number: mothersPhone,
    });
    await upToIin(mother, 'kk', ['Омарова', 'Күлән']);
    await mother.send(iin);
    await mother.expectMessage(kk.summary);
    await mother.tap(kk.confirm);
    await mother.expectMessage(kk.verify);
    await mother.tap(/Клиникада растау/);
    const asked = await mother.expectMessage(/Өтінім нөмірі: (\d{6})/);
    const reference = /Өтінім нөмірі: (\d{6})/.exec(asked.text ?? '')![1]!;
    const queue = (await registrar.patients.staff.identityChecks.query({})).items;
    const check = queue.find((c) => c.record?.id === record.id && c.typed.phone === mothersPhone)!;
    await registrar.patients.staff.decideIdentity.mutate({ id: check.id, approve: true, reference });
    await mother.expectMessage(kk.done);
    const [found] = await registrar.booking.staff.findPatients.query({ iin });
    expect(found).toMatchObject({ id: record.id, phone: mothersPhone, phoneIsOwn: true });
  });
});
