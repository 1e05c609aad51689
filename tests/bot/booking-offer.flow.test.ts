import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_BUTTONS as B } from '../../bot/buttons.ts';
import { monthTitle } from '../../bot/features/booking/calendar.ts';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { addDays, isoWeekday, utcToZoned } from '../../shared/zoned-time.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookAhead, serviceIdOf, summaryOfFirstFreeTime } from '../support/booking.ts';
import { forgeButton } from '../support/forged-button.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * What the booking flow offers, in Russian where the gaps were seen: only services the chosen
 * person may book, limits told when the service is chosen, a calendar that opens where the free
 * days are, and "any doctor" that starts from the nearest times across the doctors.
 */
let t: TestApp;
let almaty: number;

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  almaty = (await t.client().clinic.branches.list.query()).find((b) => b.name.ru.includes('Алматы'))!.id;
});
afterAll(() => t.stop());

const asBot = (p: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.id });
const labels = (m: { buttons?: { text: string }[][] }) => m.buttons?.flat().map((b) => b.text) ?? [];

/** /book → Алматы, for the patient themselves (no family): the list of categories. */
async function categoriesOf(p: SandboxUser) {
  await p.send('/book');
  await p.expectMessage(/Выберите филиал/);
  await p.tap(/Алматы/);
  return p.expectEdit(/Выберите направление/);
}

