import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../shared/zoned-time.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy } from '../support/demo.ts';
import { failure } from '../support/errors.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import { REGISTRATION_TEXT as reg, registrationSteps } from '../support/registration.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * The attacks a stranger tried on the first build, each played through the sandbox as they did
 * it: with a known IIN, a taken child, a claimed record, a flood of bookings, a form left open,
 * and "delete my data" leaving the clinic waiting.
 */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
const MINUTE = 60_000;
const steps = registrationSteps(() => t);

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  therapy = await demoTherapy(t);
});
afterAll(() => t.stop());

/** A fresh API caller for a Telegram user (each request of the real API has its own). */
const as = (user: { id: number }) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id });

const patient = (language: 'ru' | 'kk', firstName: string, birthDate = '1985-05-05') =>
  patientInChat(t, language, firstName, { birthDate });
async function freeSlot(daysAhead: number, n = 0) {
  const from = new Date(t.clock.now().getTime() + daysAhead * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(t.clock.now().getTime() + (daysAhead + 10) * 86_400_000).toISOString().slice(0, 10);
  const { days } = await t.client().booking.availability.query({ ...therapy, from, to });
  return days.flatMap((d) => d.slots)[n]!;
}

const everything = (user: SandboxUser) => user.messages.map((m) => m.text ?? '').join('\n');

describe('a stranger who knows an IIN', () => {
  it('sees nothing of a patient without Telegram: not the name, not the birth date, not the visits', async () => {
    // A son manages his mother's visits; she has no Telegram account.
    const son = await patient('ru', 'Марат');
    const motherIin = makeIin('1950-05-05', 'female');
    await as(son).patients.family.add({
      iin: motherIin,
      lastName: 'Бекова',
      firstName: 'Гүлнар',
      relation: 'parent',
    });
    const registrar = t.client(await t.tokenFor('registrar'));
    const request = (await registrar.patients.staff.familyRequests.query({})).items.find((r) =>
      r.typed.iinMasked.endsWith(motherIin.slice(-4)),
    )!;
    await registrar.patients.staff.decideFamilyRequest.mutate({ id: request.id, approve: true });
    const mother = (await as(son).patients.family.list()).dependants[0]!;
    const slot = await freeSlot(5);
    await as(son).booking.book({ ...therapy, startsAt: slot.startsAt, patientId: mother.id });

    const stranger = await t.sandbox.user({ first_name: 'Чужой', language_code: 'ru' });
    await steps.upToIin(stranger, 'ru', ['Иванова', 'Анна']);
    await stranger.send(motherIin);
    await stranger.expectMessage(reg.ru.summary);
    await stranger.tap(reg.ru.confirm);
    await stranger.expectMessage(reg.ru.verify);
    // A command does not count as a guess: it is answered as a command (it opens after registration).
    await stranger.send('/appointments');
    await stranger.expectMessage(/после регистрации/);
    await stranger.send('123456');
    await stranger.expectMessage(/Код не подходит/);
    // (The birth date the summary shows is read from the IIN they typed: it tells them nothing.)
    const seen = everything(stranger);
    expect(seen).not.toMatch(/Бекова|Гүлнар|Терапевт|терапевт/);
    // Her record has no phone, so no code went anywhere: least of all to the stranger.
    expect(await t.sandbox.sms(stranger.phone)).toEqual([]);
    expect((await failure(as(stranger).booking.mine())).domain?.code).toBe('not_registered');
  });

  it('is refused self-registration with an 8-year-old’s IIN, and told to ask a parent, in Kazakh', async () => {
    const child = await t.sandbox.user({ first_name: 'Бала', language_code: 'kk' });
    await steps.upToIin(child, 'kk');
    const eightYearsOld = addYears(addDays(new Date(t.clock.now()).toISOString().slice(0, 10), -10), -8);
    await child.send(makeIin(eightYearsOld, 'male'));
    await child.expectMessage(/ЖСН бойынша сіз 18 жасқа толмағансыз.*«Отбасы» бөліміне/s);
    await child.send('/start');
    await child.expectMessage(reg.kk.iin);
  });

  it('cannot take a child another parent manages: the parent decides, in her language', async () => {
    const mother = await patient('kk', 'Айгерім');
    const childIin = makeIin('2016-09-01', 'male');
    await as(mother).patients.family.add({
      iin: childIin,
      lastName: 'Сейтқали',
      firstName: 'Нұрлан',
      relation: 'child',
    });
    const child = (await as(mother).patients.family.list()).dependants[0]!;

    /** The family form in the bot, as the stranger fills it in. */
    async function addThroughBot(user: SandboxUser, names: [string, string]) {
      await user.tap('👨‍👩‍👧 Семья');
      await user.expectMessage(/Ваша семья/);
      await user.tap('➕ Добавить');
      await user.expectMessage(/Кого вы добавляете/);
      await user.tap('ребёнок');
      await user.expectMessage(/Напишите ИИН этого человека/);
      await user.send(childIin);
      await user.expectMessage(/фамилию/);
      // The form is open and holds the IIN: nothing of it is in clear in the bot's state.
      const state = (await t.app.orm.em
        .getConnection()
        .execute(`select value::text as v from bot_state where key like ?`, [`%:${user.id}`])) as {
        v: string;
      }[];
      expect(state.length).toBeGreaterThan(0);
      expect(state.map((s) => s.v).join()).not.toContain(childIin);
      await user.send(names[0]);
      await user.expectMessage(/Напишите имя/);
      await user.send(names[1]);
      await user.expectMessage(/Напишите отчество/);
      await user.tap('Пропустить');
      return user.expectMessage(/Запрос отправлен/);
    }

    // Wrong names, and right ones typed the Russian-keyboard way: the same answer.
    const guesser = await patient('ru', 'Угадайка');
    const wrong = await addThroughBot(guesser, ['Иванов', 'Иван']);
    const stranger = await patient('ru', 'Чужак');
    const right = await addThroughBot(stranger, ['Сейткали', 'Нурлан']);
    expect(wrong.text!.replace('Иванов Иван', '…')).toBe(right.text!.replace('Сейткали Нурлан', '…'));
    const family = await as(stranger).patients.family.list();
    expect(family.dependants).toEqual([]);
    expect(JSON.stringify(family)).not.toContain('2016-09-01');

    // The mother is asked (in Kazakh), and says no.
    const asked = await mother.expectMessage(/Сіз осы пациенттің заңды өкілісіз/);
    expect(asked.text).toContain('Сейтқали Чужак');
    await mother.tap('✖ Бас тарту');
    await mother.expectMessage(/Дайын: сұрау қабылданбады/);
    const declined = await stranger.expectMessage(/не подтверждён/);
    // It asks them to come with papers: with the clinic's number to tap.
    expect(declined.text).toMatch(/обратитесь в клинику с документами\. Телефон клиники: \+7\d{10}$/);
    expect((await as(stranger).patients.family.list()).dependants).toEqual([]);
    // A forged booking for the child is refused.
    const slot = await freeSlot(6);
    const forged = await failure(
      as(stranger).booking.book({ ...therapy, startsAt: slot.startsAt, patientId: child.id }),
    );
    expect(forged.domain?.code).toBe('dependant_not_found');
    // A replayed answer to the request is too.
    const replay = await failure(
      as(stranger).patients.family.answerRequest({
        requestId: Number(asked.buttons![0]![0]!.data!.split(':')[2]),
        approve: true,
      }),
    );
    expect(replay.domain?.code).toBe('request_not_found');
  });

  it('loses a claimed child’s record when the child comes of age', async () => {
    const claimer = await patient('ru', 'Захватчик');
    const today = new Date(t.clock.now().getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
    const almost18 = addDays(addYears(today, -18), 1);
    const added = await as(claimer).patients.family.add({
      iin: makeIin(almost18, 'female'),
      lastName: 'Тұрсын',
      firstName: 'Әсел',
      relation: 'child',
    });
    expect(added.outcome).toBe('added');
    await t.sandbox.advanceClock(2 * 24 * 60);
    await claimer.expectMessage(/Тұрсын Әсел исполнилось 18 лет, и доступ к его \(её\) записям закрыт/);
    expect((await as(claimer).patients.family.list()).dependants).toEqual([]);
  });
});

describe('guardians', () => {
  it('each hear about a child’s visit in their own language, naming the child; the first answer counts', async () => {
    const mother = await patient('kk', 'Айгерім');
    const father = await patient('ru', 'Ерлан');
    const childIin = makeIin('2018-03-03', 'male');
    await as(mother).patients.family.add({
      iin: childIin,
      lastName: 'Сейтқали',
      firstName: 'Әли',
      relation: 'child',
    });
    await as(father).patients.family.add({
      iin: childIin,
      lastName: 'Сейтқали',
      firstName: 'Али',
      relation: 'child',
    });
    await mother.expectMessage(/Сіз осы пациенттің заңды өкілісіз/);
    await mother.tap('✅ Рұқсат беру');
    await father.expectMessage(/Запрос подтверждён/);
    const child = (await as(father).patients.family.list()).dependants[0]!;

    const pediatric = (await t.client().clinic.services.ofBranch.query({ branchId: therapy.branchId })).find(
      (s) => s.name.ru === 'Приём педиатра',
    )!;
    const doctor = (
      await t
        .client()
        .clinic.doctors.forService.query({ branchId: therapy.branchId, serviceId: pediatric.id })
    )[0]!;
    const from = new Date(t.clock.now().getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
    const { days } = await t.client().booking.availability.query({
      branchId: therapy.branchId,
      serviceId: pediatric.id,
      doctorId: doctor.id,
      from,
      to: addDays(from, 10),
    });
    const slot = days.flatMap((d) => d.slots)[0]!;
    const visit = await as(mother).booking.book({
      branchId: therapy.branchId,
      serviceId: pediatric.id,
      doctorId: doctor.id,
      startsAt: slot.startsAt,
      patientId: child.id,
    });

    // The day before, at 18:00 Almaty: both parents, each in their language, told whose visit it is.
    const local = new Date(slot.startsAt.getTime() + 5 * 3_600_000);
    const dayBefore18 = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1, 13, 0);
    await t.sandbox.advanceClock(Math.ceil((dayBefore18 - t.clock.now().getTime()) / MINUTE) + 1);
    const kk = await mother.expectMessage(/Еске саламыз: ертең/);
    expect(kk.text).toMatch(/^👨‍👩‍👧 Пациент: Сейтқали Әли/);
    const ru = await father.expectMessage(/Напоминаем: завтра у вас визит/);
    expect(ru.text).toMatch(/^👨‍👩‍👧 Пациент: Сейтқали Әли/);

    await father.tap('✅ Я приду');
    await father.expectMessage(/Спасибо! Ждём вас/);
    const late = await mother.tap('✅ Келемін');
    expect(late.kind === 'callback' && late.answer?.text).toMatch(/ескірді/);
    expect((await as(mother).booking.get({ appointmentId: visit.id })).status).toBe('confirmed');

    // The clinic moves the visit: both are told.
    const registrar = t.client(await t.tokenFor('registrar'));
    const later = days.flatMap((d) => d.slots)[3]!;
    await registrar.booking.staff.move.mutate({
      appointmentId: visit.id,
      startsAt: later.startsAt,
      doctorId: null,
    });
    await mother.expectMessage(/Клиника қабылдауыңыздың уақытын ауыстырды/);
    await father.expectMessage(/Клиника перенесла ваш визит/);
    // …and cancels it: both are told again.
    await registrar.booking.staff.cancel.mutate({ appointmentId: visit.id, reason: 'doctor_unavailable' });
    await mother.expectMessage(/клиника сіздің қабылдауыңызды болдырмады/);
    await father.expectMessage(/клиника отменила ваш визит/);
  });
});

describe('one account', () => {
  /** An account with eight invented children and nine times of one doctor that do not overlap. */
  async function hoarderWithFamily(name: string, daysAhead: number) {
    const hoarder = await patient('ru', name);
    for (let i = 0; i < 8; i++) {
      await as(hoarder).patients.family.add({
        iin: makeIin(`2010-0${1 + (i % 9)}-1${i}`, 'male'),
        lastName: 'Выдуманный',
        firstName: 'Ребёнок',
        relation: 'child',
      });
    }
    const people = [
      (await as(hoarder).patients.profile.get()).id,
      ...(await as(hoarder).patients.family.list()).dependants.map((d) => d.id),
    ];
    const from = new Date(t.clock.now().getTime() + daysAhead * 86_400_000).toISOString().slice(0, 10);
    const { days } = await t.client().booking.availability.query({ ...therapy, from, to: addDays(from, 10) });
    const slots: { startsAt: Date; endsAt: Date }[] = [];
    for (const slot of days.flatMap((d) => d.slots))
      if (!slots.length || slot.startsAt >= slots.at(-1)!.endsAt) slots.push(slot);
    return { hoarder, people, slots };
  }

  const codesOf = (outcomes: PromiseSettledResult<unknown>[]) =>
    outcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .map((o) => (o.reason as { cause?: { code?: string } }).cause?.code);

  it('cannot book a doctor’s whole day with invented dependants', async () => {
    const { hoarder, people, slots } = await hoarderWithFamily('Жадина', 12);
    const outcomes = await Promise.allSettled(
      people.map((patientId, i) =>
        as(hoarder).booking.book({ ...therapy, startsAt: slots[i]!.startsAt, patientId }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(6);
    expect(codesOf(outcomes)).toEqual(['limit_account', 'limit_account', 'limit_account']);
  });

  it('cannot get past the limit by holding the slots first and confirming them all', async () => {
    const { hoarder, people, slots } = await hoarderWithFamily('Хитрая', 14);
    const holds = await Promise.all(
      people.map((patientId, i) =>
        as(hoarder).booking.hold({ ...therapy, startsAt: slots[i]!.startsAt, patientId }),
      ),
    );
    expect(holds).toHaveLength(9);
    const outcomes = await Promise.allSettled(
      holds.map((h) => as(hoarder).booking.confirm({ appointmentId: h.id })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(6);
    expect(codesOf(outcomes)).toEqual(['limit_account', 'limit_account', 'limit_account']);
  });
});

describe('delete my data', () => {
  it('shows the visits it will cancel, cancels them with a reason the desk sees, and frees the time', async () => {
    const p = await patient('ru', 'Уходящая');
    await as(p).patients.family.add({
      iin: makeIin('2019-07-07', 'female'),
      lastName: 'Сейтқали',
      firstName: 'Дочка',
      relation: 'child',
    });
    const daughter = (await as(p).patients.family.list()).dependants[0]!;
    const own = await freeSlot(8, 0);
    const hers = await freeSlot(8, 2);
    const mine = await as(p).booking.book({ ...therapy, startsAt: own.startsAt });
    const theirs = await as(p).booking.book({ ...therapy, startsAt: hers.startsAt, patientId: daughter.id });

    await p.send('/profile');
    await p.expectMessage(/Ваш профиль/);
    await p.tap('🗑 Удалить мои данные');
    const confirm = await p.expectMessage(/Удалить ваши данные\?/);
    expect(confirm.text).toContain('Эти будущие записи будут отменены');
    expect(confirm.text).toContain('Сейтқали Уходящая: Первичный приём терапевта');
    expect(confirm.text).toContain('Сейтқали Дочка: Первичный приём терапевта');
    await p.tap('Да, удалить');
    await p.expectMessage(/Ваши данные удалены/);

    const registrar = t.client(await t.tokenFor('registrar'));
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(own.startsAt);
    const board = await registrar.booking.staff.dayBoard.query({ branchId: therapy.branchId, date });
    for (const id of [mine.id, theirs.id])
      expect(board.find((a) => a.id === id)).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'patient',
        cancelReason: 'data_deleted',
      });
    const { days } = await t.client().booking.availability.query({ ...therapy, from: date, to: date });
    const free = days.flatMap((d) => d.slots).map((s) => s.startsAt.getTime());
    expect(free).toContain(own.startsAt.getTime());
  });
});

describe('what is left behind', () => {
  it('drops an abandoned registration and an open form after a day', async () => {
    const quitter = await t.sandbox.user({ first_name: 'Бросил', language_code: 'ru' });
    await steps.upToIin(quitter, 'ru');
    const rows = async (table: string, column: string) =>
      (
        (await t.app.orm.em
          .getConnection()
          .execute(`select count(*)::int as n from ${table} where ${column}`, [quitter.id])) as {
          n: number;
        }[]
      )[0]!.n;
    expect(await rows('patients_registration_draft', 'telegram_user_id = ?')).toBe(1);
    expect(await rows('bot_state', "key like '%:' || ?")).toBeGreaterThan(0);
    await t.sandbox.advanceClock(25 * 60);
    await expect.poll(() => rows('patients_registration_draft', 'telegram_user_id = ?')).toBe(0);
    await expect.poll(() => rows('bot_state', "key like '%:' || ?")).toBe(0);
    // Coming back starts the answers over (the language is the account's, not the draft's).
    await quitter.send('/start');
    await quitter.expectMessage(reg.ru.consent);
  });
});

describe('a guardianship the clinic ends', () => {
  it('tells the guardian in Kazakh, with the clinic phone to tap', async () => {
    const mother = await patient('kk', 'Ботагөз');
    const { family } = await as(mother).patients.family.add({
      iin: makeIin('2018-04-04', 'female'),
      lastName: 'Сейтқали',
      firstName: 'Аружан',
      relation: 'child',
    });
    const child = family.dependants.find((d) => d.firstName === 'Аружан')!;
    const registrar = t.client(await t.tokenFor('registrar'));
    const [link] = await registrar.patients.staff.guardians.query({ patientId: child.id });
    await registrar.patients.staff.endGuardianship.mutate({ linkId: link!.linkId });
    const told = await mother.expectMessage(/пациенттің жазбаларына рұқсатыңызды жапты/);
    const phones = (await t.client().clinic.branches.list.query()).map((b) => b.phone);
    const phone = told.text!.match(/Клиника телефоны: (\+7\d{10})$/)?.[1];
    expect(phones).toContain(phone);
  });
});
