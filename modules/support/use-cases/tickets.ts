import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { z } from 'zod';
import { isThanks } from '../../../shared/thanks.ts';
import { visitFacts } from '../../booking/index.ts';
import {
  actingPatientId,
  auditPatientRead,
  managedPatientIds,
  patientLanguage,
} from '../../patients/index.ts';
import { Ticket, type TicketKind, TicketMessage } from '../entities/support.entity.ts';
import { SUPPORT_CHANNEL, type SupportCtx } from '../support.context.ts';
import { supportErrors } from '../support.errors.ts';
import { nextOpening } from '../support.policy.ts';
import type { openTicketInput, rateInput, reportAbsenceInput, writeInput } from '../support.schemas.ts';
import { messageView, type TicketMessageView, type TicketView, ticketView } from '../support.views.ts';

/** The Telegram account a bot call acts for. */
function account(ctx: Pick<SupportCtx, 'caller'>): number {
  if (ctx.caller.kind !== 'bot' || !ctx.caller.telegramUserId) throw supportErrors('ticket_not_found');
  return ctx.caller.telegramUserId;
}

interface MessageInput {
  text?: string | null;
  media?: z.output<typeof writeInput>['media'] | null;
  sourceKey: string;
  telegramMessageId?: number | null;
}

/**
 * Adds a message to a ticket in the caller's transaction. Its source key is unique, so the same
 * Telegram message delivered twice (or a retried request) is one message; the commit wakes the
 * topic relay (NOTIFY), which copies it to the staff group.
 */
export async function addMessage(
  ctx: Pick<SupportCtx, 'em' | 'clock'>,
  ticket: Ticket,
  message: MessageInput & {
    author: 'patient' | 'operator' | 'system';
    via: 'bot' | 'topic' | 'api';
    authorName?: string | null;
    actor?: string | null;
    /** Already where the relay would put it (an operator's message in the topic). */
    relayed?: boolean;
  },
): Promise<TicketMessage | null> {
  if (!message.text && !message.media) throw supportErrors('message_empty');
  const now = ctx.clock.now();
  const rows = (await ctx.em.execute(
    `insert into support_ticket_message
       (ticket_id, author, author_name, actor, text, media, via, source_key, telegram_message_id, relayed_at, created_at)
     values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
     on conflict (source_key) do nothing returning id`,
    [
      ticket.id,
      message.author,
      message.authorName ?? null,
      message.actor ?? null,
      message.text ?? null,
      message.media ? JSON.stringify(message.media) : null,
      message.via,
      message.sourceKey,
      message.telegramMessageId ?? null,
      message.relayed ? now : null,
      now,
    ],
  )) as { id: number }[];
  if (!rows[0]) return null;
  await ctx.em.execute('select pg_notify(?, ?)', [SUPPORT_CHANNEL, String(ticket.id)]);
  return ctx.em.findOneOrFail(TicketMessage, rows[0].id);
}

/** The acting account's ticket (another's is "not found", the same as one that does not exist). */
async function ownTicket(ctx: Pick<SupportCtx, 'em' | 'caller'>, ticketId: number): Promise<Ticket> {
  const ticket = await ctx.em.findOne(Ticket, { id: ticketId, telegramUserId: account(ctx) });
  if (!ticket) throw supportErrors('ticket_not_found');
  return ticket;
}