describe('what booking offers', () => {
  it('offers an adult no paediatric service and a child one; staff get the same answer', async () => {
    const adult = await patientInChat(t, 'ru', 'Марат', { birthDate: '1985-05-05' });
    const adultCategories = labels(await categoriesOf(adult));
    expect(adultCategories).toEqual(expect.arrayContaining(['Терапия', 'Кардиология', 'Гинекология']));
    expect(adultCategories).not.toContain('Детский приём');

    const parent = await patientInChat(t, 'ru', 'Жанар', { birthDate: '1984-04-04' });
    const { family } = await asBot(parent).patients.family.add({
      iin: makeIin('2017-07-07', 'male'),
      lastName: 'Сейтқали',
      firstName: 'Тимур',
      relation: 'child',
    });
    await parent.send('/book');
    await parent.expectMessage(/Для кого запись/);
    await parent.tap('Сейтқали Тимур');
    await parent.expectEdit(/Выберите филиал/);
    await parent.tap(/Алматы/);
    expect(labels(await parent.expectEdit(/Выберите направление/))).toContain('Детский приём');
    await parent.tap('Детский приём');
    expect(labels(await parent.expectEdit(/Выберите услугу/))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Приём педиатра —/)]),
    );

    const registrar = t.client(await t.tokenFor('registrar'));
    const names = async (patientId: number) =>
      (await registrar.booking.staff.services.query({ branchId: almaty, patientId })).map((s) => s.name.ru);
    const adultId = (await asBot(adult).patients.profile.get()).id;
    expect(await names(adultId)).not.toContain('Приём педиатра');
    expect(await names(adultId)).toContain('Приём кардиолога');
    expect(await names(family.dependants[0]!.id)).toContain('Приём педиатра');
    // Staff book past a patient's limits, so nothing is blocked for them; each read is audited.
    const listed = await registrar.booking.staff.services.query({ branchId: almaty, patientId: adultId });
    expect(listed.every((s) => s.blocked === null)).toBe(true);
    const audited = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute(
        `select actor from patients_audit_entry where patient_id = ? and action = 'booking.offer.read'`,
        [adultId],
      )) as { actor: string }[];
    expect(audited.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a paediatric service for an adult chosen through a forged button, in words', async () => {
    const adult = await patientInChat(t, 'ru', 'Ерлан', { birthDate: '1979-09-09' });
    const patientId = (await asBot(adult).patients.profile.get()).id;
    const forged = B.bookService.data({
      patientId,
      branchId: almaty,
      serviceId: await serviceIdOf(t, almaty, 'Приём педиатра'),
    });
    await forgeButton(t, adult, 'Приём педиатра', forged);
    await adult.tapData(new RegExp(`^${forged}$`));
    const refusal = await adult.expectEdit(/Эту услугу нельзя выбрать для этого пациента/);
    expect(labels(refusal)).toEqual(['← Назад']);
    await expect(
      asBot(adult).booking.hold({
        branchId: almaty,
        serviceId: await serviceIdOf(t, almaty, 'Приём педиатра'),
        startsAt: new Date(t.clock.now().getTime() + 3 * 86_400_000),
      }),
    ).rejects.toMatchObject({ cause: { code: 'age_restricted' } });
    expect((await asBot(adult).booking.mine()).upcoming).toEqual([]);

    // The paediatric category, forged the same way: no empty list, the same refusal.
    const categories = await t.client().clinic.categories.list.query();
    const categoryId = categories.find((c) => c.name.ru === 'Детский приём')!.id;
    const category = B.bookCategory.data({ patientId, branchId: almaty, categoryId });
    await forgeButton(t, adult, 'Детский приём', category);
    await adult.tapData(new RegExp(`^${category}$`));
    await adult.expectEdit(/Эту услугу нельзя выбрать для этого пациента/);
  });

  it('lets a patient with a therapist visit book a cardiologist, and tells at the service step when a limit is reached', async () => {
    const p = await patientInChat(t, 'ru', 'Салтанат', { birthDate: '1990-01-10' });
    await bookAhead(t, p, almaty, 'Первичный приём терапевта', 12);

    // Another specialty: straight on to the doctors.
    await categoriesOf(p);
    await p.tap('Кардиология');
    await p.expectEdit(/Выберите услугу/);
    await p.tap(/^Приём кардиолога —/);
    await summaryOfFirstFreeTime(p);
    await p.tap('✅ Записаться');
    await p.expectEdit(/Вы записаны!/);

    // The same specialty again: the reason right when the service is chosen, not at the summary.
    await categoriesOf(p);
    await p.tap('Терапия');
    await p.expectEdit(/Выберите услугу/);
    await p.tap(/^Повторный приём терапевта —/);
    const told = await p.expectEdit(/записаться нельзя/);
    expect(told.text).toContain('уже есть 1 предстоящий визит к специалисту «Врач-терапевт»');
    expect(labels(told)).toEqual(['🗓 Мои записи', '← Назад']);
    await p.tap('🗓 Мои записи');
    await p.expectEdit(/Ваши предстоящие визиты/);

    // A third visit reaches the limit of upcoming visits in all (3): told at the service step too.
    await bookAhead(t, p, almaty, 'Общий анализ крови', 20);
    await categoriesOf(p);
    await p.tap('Гинекология');
    await p.expectEdit(/Выберите услугу/);
    await p.tap(/^Приём гинеколога —/);
    const all = await p.expectEdit(/записаться нельзя/);
    expect(all.text).toContain('уже есть 3 предстоящих визита');
  });
});

