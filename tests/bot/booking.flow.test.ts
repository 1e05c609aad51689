import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { tapTherapyService } from '../support/booking.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/** Booking, rescheduling and cancelling through the sandbox, as patients click. */
const STAFF_CHAT = 1_999_999_001;
let t: TestApp;
let staff: SandboxUser;

beforeAll(async () => {
  t = await startTestApp({ STAFF_CHAT_ID: String(STAFF_CHAT) }, { bot: true });
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  // The staff group: Telegram lets a bot write only into chats that talked to it first.
  staff = await t.sandbox.user({ id: STAFF_CHAT, first_name: 'Регистратура', language_code: 'ru' });
  await staff.send('/help');
  await staff.expectMessage(/регистрацию/);
});
afterAll(() => t.stop());

const patient = (language: 'ru' | 'kk', firstName: string, birthDate = '1985-05-05') =>
  patientInChat(t, language, firstName, { birthDate });

/** How a date reads in Kazakh («3 желтоқсан, бс»): the month in the nominative, the weekday short. */
const KK_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];
const KK_WEEKDAYS = ['жс', 'дс', 'сс', 'ср', 'бс', 'жм', 'сб'];

/** From the main menu to a held slot with the Almaty therapist, in either language. */
async function upToSummary(p: SandboxUser, language: 'ru' | 'kk') {
  const ru = language === 'ru';
  await tapTherapyService(p, language);
  await p.expectEdit(ru ? /Выберите врача/ : /Дәрігерді таңдаңыз/);
  await p.tapData(/^b:d:\d+:\d+:\d+:[1-9]\d*$/);
  const calendar = await p.expectEdit(ru ? /Выберите день/ : /Күнді таңдаңыз/);
  expect(calendar.buttons?.flat().some((b) => b.data?.startsWith('b:t:'))).toBe(true);
  // A day without free time only explains itself.
  const dot = await p.tapData(/^b:x$/);
  expect(dot.answer?.text).toBe(ru ? 'В этот день свободного времени нет.' : 'Бұл күні бос уақыт жоқ.');
  await p.tapData(/^b:t:/);
  await p.expectEdit(ru ? /выберите время/ : /уақытты таңдаңыз/);
  const time = await p.tapData(/^b:h:/);
  const summary = await p.expectEdit(ru ? /Проверьте запись/ : /Жазылуды тексеріңіз/);
  return { summary, time };
}