/** Opens a ticket of a kind for a patient's account (or finds the one already open), in the caller's transaction. */
export async function openTicketFor(
  ctx: Pick<SupportCtx, 'em' | 'clock'>,
  who: { patientId: number; telegramUserId: number; kind: TicketKind; appointmentId?: number | null },
): Promise<{ ticket: Ticket; created: boolean }> {
  const open = await ctx.em.findOne(Ticket, {
    telegramUserId: who.telegramUserId,
    status: { $ne: 'closed' },
    kind: who.kind,
    ...(who.appointmentId ? { appointmentId: who.appointmentId } : {}),
  });
  if (open) return { ticket: open, created: false };
  const language = await patientLanguage(ctx.em, who.patientId);
  const ticket = ctx.em.create(Ticket, {
    patientId: who.patientId,
    telegramUserId: who.telegramUserId,
    language,
    kind: who.kind,
    appointmentId: who.appointmentId ?? null,
    lastPatientAt: ctx.clock.now(),
  });
  try {
    await ctx.em.persist(ticket).flush();
  } catch (error) {
    // Two opens at once: the other one's ticket is this conversation.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    ctx.em.clear();
    const other = await ctx.em.findOneOrFail(Ticket, {
      telegramUserId: who.telegramUserId,
      status: { $ne: 'closed' },
      kind: who.kind,
    });
    return { ticket: other, created: false };
  }
  return { ticket, created: true };
}

export interface OpenedTicket {
  ticket: TicketView;
  /** Outside the operators' hours: when they next answer. */
  answersFrom: Date | null;
}

/** "Talk to a person": the patient's text (or photo, file) opens a ticket, or joins the open one. */
export async function openTicket(
  ctx: SupportCtx,
  input: z.output<typeof openTicketInput>,
): Promise<OpenedTicket> {
  const telegramUserId = account(ctx);
  const patientId = await actingPatientId(ctx.em, ctx.caller);
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const { ticket } = await openTicketFor(tx, { patientId, telegramUserId, kind: 'question' });
    await addMessage(tx, ticket, {
      ...input,
      author: 'patient',
      via: 'bot',
      telegramMessageId: messageIdOf(input.sourceKey),
    });
    auditPatientRead(em, ctx.caller, ctx.clock.now(), 'ticket.open', patientId);
    await em.flush();
    return {
      ticket: ticketView(ticket),
      answersFrom: nextOpening(ctx.clock.now(), ctx.settings.support.hours),
    };
  });
}

/** The bot's source keys are `tg:<chat>:<message id>`: the message id, to copy it to the topic. */
const messageIdOf = (sourceKey: string): number | null => {
  const match = /^tg:-?\d+:(\d+)$/.exec(sourceKey);
  return match ? Number(match[1]) : null;
};

/**
 * The patient writes more into an open ticket (waiting for them, it is the clinic's turn again).
 * A mere thank-you is kept for staff to read but changes no turn: nobody has to answer it, so it
 * neither puts the ticket back in the clinic's queue nor restarts the wait for an answer.
 */
export async function writeToTicket(
  ctx: SupportCtx,
  input: z.output<typeof writeInput>,
): Promise<TicketView> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const ticket = await ownTicket(tx, input.ticketId);
    if (ticket.status === 'closed') throw supportErrors('ticket_closed');
    const added = await addMessage(tx, ticket, {
      ...input,
      author: 'patient',
      via: 'bot',
      telegramMessageId: messageIdOf(input.sourceKey),
    });
    if (added && !(isThanks(input.text) && !input.media)) {
      ticket.status = 'open';
      ticket.lastPatientAt = ctx.clock.now();
      ticket.overdueAlertedAt = null;
      ticket.version += 1;
      await em.flush();
    }
    return ticketView(ticket);
  });
}

/** The acting account's open ticket, if any: where what the patient writes goes. */
export async function currentTicket(ctx: SupportCtx): Promise<TicketView | null> {
  const ticket = await ctx.em.findOne(
    Ticket,
    { telegramUserId: account(ctx), status: { $ne: 'closed' } },
    { orderBy: { createdAt: 'desc' } },
  );
  return ticket ? ticketView(ticket) : null;
}

/** The acting account's tickets, newest first. */
export async function myTickets(ctx: SupportCtx): Promise<TicketView[]> {
  const tickets = await ctx.em.find(
    Ticket,
    { telegramUserId: account(ctx) },
    { orderBy: { id: 'desc' }, limit: 20 },
  );
  return tickets.map(ticketView);
}

