import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy, slotAfter } from '../../tests/support/demo.ts';
import { failure } from '../../tests/support/errors.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { sqlOf } from '../../tests/support/payments.ts';

/**
 * Tickets through the API, as the bot and an internal tool use it: a patient's question opens one
 * conversation, an operator's answer goes to the patient through the delivery queue, the patient
 * writes more, closes and rates once; the inbox sorts by waiting; a ticket waiting past the limit
 * is announced to the staff group once.
 */
let t: TestApp;
let nextUser = 8_700_000;
let operatorId: number;
beforeAll(async () => {
  t = await startTestApp({ STAFF_CHAT_ID: '-1009876543', SUPPORT_FIRST_RESPONSE_MINUTES: '30' });
  // Her answers are signed with her name from the Staff page, not her username.
  operatorId = (
    await t.app.caller({ kind: 'system' }).staff.create({
      username: 'aigul',
      displayName: 'Айгүл',
      password: 'operator-pass-1',
      roles: ['operator'],
    })
  ).id;
});
afterAll(() => t.stop());

const operator = () =>
  t.app.caller({ kind: 'staff', accountId: operatorId, name: 'aigul', roles: ['operator'] }).support.staff;
const sql = (query: string, params: unknown[] = []) => sqlOf(t)(query, params);

async function patient(language: 'ru' | 'kk' = 'ru') {
  const telegramUserId = ++nextUser;
  const profile = await registerPatient(t.app, telegramUserId, { language });
  return { telegramUserId, profile, api: t.app.caller({ kind: 'bot', name: 'bot', telegramUserId }).support };
}