describe('booking in the sandbox', () => {
  it('books in Russian with a calendar file and the branch location, and tells the staff chat', async () => {
    const p = await patient('ru', 'Анна');
    const { summary, time } = await upToSummary(p, 'ru');
    expect(summary.text).toContain('Услуга: Первичный приём терапевта');
    expect(summary.text).toContain(`Когда: `);
    expect(summary.text).toContain(time.text);
    expect(summary.text).toMatch(/Стоимость: [\d\s]+\s₸/);
    expect(summary.text).toContain('Где: Емхана — Алматы');
    await p.tap('✅ Записаться');
    await p.expectEdit(/Вы записаны!/);
    const ics = await p.expectMessage((m) => m.document?.file_name?.endsWith('.ics') ?? false);
    const file = new TextDecoder().decode(await p.download(ics));
    expect(file).toContain('BEGIN:VEVENT');
    expect(file).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    const where = await p.expectMessage((m) => m.location !== undefined);
    expect(where.location?.latitude).toBeCloseTo(43.24, 1);
    await p.expectMessage(/Мы напомним о визите заранее/);
    const post = await staff.expectMessage(/🆕 Запись: Сейтқали Анна → /);
    expect(post.text).toContain('Первичный приём терапевта');
  });

  it('books in Kazakh, entirely in Kazakh', async () => {
    const p = await patient('kk', 'Айгерім');
    const { summary } = await upToSummary(p, 'kk');
    expect(summary.text).toContain('Қызмет: Терапевттің алғашқы қабылдауы');
    expect(summary.text).toContain('Қайда: ');
    await p.tap('✅ Жазылу');
    await p.expectEdit(/Сіз жазылдыңыз!/);
    await p.expectMessage(/Қабылдау туралы алдын ала еске саламыз/);
    await p.tap('🗓 Жазылуларым');
    const list = await p.expectMessage(/Алдағы қабылдауларыңыз/);
    expect(list.buttons?.[0]?.[0]?.text).toMatch(/Терапевттің алғашқы қабылдауы/);
  });

  it('walks a Kazakh patient from the menu to the confirmation in Kazakh, the date in Kazakh form', async () => {
    const p = await patient('kk', 'Мәдина');
    await tapTherapyService(p, 'kk');
    await p.expectEdit(/Дәрігерді таңдаңыз/);
    const doctor = await p.tapData(/^b:d:\d+:\d+:\d+:[1-9]\d*$/);
    expect(doctor.text).toMatch(/\(Дәрігер-терапевт\) — [\d\s]+\s₸$/);
    await p.expectEdit(/Күнді таңдаңыз\. Бос уақыты бар күндерді ғана таңдауға болады\./);
    await p.tapData(/^b:t:/);
    const times = await p.expectEdit(/уақытты таңдаңыз/);
    const time = await p.tapData(/^b:h:/);
    // The time button carries the start in minutes since the epoch; Almaty is UTC+5 all year.
    const startsAt = Number(time.data.split(':').at(-1)) * 60_000;
    const local = new Date(startsAt + 5 * 3_600_000);
    const day = `${local.getUTCDate()} ${KK_MONTHS[local.getUTCMonth()]}, ${KK_WEEKDAYS[local.getUTCDay()]}`;
    const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    expect(time.text).toBe(hhmm);
    expect(times.text).toContain(`${day}: уақытты таңдаңыз.`);

    const summary = await p.expectEdit(/Жазылуды тексеріңіз/);
    expect(summary.text).toContain('уақыт сізге бірнеше минутқа сақталды');
    expect(summary.text).toContain('Қызмет: Терапевттің алғашқы қабылдауы (');
    expect(summary.text).toMatch(/Дәрігер: .+, Дәрігер-терапевт/);
    expect(summary.text).toContain(`Қашан: ${day}, ${hhmm}`);
    expect(summary.text).toContain('Қайда: Емхана — Алматы, Алматы қ., Абай даңғылы, 52, 1-қабат');
    expect(summary.text).toMatch(/Құны: [\d\s]+\s₸/);
    await p.tap('✅ Жазылу');
    const booked = await p.expectEdit(/Сіз жазылдыңыз!/);
    expect(booked.text).toContain(`Қашан: ${day}, ${hhmm}`);
    expect(booked.text).not.toMatch(/\d{2}\.\d{2}\.\d{4}|Услуга|Когда/);
    const ics = await p.expectMessage((m) => m.document?.file_name?.endsWith('.ics') ?? false);
    expect(ics.text).toBe('Қабылдауды телефоныңыздың күнтізбесіне қосыңыз.');
    // Long iCalendar lines are folded (CRLF and a space): unfolded, the event is in Kazakh.
    const file = new TextDecoder().decode(await p.download(ics)).replace(/\r\n[ \t]/g, '');
    expect(file).toContain('Терапевттің алғашқы қабылдауы');
    expect(file).toContain('Абай даңғылы');
    await p.expectMessage((m) => m.location !== undefined);
    await p.expectMessage('Қабылдау туралы алдын ала еске саламыз.');
  });

  it('reschedules from the choice of a day, then cancels with a reason', async () => {
    const p = await patient('ru', 'Ольга');
    await upToSummary(p, 'ru');
    await p.tap('✅ Записаться');
    await p.expectMessage(/Мы напомним/);
    await p.tap('🗓 Мои записи');
    await p.expectMessage(/Ваши предстоящие визиты/);
    await p.tapData(/^a:v:/);
    await p.expectEdit(/Визит<\/b> — запланирован|Визит — запланирован/);
    await p.tap('🔁 Перенести');
    await p.expectEdit(/Перенос визита/);
    await p.tapData(/^r:t:/);
    await p.expectEdit(/выберите время/);
    // The second free time of the day, to be sure it differs from the current one.
    const times = p.lastBotMessage?.buttons?.flat().filter((b) => b.data?.startsWith('r:h:')) ?? [];
    const target = times.at(-1)!;
    await p.tapData(new RegExp(`^${target.data!.replace(/:/g, ':')}$`));
    await p.expectEdit(/Перенести визит\?\nСейчас: .*\nНовое время: /);
    await p.tap('✅ Перенести');
    await p.expectEdit(/Визит перенесён/);
    const movedFile = await p.expectMessage((m) => m.document !== undefined);
    const movedIcs = new TextDecoder().decode(await p.download(movedFile));
    expect((await staff.expectMessage(/🔁 Перенос: Сейтқали Ольга/)).text).toContain(target.text);

    await p.tap('🗓 Мои записи');
    await p.expectMessage(/Ваши предстоящие визиты/);
    await p.tapData(/^a:v:/);
    await p.expectEdit(/Визит/);
    await p.tap('✖ Отменить');
    await p.expectEdit(/Почему вы отменяете визит/);
    await p.tap('Мне уже лучше');
    await p.expectEdit(/Отменить этот визит\?/);
    await p.tap('Да, отменить');
    await p.expectEdit(/Визит отменён: /);
    // The file that takes the visit out of the phone's calendar: the same event, a later version.
    const cancelFile = await p.expectMessage((m) => m.document !== undefined);
    expect(cancelFile.document?.file_name).toMatch(/^Отмена визита \d\d\.\d\d\.\d{4}\.ics$/);
    expect(cancelFile.text).toBe('Откройте файл — визит уберётся из календаря телефона.');
    const cancelIcs = new TextDecoder().decode(await p.download(cancelFile));
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(cancelIcs).toContain('STATUS:CANCELLED');
    const field = (ics: string, name: string) => ics.match(new RegExp(`^${name}:(.*)$`, 'm'))?.[1];
    expect(field(cancelIcs, 'UID')).toBe(field(movedIcs, 'UID'));
    expect(Number(field(cancelIcs, 'SEQUENCE'))).toBeGreaterThan(Number(field(movedIcs, 'SEQUENCE')));
    await staff.expectMessage(/✖ Пациент отменил: Сейтқали Ольга.* — Мне уже лучше/);
    await p.tap('🗓 Мои записи');
    const list = await p.expectMessage(/Предстоящих визитов нет/);
    expect(list.text).toMatch(/Прошедшие визиты[\s\S]*Первичный приём терапевта \(отменён\)/);
  });

  it('books for a dependant child', async () => {
    const parent = await patient('kk', 'Гүлнар', '1980-03-03');
    await t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: parent.id }).patients.family.add({
      iin: makeIin('2016-06-16', 'female'),
      lastName: 'Сейтқали',
      firstName: 'Әмина',
      relation: 'child',
    });
    await parent.send('/book');
    await parent.expectMessage(/Кімді қабылдауға жазамыз/);
    await parent.tap('Сейтқали Әмина');
    await parent.expectEdit(/Филиалды таңдаңыз/);
    await parent.tap(/Алматы/);
    await parent.expectEdit(/Бағытты таңдаңыз/);
    await parent.tap('Балаларды қабылдау');
    await parent.expectEdit(/Қызметті таңдаңыз/);
    await parent.tapData(/^b:s:/);
    await parent.expectEdit(/Дәрігерді таңдаңыз/);
    await parent.tapData(/^b:d:\d+:\d+:\d+:[1-9]\d*$/);
    await parent.expectEdit(/Күнді таңдаңыз/);
    await parent.tapData(/^b:t:/);
    await parent.expectEdit(/уақытты таңдаңыз/);
    await parent.tapData(/^b:h:/);
    const summary = await parent.expectEdit(/Жазылуды тексеріңіз/);
    expect(summary.text).toContain('Пациент: Сейтқали Әмина');
    await parent.tap('✅ Жазылу');
    await parent.expectEdit(/Сіз жазылдыңыз!/);
    await parent.tap('🗓 Жазылуларым');
    const list = await parent.expectMessage(/Алдағы қабылдауларыңыз/);
    expect(list.buttons?.[0]?.[0]?.text).toMatch(/^Әмина: /);
  });

  it('answers a stale time button with the nearest free alternatives', async () => {
    const first = await patient('ru', 'Первая');
    await upToSummary(first, 'ru');
    // Back to the times, without booking: the hold is released.
    await first.tap('← Назад');
    const times = await first.expectEdit(/выберите время/);
    const slot = times.buttons!.flat().find((b) => b.data?.startsWith('b:h:'))!;
    // Meanwhile someone else books exactly that time through the API.
    const second = await patient('ru', 'Вторая');
    const [, , p2, b, s, d, minutes] = slot.data!.split(':');
    void p2;
    const api = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: second.id });
    await api.booking.book({
      branchId: Number(b),
      serviceId: Number(s),
      doctorId: Number(d) || null,
      startsAt: new Date(Number(minutes) * 60_000),
    });
    await first.tapData(new RegExp(`^${slot.data}$`));
    const answer = await first.expectEdit(/Это время только что заняли[\s\S]*Ближайшее свободное время/);
    const alternatives = answer.buttons!.flat().filter((btn) => btn.data?.startsWith('b:h:'));
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.map((a) => a.data)).not.toContain(slot.data);
    await first.tapData(/^b:h:/);
    await first.expectEdit(/Проверьте запись/);
  });

  it('tells the patient in their language when the clinic cancels, with a button to rebook', async () => {
    const p = await patient('kk', 'Дана');
    await upToSummary(p, 'kk');
    await p.tap('✅ Жазылу');
    await p.expectMessage(/еске саламыз/);
    const { upcoming } = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: p.id })
      .booking.mine();
    const registrar = t.client(await t.tokenFor('registrar'));
    await registrar.booking.staff.cancel.mutate({
      appointmentId: upcoming[0]!.id,
      reason: 'doctor_unavailable',
    });
    const notice = await p.expectMessage(/Өкінішке қарай, клиника сіздің қабылдауыңызды болдырмады/);
    expect(notice.text).toContain('Терапевттің алғашқы қабылдауы');
    await staff.expectMessage(/✖ Клиника отменила: Сейтқали Дана.*врач не сможет принять/);
    // The notice carries the calendar file that cancels the visit; the file stays in the chat and
    // the booking starts below it.
    expect(notice.document?.file_name).toMatch(/^Болдырылмаған қабылдау \d\d\.\d\d\.\d{4}\.ics$/);
    await p.tap('📅 Қайта жазылу');
    await p.expectMessage(/Филиалды таңдаңыз/);
    const timeline = await registrar.notifications.timeline.query({ appointmentId: upcoming[0]!.id });
    expect(timeline.find((d) => d.purpose === 'patient.cancelled_by_clinic')?.status).toBe('sent');
  });
});