/** One of the acting account's tickets with its messages. */
export async function myTicket(
  ctx: SupportCtx,
  ticketId: number,
): Promise<{ ticket: TicketView; messages: TicketMessageView[] }> {
  const ticket = await ownTicket(ctx, ticketId);
  const messages = await ctx.em.find(TicketMessage, { ticket }, { orderBy: { id: 'asc' } });
  return { ticket: ticketView(ticket), messages: messages.map(messageView) };
}

/** Closes a ticket (by the patient, or staff: `by`); a system note goes to the topic. */
export async function closeTicketIn(
  ctx: Pick<SupportCtx, 'em' | 'clock'>,
  ticket: Ticket,
  by: string,
): Promise<void> {
  if (ticket.status === 'closed') return;
  const now = ctx.clock.now();
  ticket.status = 'closed';
  ticket.closedAt = now;
  ticket.closedBy = by;
  ticket.version += 1;
  await ctx.em.flush();
  const via =
    by.startsWith('tg:') && by !== `tg:${ticket.telegramUserId}`
      ? 'topic'
      : by.startsWith('tg:')
        ? 'bot'
        : 'api';
  await addMessage(ctx, ticket, {
    author: 'system',
    via,
    text: 'closed',
    sourceKey: `close:${ticket.id}:${ticket.version}`,
    // Closed by /close in the topic: the bot already says so there (topic-closed), no note to relay.
    relayed: via === 'topic',
  });
}

/**
 * The patient closes their ticket. One already closed (an old button in the chat, a second tap) is
 * refused, so the bot says so instead of announcing the closing again.
 */
export async function closeMyTicket(ctx: SupportCtx, ticketId: number): Promise<TicketView> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const ticket = await ownTicket(tx, ticketId);
    if (ticket.status === 'closed') throw supportErrors('ticket_closed');
    await closeTicketIn(tx, ticket, `tg:${account(ctx)}`);
    return ticketView(ticket);
  });
}

/** After closing, the patient rates the answer (1–5), once. */
export async function rateTicket(ctx: SupportCtx, input: z.output<typeof rateInput>): Promise<TicketView> {
  const ticket = await ownTicket(ctx, input.ticketId);
  if (ticket.status !== 'closed') throw supportErrors('ticket_not_closed');
  const rows = (await ctx.em.execute(
    'update support_ticket set rating = ?, rated_at = ? where id = ? and rating is null returning id',
    [input.rating, ctx.clock.now(), ticket.id],
  )) as { id: number }[];
  if (!rows[0]) throw supportErrors('already_rated');
  await ctx.em.refresh(ticket);
  return ticketView(ticket);
}

/**
 * "I was not at this visit", from a past visit in "My appointments": a ticket of its own kind,
 * linked to the visit (the patient's own or a dependant's), one per visit.
 */
export async function reportAbsence(
  ctx: SupportCtx,
  input: z.output<typeof reportAbsenceInput>,
): Promise<OpenedTicket> {
  const telegramUserId = account(ctx);
  const visit = await visitFacts(ctx.em, input.appointmentId);
  const ids = await managedPatientIds(ctx.em, ctx.caller);
  if (!visit || !ids.includes(visit.patientId)) throw supportErrors('visit_not_found');
  if (visit.startsAt > ctx.clock.now()) throw supportErrors('visit_not_past');
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const { ticket } = await openTicketFor(tx, {
      patientId: visit.patientId,
      telegramUserId,
      kind: 'not_at_visit',
      appointmentId: visit.id,
    });
    await addMessage(tx, ticket, {
      author: 'patient',
      via: 'bot',
      text: input.text ?? null,
      media: undefined,
      sourceKey: `absence:${visit.id}:${ticket.id}`,
    }).catch((error: unknown) => {
      // A report without words is still a report: the ticket itself says what it is about.
      if (!supportErrors.is(error, 'message_empty')) throw error;
    });
    auditPatientRead(em, ctx.caller, ctx.clock.now(), 'ticket.not_at_visit', visit.patientId);
    await em.flush();
    return {
      ticket: ticketView(ticket),
      answersFrom: nextOpening(ctx.clock.now(), ctx.settings.support.hours),
    };
  });
}
