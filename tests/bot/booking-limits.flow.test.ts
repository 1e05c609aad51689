import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { addDays, utcToZoned } from '../../shared/zoned-time.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookAhead, summaryOfFirstFreeTime } from '../support/booking.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * The limit of upcoming visits in a clinic that keeps all its doctors in one category
 * («Консультации врачей»), as many real clinics do, in Russian where the gap was seen: a therapist
 * visit does not stop a cardiologist visit, a second therapist visit is refused in plain words
 * when the service is chosen; and a child about to turn 18 is not offered what they could not book.
 */
let t: TestApp;
let almaty: number;
const CONSULTATIONS = ['Терапия', 'Кардиология', 'Гинекология', 'Неврология', 'ЛОР (ухо, горло, нос)'];

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  await seedDemoClinic({ em: t.app.orm.em.fork() });
  almaty = (await t.client().clinic.branches.list.query()).find((b) => b.name.ru.includes('Алматы'))!.id;
  // The clinic puts every doctor's consultation in one category, as it had before.
  const admin = t.client(await t.tokenFor('admin'));
  const catchAll = await admin.clinic.categories.create.mutate({
    name: { ru: 'Консультации врачей', kk: 'Дәрігерлердің кеңесі' },
    sortOrder: 1,
  });
  const categories = await t.client().clinic.categories.list.query();
  const specialties = categories.filter((c) => CONSULTATIONS.includes(c.name.ru)).map((c) => c.id);
  for (const s of await admin.clinic.services.listAll.query())
    if (specialties.includes(s.categoryId))
      await admin.clinic.services.update.mutate({ id: s.id, categoryId: catchAll.id });
  for (const id of specialties) await admin.clinic.categories.deactivate.mutate({ id });
});
afterAll(() => t.stop());

const asBot = (p: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.id });
const labels = (m: { buttons?: { text: string }[][] }) => m.buttons?.flat().map((b) => b.text) ?? [];

/** /book → Алматы → «Консультации врачей»: the list of services. */
async function consultations(p: SandboxUser) {
  await p.send('/book');
  await p.expectMessage(/Выберите филиал/);
  await p.tap(/Алматы/);
  const categories = await p.expectEdit(/Выберите направление/);
  expect(labels(categories)).toContain('Консультации врачей');
  expect(labels(categories)).not.toContain('Терапия');
  await p.tap('Консультации врачей');
  return p.expectEdit(/Выберите услугу/);
}

describe('one category for all the doctors', () => {
  it('lets a patient with a therapist visit see a cardiologist, and refuses a second therapist visit at the service step', async () => {
    const p = await patientInChat(t, 'ru', 'Гульмира', { birthDate: '1988-03-03' });
    await bookAhead(t, p, almaty, 'Первичный приём терапевта', 12);

    await consultations(p);
    await p.tap(/^Приём кардиолога —/);
    await summaryOfFirstFreeTime(p);
    await p.tap('✅ Записаться');
    await p.expectEdit(/Вы записаны!/);

    // Another therapist visit (the repeat one): refused as soon as it is chosen, and why.
    await consultations(p);
    await p.tap(/^Повторный приём терапевта —/);
    const told = await p.expectEdit(/записаться нельзя/);
    expect(told.text).toContain('уже есть 1 предстоящий визит к специалисту «Врач-терапевт»');
    expect(told.text).toContain('больше к одному специалисту не записывают');
    expect(labels(told)).toEqual(['🗓 Мои записи', '← Назад']);
    const visits = (await asBot(p).booking.mine()).upcoming.map((a) => a.service.name.ru);
    expect(visits.sort()).toEqual(['Первичный приём терапевта', 'Приём кардиолога']);

    // Back leads to the same list, where a gynaecologist is still open.
    await p.tap('← Назад');
    await p.expectEdit(/Выберите услугу/);
    await p.tap(/^Приём гинеколога —/);
    await p.expectEdit(/Выберите врача/);
  });

  it('does not offer a paediatrician to a child who turns 18 before the visit could take place', async () => {
    const parent = await patientInChat(t, 'ru', 'Айжан', { birthDate: '1980-10-10' });
    // 18 in ten days: within the booking horizon (30 days), so a paediatric visit may fall after it.
    const today = utcToZoned(t.clock.now().getTime(), 'Asia/Almaty').date;
    const birthday = addDays(today, 10);
    const born = `${Number(birthday.slice(0, 4)) - 18}${birthday.slice(4)}`;
    await asBot(parent).patients.family.add({
      iin: makeIin(born, 'female'),
      lastName: 'Нұрланқызы',
      firstName: 'Дана',
      relation: 'child',
    });
    await parent.send('/book');
    await parent.expectMessage(/Для кого запись/);
    await parent.tap('Нұрланқызы Дана');
    await parent.expectEdit(/Выберите филиал/);
    await parent.tap(/Алматы/);
    const categories = labels(await parent.expectEdit(/Выберите направление/));
    expect(categories).not.toContain('Детский приём');
    expect(categories).toContain('Консультации врачей');
  });
});