describe('choosing a time', () => {
  it('"any doctor" shows the nearest times across the doctors first, the calendar after', async () => {
    const p = await patientInChat(t, 'ru', 'Асель', { birthDate: '1987-08-08' });
    await categoriesOf(p);
    await p.tap('Инструментальная диагностика');
    await p.expectEdit(/Выберите услугу/);
    await p.tap(/^ЭКГ с расшифровкой —/);
    await p.expectEdit(/Выберите врача/);
    await p.tap('👥 Любой врач — ближайшее время');
    const nearest = await p.expectEdit(/Ближайшее свободное время у врачей/);
    const times = nearest.buttons!.flat().filter((b) => b.data?.startsWith('b:h:'));

    // The first free (time, doctor) pairs of the service, as the API has them, in order.
    const ecg = await serviceIdOf(t, almaty, 'ЭКГ с расшифровкой');
    const doctors = await t.client().clinic.doctors.forService.query({ branchId: almaty, serviceId: ecg });
    const { days } = await t.client().booking.availability.query({
      branchId: almaty,
      serviceId: ecg,
      from: '2000-01-01',
      to: '2999-12-31',
    });
    const expected = days
      .flatMap((d) => d.slots.flatMap((s) => s.doctorIds.map((doctorId) => ({ s, doctorId }))))
      .slice(0, 6);
    expect(times).toHaveLength(expected.length);
    times.forEach((button, i) => {
      const { s, doctorId } = expected[i]!;
      const minute = Math.round(s.startsAt.getTime() / 60_000);
      expect(button.data).toMatch(new RegExp(`^b:h:\\d+:${almaty}:${ecg}:${doctorId}:${minute}$`));
      const surname = doctors.find((d) => d.id === doctorId)!.fullName.split(' ')[0]!;
      expect(button.text).toMatch(new RegExp(`^[а-я]{2}, \\d{1,2} [а-я]+, \\d\\d:\\d\\d — ${surname} `));
    });
    expect(labels(nearest)).toContain('📅 Другой день');

    // A nearest time is booked with the doctor its button names.
    const first = times[0]!;
    await p.tapData(new RegExp(`^${first.data}$`));
    const summary = await p.expectEdit(/Проверьте запись/);
    expect(summary.text).toContain(`Врач: ${first.text.split(' — ')[1]!.split(' ')[0]}`);
    await p.tap('← Назад');
    await p.expectEdit(/выберите время/);

    // "Another day" opens the calendar of any doctor.
    await categoriesOf(p);
    await p.tap('Инструментальная диагностика');
    await p.expectEdit(/Выберите услугу/);
    await p.tap(/^ЭКГ с расшифровкой —/);
    await p.expectEdit(/Выберите врача/);
    await p.tap('👥 Любой врач — ближайшее время');
    await p.expectEdit(/Ближайшее свободное время у врачей/);
    await p.tap('📅 Другой день');
    const calendar = await p.expectEdit(/Выберите день/);
    expect(calendar.buttons!.flat().some((b) => b.data?.startsWith('b:t:'))).toBe(true);
  });

  // Last in this file: it moves the clock forward.
  it('opens the calendar on the month where the free days are, the lone day before it one tap away', async () => {
    // The therapist sees patients in Almaty on Mondays, Wednesdays and Fridays: the clock goes to
    // 08:00 on the Tuesday before a month that ends on a Wednesday, so that month has one free day.
    const zone = 'Asia/Almaty';
    let day = addDays(utcToZoned(t.clock.now().getTime(), zone).date, 2);
    while (!(isoWeekday(day) === 3 && addDays(day, 1).endsWith('-01'))) day = addDays(day, 1);
    const tuesday = addDays(day, -1);
    const target = Date.parse(`${tuesday}T03:00:00Z`); // 08:00 in Almaty (UTC+5)
    t.clock.advance(target - t.clock.now().getTime());
    const nextMonth = addDays(day, 1).slice(0, 7);

    const p = await patientInChat(t, 'ru', 'Дина', { birthDate: '1992-02-02' });
    await categoriesOf(p);
    await p.tap('Терапия');
    await p.expectEdit(/Выберите услугу/);
    await p.tap(/^Первичный приём терапевта —/);
    await p.expectEdit(/Выберите врача/);
    await p.tap(/^Ахметова/);
    const calendar = await p.expectEdit(/Выберите день/);
    expect(labels(calendar)).toContain(monthTitle(nextMonth, 'ru'));
    const lone = calendar.buttons!.flat().find((b) => b.text.startsWith('⏩'))!;
    expect(lone.text).toBe(`⏩ Ближайший свободный день: ср, ${Number(day.slice(8))} ${monthGenitive(day)}`);
    // The month before, with its one day, is still there.
    expect(labels(calendar)[0]).toBe('‹');
    await p.tap(lone.text);
    await p.expectEdit(new RegExp(`ср, ${Number(day.slice(8))} .*: выберите время`));
  });
});

/** "2027-03-31" → "марта", as Intl writes the month inside a date. */
function monthGenitive(date: string): string {
  return new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', timeZone: 'UTC' })
    .format(new Date(`${date}T00:00:00Z`))
    .split(' ')[1]!;
}