describe('a ticket', () => {
  it('opens once per conversation, is answered, continued, closed and rated once', async () => {
    const p = await patient();
    const opened = await p.api.tickets.open({
      text: 'Как получить справку для бассейна?',
      sourceKey: 'tg:1:10',
    });
    expect(opened.ticket).toMatchObject({ kind: 'question', status: 'open' });
    // The same Telegram message delivered twice is one message; a second question joins the ticket.
    await p.api.tickets.open({ text: 'Как получить справку для бассейна?', sourceKey: 'tg:1:10' });
    const again = await p.api.tickets.open({ text: 'И сколько стоит?', sourceKey: 'tg:1:11' });
    expect(again.ticket.id).toBe(opened.ticket.id);
    expect((await p.api.tickets.get({ ticketId: opened.ticket.id })).messages.map((m) => m.text)).toEqual([
      'Как получить справку для бассейна?',
      'И сколько стоит?',
    ]);

    const inbox = await operator().inbox({ status: 'open' });
    const row = inbox.items.find((i) => i.id === opened.ticket.id)!;
    expect(row.patient.name).toContain(p.profile.firstName);
    expect(JSON.stringify(row)).not.toMatch(/\d{12}/);

    const answer = await operator().reply({
      ticketId: opened.ticket.id,
      text: 'Справку 086/у выдаёт терапевт после осмотра.',
      idempotencyKey: `reply-${opened.ticket.id}-1`,
    });
    expect(answer).toMatchObject({ author: 'operator', authorName: 'Айгүл', via: 'api' });
    // A retried request is one answer.
    expect(
      await operator().reply({
        ticketId: opened.ticket.id,
        text: 'дубль',
        idempotencyKey: `reply-${opened.ticket.id}-1`,
      }),
    ).toBeNull();
    const sent = await sql(
      `select template, params, chat_id from notifications_delivery where purpose = 'support.reply' and subject_id = ?`,
      [opened.ticket.id],
    );
    expect(sent).toEqual([
      {
        template: 'support-reply',
        params: { number: opened.ticket.id, text: 'Справку 086/у выдаёт терапевт после осмотра.' },
        chat_id: String(p.telegramUserId),
      },
    ]);
    expect((await p.api.tickets.current())?.status).toBe('waiting_patient');

    await p.api.tickets.write({
      ticketId: opened.ticket.id,
      text: 'Спасибо, а в субботу можно?',
      sourceKey: 'tg:1:12',
    });
    expect((await p.api.tickets.current())?.status).toBe('open');
    expect((await failure(p.api.tickets.rate({ ticketId: opened.ticket.id, rating: 5 }))).domain?.code).toBe(
      'ticket_not_closed',
    );
    await p.api.tickets.close({ ticketId: opened.ticket.id });
    expect(await p.api.tickets.current()).toBeNull();
    expect(
      (await failure(p.api.tickets.write({ ticketId: opened.ticket.id, text: 'ещё', sourceKey: 'tg:1:13' })))
        .domain?.code,
    ).toBe('ticket_closed');
    expect((await p.api.tickets.rate({ ticketId: opened.ticket.id, rating: 5 })).rating).toBe(5);
    expect((await failure(p.api.tickets.rate({ ticketId: opened.ticket.id, rating: 1 }))).domain?.code).toBe(
      'already_rated',
    );
  });

  it('refuses an empty message and writes nothing', async () => {
    const p = await patient();
    expect((await failure(p.api.tickets.open({ sourceKey: 'tg:1:20' }))).domain?.code).toBe('message_empty');
    const [row] = await sql('select count(*)::int as n from support_ticket_message where source_key = ?', [
      'tg:1:20',
    ]);
    expect(row).toEqual({ n: 0 });
  });

  it('is announced to the staff group once when it waits past the first-response limit', async () => {
    const p = await patient('kk');
    const { ticket } = await p.api.tickets.open({
      text: 'Талдау нәтижесі қашан дайын болады?',
      sourceKey: 'tg:2:1',
    });
    t.clock.advance(31 * 60_000);
    await t.app.runDue();
    await t.app.runDue();
    const told = await sql(
      `select template, params from notifications_delivery where purpose = 'support.overdue' and subject_id = ?`,
      [ticket.id],
    );
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ template: 'staff-ticket-overdue', params: { number: ticket.id } });
    expect(JSON.stringify(told)).not.toContain('Талдау');
  });

  it('"I was not at this visit": a ticket of its own kind for a past visit, one per visit; a future one is refused', async () => {
    const therapy = await demoTherapy(t);
    const p = await patient();
    const slot = await slotAfter(t, therapy, 2);
    const visit = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: p.telegramUserId })
      .booking.book({ ...therapy, startsAt: slot.startsAt });
    expect((await failure(p.api.tickets.reportAbsence({ appointmentId: visit.id }))).domain?.code).toBe(
      'visit_not_past',
    );
    t.clock.advance(visit.endsAt.getTime() - t.clock.now().getTime() + 60_000);
    const first = await p.api.tickets.reportAbsence({
      appointmentId: visit.id,
      text: 'Меня не было, я был в отъезде',
    });
    const second = await p.api.tickets.reportAbsence({ appointmentId: visit.id });
    expect(second.ticket.id).toBe(first.ticket.id);
    expect(first.ticket).toMatchObject({ kind: 'not_at_visit', appointmentId: visit.id });
  });

  it('lets operators assign, close and reopen; an unknown assignee is refused', async () => {
    const p = await patient();
    const { ticket } = await p.api.tickets.open({ text: 'Вопрос', sourceKey: 'tg:3:1' });
    expect(
      (await failure(operator().assign({ ticketId: ticket.id, assigneeId: 999_999 }))).domain?.code,
    ).toBe('assignee_not_found');
    const [admin] = await sql('select id from auth_staff_account order by id limit 1');
    if (admin)
      expect(
        (await operator().assign({ ticketId: ticket.id, assigneeId: Number(admin.id) })).assigneeId,
      ).toBe(Number(admin.id));
    expect((await operator().close({ ticketId: ticket.id })).status).toBe('closed');
    // The patient is told, once, whoever closes it again.
    await operator().close({ ticketId: ticket.id });
    expect(
      await sql(
        `select template, params from notifications_delivery where purpose = 'support.closed' and subject_id = ?`,
        [ticket.id],
      ),
    ).toEqual([{ template: 'support-closed-by-clinic', params: { number: ticket.id } }]);
    expect((await operator().reopen({ ticketId: ticket.id })).status).toBe('open');
    // Reopened: the patient is told the conversation goes on (once, however often it is asked).
    await operator().reopen({ ticketId: ticket.id });
    expect(
      await sql(
        `select template, params from notifications_delivery where purpose = 'support.reopened' and subject_id = ?`,
        [ticket.id],
      ),
    ).toEqual([{ template: 'support-reopened', params: { number: ticket.id } }]);
    const read = await operator().get({ ticketId: ticket.id });
    expect(read.messages.map((m) => m.author)).toEqual(['patient', 'system']);
  });

  it('refuses an operator’s answer to a closed ticket, whoever closed it, until it is reopened; the patient hears nothing', async () => {
    const p = await patient();
    const { ticket } = await p.api.tickets.open({ text: 'Где взять направление?', sourceKey: 'tg:4:1' });
    await p.api.tickets.close({ ticketId: ticket.id });
    const refused = await failure(
      operator().reply({ ticketId: ticket.id, text: 'У терапевта.', idempotencyKey: `closed-${ticket.id}` }),
    );
    expect(refused.domain?.code).toBe('answer_to_closed');
    const replies = () =>
      sql(`select params from notifications_delivery where purpose = 'support.reply' and subject_id = ?`, [
        ticket.id,
      ]);
    expect(await replies()).toEqual([]);
    const read = await operator().get({ ticketId: ticket.id });
    expect(read.ticket.status).toBe('closed');
    expect(read.messages.map((m) => m.author)).toEqual(['patient', 'system']);

    // Reopened on purpose, it is answered as any open ticket (the same key: the refused try left nothing).
    await operator().reopen({ ticketId: ticket.id });
    await operator().reply({
      ticketId: ticket.id,
      text: 'У терапевта.',
      idempotencyKey: `closed-${ticket.id}`,
    });
    expect(await replies()).toEqual([{ params: { number: ticket.id, text: 'У терапевта.' } }]);
    expect((await p.api.tickets.current())?.status).toBe('waiting_patient');
  });
});
