import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../../modules/clinic/index.ts';
import { localDate } from '../../shared/time.ts';
import { addDays } from '../../shared/zoned-time.ts';
import { settledDeliveries, startTestApp, type TestApp } from '../support/app.ts';
import { serviceIdOf } from '../support/booking.ts';
import { patientInChat } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/**
 * Saved audiences, and the automations that keep patients coming: a recall (no visit for a while,
 * for chosen services) and a win-back (a visit cancelled or missed, nothing booked). Each runs at
 * its hour in clinic time once an admin approved it, writes only to consenting patients with
 * nothing ahead, and to each at most once per its period.
 */
let t: TestApp;
afterEach(() => t?.stop());

const ZONE = 'Asia/Almaty';
const at = (date: string, time: string) => new Date(`${date}T${time}:00+05:00`);

describe('saved audiences', () => {
  it('are saved, listed, deleted, and a broadcast made from one copies its filter', async () => {
    t = await startTestApp();
    const marketer = t.client(await t.tokenFor('marketer'));
    const saved = await marketer.broadcasts.staff.audiences.save.mutate({
      name: 'Women 30–40, Kazakh',
      filter: { age: { min: 30, max: 40 }, sex: 'female', languages: ['kk'] },
    });
    await marketer.broadcasts.staff.audiences.save.mutate({ name: 'Everyone', filter: {} });
    expect((await marketer.broadcasts.staff.audiences.list.query()).map((a) => a.name)).toEqual([
      'Everyone',
      'Women 30–40, Kazakh',
    ]);
    const draft = await marketer.broadcasts.staff.create.mutate({
      kind: 'marketing',
      title: 'Screening',
      audienceId: saved.id,
      text: { ru: 'Скрининг', kk: 'Скрининг' },
    });
    expect(draft.audience).toEqual(saved.filter);
    // A copy: the broadcast keeps its audience when the saved one is gone.
    await marketer.broadcasts.staff.audiences.delete.mutate({ audienceId: saved.id });
    expect((await marketer.broadcasts.staff.audiences.list.query()).map((a) => a.name)).toEqual(['Everyone']);
    expect((await marketer.broadcasts.staff.get.query({ broadcastId: draft.id })).audience).toEqual(
      saved.filter,
    );
    await expect(marketer.broadcasts.staff.audiences.delete.mutate({ audienceId: saved.id })).rejects.toThrow(
      /audience_not_found|не найден/,
    );
    await expect(
      marketer.broadcasts.staff.create.mutate({
        kind: 'marketing',
        title: 'Gone',
        audienceId: saved.id,
        text: { ru: 'x' },
      }),
    ).rejects.toThrow(/audience_not_found|не найден/);
  });
});

