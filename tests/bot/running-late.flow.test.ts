import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy } from '../support/demo.ts';
import { patientInChat } from '../support/patients.ts';

/**
 * "Running late" with no staff chat configured: the patient is told the desk knows, and that is
 * true because the day board shows it with the minutes (the staff-chat case is in reminders.flow).
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
