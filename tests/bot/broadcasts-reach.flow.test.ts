import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { addDays, utcToZoned } from '../../shared/zoned-time.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookAhead, serviceIdOf } from '../support/booking.ts';
import {
  approvedBroadcast,
  asBot,
  marketing,
  readers,
  received,
  settle,
  settleDeliveries,
  staffWithChat,
  statsWhen,
} from '../support/broadcasts.ts';
import { makeIin } from '../support/iin.ts';

/**
 * Whom a broadcast reaches and when: a service notice reaches the people a visit concerns, consent
 * or not (a parent once for two children), each in their language by their own name; and each
 * branch's night is kept in its own zone. The bot is not started: the readers have written to it, and the delivery
 * queue writes to them as it would in production.
 */
let t: TestApp;
afterEach(() => t?.stop());

async function app(env: Record<string, string> = {}) {
  t = await startTestApp(env);
  await t.app.startDelivery(t.url);
  return t;
}

describe('broadcast audiences and hours', () => {
  it('a service notice reaches those with a visit at that branch that day, consent or not; a parent of two once', async () => {
    await app();
    await seedDemoClinic({ em: t.app.orm.em.fork() });
    const [almaty, astana] = await t.client().clinic.branches.list.query();
    const registrar = t.client(await t.tokenFor('registrar'));
    const admin = await staffWithChat(t, ['admin'], 'admin.one', { botAnswers: false });

    // The day: the first at least two days ahead when both the therapist and the pediatrician
    // see patients at Almaty.
    const pediatric = await serviceIdOf(t, almaty!.id, 'Приём педиатра');
    const therapy = await serviceIdOf(t, almaty!.id, 'Первичный приём терапевта');
    // (The demo's therapist is in Astana on other days than in Almaty; its neurologist every weekday.)
    const astanaTherapy = await serviceIdOf(t, astana!.id, 'Приём невролога');
    const from = addDays(utcToZoned(t.clock.now().getTime(), 'Asia/Almaty').date, 2);
    const freeDays = async (branchId: number, serviceId: number) =>
      (
        await t.client().booking.availability.query({ branchId, serviceId, from, to: addDays(from, 30) })
      ).days.filter((d) => d.slots.length >= 2);
    const pediatricDays = new Set((await freeDays(almaty!.id, pediatric)).map((d) => d.date));
    const therapyDays = await freeDays(almaty!.id, therapy);
    const astanaDays = new Set((await freeDays(astana!.id, astanaTherapy)).map((d) => d.date));
    const day = therapyDays.find((d) => pediatricDays.has(d.date) && astanaDays.has(d.date))!.date;
    const otherDay = therapyDays.find((d) => d.date !== day)!.date;
    const book = async (patientId: number, branchId: number, serviceId: number, date: string) => {
      const { days } = await t
        .client()
        .booking.availability.query({ branchId, serviceId, from: date, to: date });
      const slot = days.flatMap((d) => d.slots)[0]!;
      return registrar.booking.staff.book.mutate({ branchId, serviceId, patientId, startsAt: slot.startsAt });
    };

    const people = await readers(t, 4, { marketing: false, name: 'Пациент' });
    const [there, otherBranch, someOtherDay, parent] = people as [
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
    ];
    await book(there.patientId, almaty!.id, therapy, day);
    await book(otherBranch.patientId, astana!.id, astanaTherapy, day);
    await book(someOtherDay.patientId, almaty!.id, therapy, otherDay);
    const { family } = await asBot(t, parent.user).patients.family.add({
      iin: makeIin('2016-03-03', 'male'),
      lastName: 'Сейтқали',
      firstName: 'Нурик',
      relation: 'child',
    });
    const again = await asBot(t, parent.user).patients.family.add({
      iin: makeIin('2018-07-07', 'female'),
      lastName: 'Сейтқали',
      firstName: 'Аружан',
      relation: 'child',
    });
    const children = again.family.dependants.map((d) => d.id);
    expect(children).toHaveLength(2);
    expect(family.dependants).toHaveLength(1);
    for (const child of children) await book(child, almaty!.id, pediatric, day);

    const notice = {
      kind: 'service' as const,
      title: 'Закрытие',
      audience: { visitAt: { branchId: almaty!.id, date: day } },
      text: { ru: '{first_name}, филиал в Алматы закрыт', kk: '{first_name}, Алматыдағы филиал жабық' },
      photo: null,
      buttons: [],
    };
    const preview = await admin.api.broadcasts.staff.preview.query({
      audience: notice.audience,
      kind: 'service',
    });
    expect(preview.count).toBe(2);
    const id = await approvedBroadcast(admin, notice);
    await settle(t, id, admin.api);
    const got = await received(
      t,
      people.map((p) => p.user),
      /закрыт|жабық/,
    );
    expect(
      Object.fromEntries([...got].map(([k, v]) => [people.find((p) => p.user.id === k)!.firstName, v])),
    ).toEqual({
      [there.firstName]: 1,
      [otherBranch.firstName]: 0,
      [someOtherDay.firstName]: 0,
      [parent.firstName]: 1,
    });
    // Each in their own language, by their own name (the parent's, not a child's).
    const textOf = async (p: (typeof people)[0]) =>
      (await p.user.sync()).filter((m) => m.from === 'bot').at(-1)!.text;
    expect(await textOf(there)).toBe(`${there.firstName}, филиал в Алматы закрыт`);
    expect(await textOf(parent)).toBe(`${parent.firstName}, Алматыдағы филиал жабық`);
    const stats = await admin.api.broadcasts.staff.stats.query({ broadcastId: id });
    expect(stats.total).toMatchObject({ targeted: 2, sent: 2 });
    expect(stats.ru).toMatchObject({ targeted: 1, sent: 1 });
    expect(stats.kk).toMatchObject({ targeted: 1, sent: 1 });
  });

  it("keeps each branch's night in its own zone", async () => {
    await app({ QUIET_HOURS: '22:00-08:00' });
    // 14:30 UTC: 19:30 in Almaty (UTC+5, day), 23:30 in Tokyo (UTC+9, night).
    const now = t.clock.now();
    let at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 14, 30);
    if (at <= now.getTime()) at += 86_400_000;
    t.clock.advance(at - now.getTime());
    await seedDemoClinic({ em: t.app.orm.em.fork() });
    const [, astana] = await t.client().clinic.branches.list.query();
    const admin = await staffWithChat(t, ['admin'], 'admin.one', { botAnswers: false });
    const adminTool = t.client(await t.tokenFor('admin'));
    const almatyReaders = await readers(t, 2, { name: 'Алматы' });
    const tokyoReaders = await readers(t, 2, { name: 'Токио' });
    // Their last visit is at a branch that moved to Tokyo's zone (a branch abroad, as it were).
    for (const r of tokyoReaders) await bookAhead(t, r.user, astana!.id, 'Первичный приём терапевта', 2);
    await adminTool.clinic.branches.update.mutate({ id: astana!.id, timeZone: 'Asia/Tokyo' });
    const all = [...almatyReaders, ...tokyoReaders].map((r) => r.user);

    const id = await approvedBroadcast(
      admin,
      marketing({ ru: '{first_name}, вечерняя новость', kk: '{first_name}, кешкі жаңалық' }),
    );
    await statsWhen(adminTool, id, (s) => s.total.sent === 2);
    await t.app.runDue();
    await settleDeliveries(t, id);
    expect(await received(t, all, /новость|жаңалық/)).toEqual(
      new Map(all.map((u, i) => [u.id, i < 2 ? 1 : 0])),
    );
    expect((await adminTool.broadcasts.staff.stats.query({ broadcastId: id })).total).toMatchObject({
      targeted: 4,
      sent: 2,
      pending: 2,
    });
    expect((await adminTool.broadcasts.staff.get.query({ broadcastId: id })).state).toBe('sending');

    // 23:30 UTC: 08:30 in Tokyo (morning), 04:30 in Almaty: the rest go.
    t.clock.advance(9 * 3_600_000);
    await t.app.runDue();
    await settle(t, id, adminTool);
    expect(await received(t, all, /новость|жаңалық/)).toEqual(new Map(all.map((u) => [u.id, 1])));
  });
});