describe('automations', () => {
  it('run daily at their hour once approved, to each consenting patient once per period', async () => {
    t = await startTestApp(
      // Several visits per person are booked ahead over the test.
      { BOOKING_MAX_ACTIVE_PER_CATEGORY: '5' },
      { bot: true },
    );
    await seedDemoClinic({ em: t.app.orm.em.fork() });
    const marketer = t.client(await t.tokenFor('marketer'));
    const admin = t.client(await t.tokenFor('admin'));
    const registrar = t.client(await t.tokenFor('registrar'));
    const almaty = (await t.client().clinic.branches.list.query()).find((b) =>
      b.name.ru.includes('Алматы'),
    )!.id;
    const therapist = await serviceIdOf(t, almaty, 'Первичный приём терапевта');
    const repeat = await serviceIdOf(t, almaty, 'Повторный приём терапевта');

    // Day 0 at noon in Almaty.
    const start = t.clock.now();
    let day0 = localDate(start, ZONE);
    if (at(day0, '12:00') <= start) day0 = addDays(day0, 1);
    t.clock.advance(at(day0, '12:00').getTime() - start.getTime());

    const api = (p: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.id }).booking;
    const book = async (p: SandboxUser, serviceId: number, from: string) => {
      const free = await t
        .client()
        .booking.availability.query({ branchId: almaty, serviceId, from, to: addDays(from, 14) });
      const slot = free.days.flatMap((d) => d.slots)[0]!;
      return api(p).book({ branchId: almaty, serviceId, startsAt: slot.startsAt, patientId: null });
    };
    const came = async (p: SandboxUser, serviceId: number) => {
      const visit = await book(p, serviceId, addDays(day0, 1));
      await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status: 'arrived' });
      await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status: 'completed' });
      return visit;
    };

    // Recall: came to the therapist; Болат did not agree to marketing, Дана had another service,
    // Карина has a visit ahead.
    const alma = await patientInChat(t, 'ru', 'Алма', { marketing: true });
    const aidar = await patientInChat(t, 'ru', 'Айдар', { marketing: true, sex: 'male' });
    const bolat = await patientInChat(t, 'ru', 'Болат', { marketing: false, sex: 'male' });
    const dana = await patientInChat(t, 'ru', 'Дана', { marketing: true });
    const karina = await patientInChat(t, 'ru', 'Карина', { marketing: true });
    for (const p of [alma, aidar, bolat, karina]) await came(p, therapist);
    await came(dana, repeat);
    // Win-back: Ерлан cancels today, Фарида will miss hers, Гульнара cancels and books again.
    const erlan = await patientInChat(t, 'kk', 'Ерлан', { marketing: true, sex: 'male' });
    const farida = await patientInChat(t, 'ru', 'Фарида', { marketing: true });
    const gulnara = await patientInChat(t, 'ru', 'Гульнара', { marketing: true });
    for (const p of [erlan, gulnara]) {
      const visit = await book(p, therapist, addDays(day0, 5));
      await api(p).cancel({ appointmentId: visit.id, reason: 'plans_changed', note: null });
    }
    const missed = await book(farida, therapist, addDays(day0, 2));

    // Day 35, 09:00: Фарида's visit was missed, Гульнара and Карина have one ahead.
    const day = (n: number) => addDays(day0, n);
    t.clock.advance(at(day(35), '09:00').getTime() - t.clock.now().getTime());
    await registrar.booking.staff.setStatus.mutate({ appointmentId: missed.id, status: 'no_show' });
    await book(gulnara, therapist, day(45));
    await book(karina, therapist, day(45));

    const recall = await marketer.broadcasts.staff.automations.create.mutate({
      kind: 'recall',
      title: 'Recall',
      audience: { serviceIds: [therapist], noVisitDays: 30 },
      text: { ru: '{first_name}, пора на осмотр', kk: '{first_name}, тексерілу уақыты келді' },
      sendAt: '10:00',
      periodDays: 3,
    });
    const winBack = await marketer.broadcasts.staff.automations.create.mutate({
      kind: 'win_back',
      title: 'Win-back',
      audience: { missedWithinDays: 45 },
      text: { ru: '{first_name}, мы вас ждём', kk: '{first_name}, сізді күтеміз' },
      sendAt: '10:00',
      periodDays: 3,
    });
    expect(recall).toMatchObject({ approved: false, active: false });
    await expect(
      marketer.broadcasts.staff.automations.approve.mutate({ automationId: recall.id }),
    ).rejects.toThrow(/may not/);

    /** The broadcasts the automations made so far, finished, by title. */
    const runs = async () => {
      await t.app.runDue();
      for (let i = 0; i < 200; i++) {
        const { items } = await marketer.broadcasts.staff.list.query({ limit: 100 });
        const mine = items.filter((b) => b.automationId !== null);
        if (mine.every((b) => b.state === 'done')) return mine;
        await sleep(50);
      }
      throw new Error('an automation’s broadcast did not finish');
    };
    const targetedOn = async (date: string) =>
      Object.fromEntries(
        (await runs())
          .filter((b) => b.title.endsWith(date))
          .map((b) => [b.title.split(' · ')[0], b.targeted]),
      );

    // Not approved: nothing at its hour.
    t.clock.advance(at(day(35), '10:01').getTime() - t.clock.now().getTime());
    expect(await targetedOn(day(35))).toEqual({});

    // Approved at 10:01: it runs at once (its hour has come today), at 10:05 clinic time.
    await admin.broadcasts.staff.automations.approve.mutate({ automationId: recall.id });
    await admin.broadcasts.staff.automations.approve.mutate({ automationId: winBack.id });
    t.clock.advance(at(day(35), '10:05').getTime() - t.clock.now().getTime());
    expect(await targetedOn(day(35))).toEqual({ Recall: 2, 'Win-back': 2 });
    await alma.expectMessage(/Алма, пора на осмотр/);
    await aidar.expectMessage(/Айдар, пора на осмотр/);
    await erlan.expectMessage(/Ерлан, сізді күтеміз/);
    await farida.expectMessage(/Фарида, мы вас ждём/);

    // Day 36: each runs again, but nobody is written to twice within three days.
    t.clock.advance(at(day(36), '10:00').getTime() - t.clock.now().getTime());
    expect(await targetedOn(day(36))).toEqual({ Recall: 0, 'Win-back': 0 });
    // Meanwhile Айдар and Фарида book a visit.
    await book(aidar, therapist, day(40));
    await book(farida, therapist, day(40));

    // Day 38, at 10:00 (earlier in the day than day 35's run): three days on, they may be written
    // to again — but not those who booked meanwhile.
    t.clock.advance(at(day(37), '10:00').getTime() - t.clock.now().getTime());
    expect(await targetedOn(day(37))).toEqual({ Recall: 0, 'Win-back': 0 });
    t.clock.advance(at(day(38), '10:00').getTime() - t.clock.now().getTime());
    expect(await targetedOn(day(38))).toEqual({ Recall: 1, 'Win-back': 1 });
    await alma.expectMessage(/Алма, пора на осмотр/);
    await erlan.expectMessage(/Ерлан, сізді күтеміз/);

    // An edit stops it and takes the approval back: the recall no longer runs (day 41 here).
    const edited = await marketer.broadcasts.staff.automations.update.mutate({
      automationId: recall.id,
      text: { ru: '{first_name}, ждём на осмотр', kk: '{first_name}, тексерілуге келіңіз' },
    });
    expect(edited).toMatchObject({ approved: false, active: false });
    t.clock.advance(at(day(41), '10:00').getTime() - t.clock.now().getTime());
    expect(await targetedOn(day(41))).toEqual({ 'Win-back': 1 });
    await erlan.expectMessage(/Ерлан, сізді күтеміз/);

    // Who got what, from the recorded deliveries: nobody outside the audiences was written to.
    const broadcastsTo = async (p: SandboxUser) => {
      const { id } = await t.app
        .caller({ kind: 'bot', name: 'bot', telegramUserId: p.id })
        .patients.profile.get();
      const rows = await settledDeliveries(t, { patientId: id });
      return rows.filter((d) => d.purpose === 'broadcast').map((d) => d.status);
    };
    expect(await broadcastsTo(alma)).toEqual(['sent', 'sent']);
    expect(await broadcastsTo(aidar)).toEqual(['sent']);
    expect(await broadcastsTo(erlan)).toEqual(['sent', 'sent', 'sent']);
    expect(await broadcastsTo(farida)).toEqual(['sent']);
    for (const p of [bolat, dana, karina, gulnara]) expect(await broadcastsTo(p)).toEqual([]);
  });
});
