import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import { BUTTONS } from '../../../shared/buttons.ts';
import { pageOf } from '../../../shared/pages.ts';
import { isActiveAccount, staffNames } from '../../auth/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import { auditPatientRead, auditPatientReads, patientBriefs } from '../../patients/index.ts';
import { Ticket, TicketMessage } from '../entities/support.entity.ts';
import type { SupportCtx } from '../support.context.ts';
import { supportErrors } from '../support.errors.ts';
import type { assignInput, inboxInput, replyInput } from '../support.schemas.ts';
import { messageView, type StaffTicketView, type TicketMessageView, ticketView } from '../support.views.ts';
import { addMessage, closeTicketIn } from './tickets.ts';

async function staffViews(
  ctx: Pick<SupportCtx, 'em' | 'clock'>,
  tickets: Ticket[],
): Promise<StaffTicketView[]> {
  const briefs = await patientBriefs(ctx.em, [...new Set(tickets.map((t) => t.patientId))]);
  const now = ctx.clock.now().getTime();
  return tickets.map((t) => {
    const brief = briefs.get(t.patientId);
    return {
      ...ticketView(t),
      patient: { id: t.patientId, name: brief ? `${brief.firstName} ${brief.lastName}` : '—' },
      language: t.language,
      assigneeId: t.assigneeId ?? null,
      assigneeMember:
        t.assigneeTelegramId != null
          ? { telegramUserId: t.assigneeTelegramId, name: t.assigneeName ?? '' }
          : null,
      lastPatientAt: t.lastPatientAt,
      lastStaffAt: t.lastStaffAt ?? null,
      firstResponseAt: t.firstResponseAt ?? null,
      waitingMinutes: t.status === 'open' ? Math.floor((now - t.lastPatientAt.getTime()) / 60_000) : null,
    };
  });
}

/**
 * Staff's inbox: tickets by status (and assignee), those waiting longest first for open ones,
 * newest first otherwise; a page at a time (cursor: the last ticket's id in that order).
 */
export async function inbox(
  ctx: SupportCtx,
  input: z.output<typeof inboxInput>,
): Promise<{ items: StaffTicketView[]; nextCursor: number | null }> {
  const oldestFirst = input.status === 'open';
  const tickets = await ctx.em.find(
    Ticket,
    {
      ...(input.status ? { status: input.status } : {}),
      ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
      ...(input.cursor ? { id: oldestFirst ? { $gt: input.cursor } : { $lt: input.cursor } } : {}),
    },
    { orderBy: { id: oldestFirst ? 'asc' : 'desc' }, limit: input.limit + 1 },
  );
  const page = pageOf(tickets, input.limit, (t) => t.id);
  // The inbox names each ticket's patient: a read of each one's data.
  auditPatientReads(
    ctx.em,
    ctx.caller,
    ctx.clock.now(),
    'ticket.inbox',
    page.items.map((t) => t.patientId),
  );
  await ctx.em.flush();
  return { items: await staffViews(ctx, page.items), nextCursor: page.nextCursor };
}

async function staffTicket(ctx: Pick<SupportCtx, 'em'>, ticketId: number): Promise<Ticket> {
  const ticket = await ctx.em.findOne(Ticket, ticketId);
  if (!ticket) throw supportErrors('ticket_not_found');
  return ticket;
}

/** Staff read a ticket with its messages (the read is audited). */
export async function readTicket(
  ctx: SupportCtx,
  ticketId: number,
): Promise<{ ticket: StaffTicketView; messages: TicketMessageView[] }> {
  const ticket = await staffTicket(ctx, ticketId);
  const messages = await ctx.em.find(TicketMessage, { ticket }, { orderBy: { id: 'asc' } });
  auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), 'ticket.read', ticket.patientId);
  await ctx.em.flush();
  return { ticket: (await staffViews(ctx, [ticket]))[0]!, messages: messages.map(messageView) };
}

/**
 * An operator's answer, from the API or the staff group's topic: stored once (its key), then sent
 * to the patient through the delivery queue (care priority, in the order written) as a message
 * from the clinic; it is the patient's turn. A closed ticket is not answered: the patient (or the
 * clinic) ended that conversation, and an answer out of the blue would reopen it without anyone
 * deciding to; staff reopen it first (a deliberate step the console and the topic both offer).
 */
export async function answerTicket(
  ctx: SupportCtx,
  ticket: Ticket,
  answer: {
    text?: string | null;
    media?: TicketMessage['media'];
    sourceKey: string;
    via: 'api' | 'topic';
    authorName: string;
    actor: string;
    telegramMessageId?: number | null;
  },
): Promise<TicketMessageView | null> {
  if (ticket.status === 'closed') throw supportErrors('answer_to_closed');
  const now = ctx.clock.now();
  const message = await addMessage(ctx, ticket, {
    ...answer,
    media: answer.media ?? undefined,
    author: 'operator',
    relayed: answer.via === 'topic',
  });
  if (!message) return null;
  ticket.status = 'waiting_patient';
  ticket.firstResponseAt ??= now;
  ticket.lastStaffAt = now;
  ticket.version += 1;
  await ctx.em.flush();
  await queueNotice(ctx, {
    purpose: 'support.reply',
    target: `message:${message.id}`,
    to: { telegramUserId: ticket.telegramUserId, patientId: ticket.patientId },
    template: answer.text ? 'support-reply' : 'support-reply-file',
    params: { number: ticket.id, text: answer.text ?? '' },
    ...(answer.media ? { media: { type: answer.media.type, fileId: answer.media.fileId } } : {}),
    priority: 'care',
    timeZone: ctx.settings.support.hours.timeZone,
    subject: { kind: 'ticket', id: ticket.id },
  });
  auditPatientRead(ctx.em, ctx.caller, now, `ticket.reply.${answer.via}`, ticket.patientId);
  await ctx.em.flush();
  return messageView(message);
}

/**
 * How an answer is signed for the staff who read the conversation: the staff member's name as the
 * Staff page has it (the username only when the account is gone), a tool's "clinic".
 */
async function authorNameOf(ctx: Pick<SupportCtx, 'em' | 'caller'>): Promise<string> {
  if (ctx.caller.kind !== 'staff') return 'clinic';
  const account = (await staffNames(ctx.em, [ctx.caller.accountId])).get(ctx.caller.accountId);
  // The column holds 100 characters; a display name may have up to 200.
  return (account?.name ?? ctx.caller.name).slice(0, 100);
}

/** Staff answer through the API (internal tools, the console). */
export async function replyToTicket(
  ctx: SupportCtx,
  input: z.output<typeof replyInput>,
): Promise<TicketMessageView | null> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const ticket = await staffTicket(tx, input.ticketId);
    return answerTicket(tx, ticket, {
      text: input.text,
      sourceKey: `api:${actorOf(ctx.caller)}:${input.idempotencyKey}`,
      via: 'api',
      authorName: await authorNameOf(tx),
      actor: actorOf(ctx.caller),
    });
  });
}

export async function assignTicket(
  ctx: SupportCtx,
  input: z.output<typeof assignInput>,
): Promise<StaffTicketView> {
  const ticket = await staffTicket(ctx, input.ticketId);
  if (input.assigneeId !== null) {
    if (!(await isActiveAccount(ctx.em, input.assigneeId))) throw supportErrors('assignee_not_found');
  }
  ticket.assigneeId = input.assigneeId;
  // One assignee at a time: an account given it here replaces a member who took it in the topic.
  ticket.assigneeTelegramId = null;
  ticket.assigneeName = null;
  ticket.version += 1;
  auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), 'ticket.assign', ticket.patientId);
  await ctx.em.flush();
  return (await staffViews(ctx, [ticket]))[0]!;
}

export async function closeTicket(ctx: SupportCtx, ticketId: number): Promise<StaffTicketView> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const ticket = await staffTicket(tx, ticketId);
    if (await closeByStaff(tx, ticket, actorOf(ctx.caller)))
      auditPatientRead(em, ctx.caller, ctx.clock.now(), 'ticket.close', ticket.patientId);
    return (await staffViews(tx, [ticket]))[0]!;
  });
}

/**
 * Staff close a ticket (from the API or its topic): the patient hears of it, once per closing (the
 * version names it). A ticket already closed stays as it is; false then.
 */
export async function closeByStaff(
  ctx: Pick<SupportCtx, 'em' | 'clock' | 'settings'>,
  ticket: Ticket,
  actor: string,
): Promise<boolean> {
  if (ticket.status === 'closed') return false;
  await closeTicketIn(ctx, ticket, actor);
  await queueNotice(ctx, {
    purpose: 'support.closed',
    target: `ticket:${ticket.id}@${ticket.version}`,
    to: { telegramUserId: ticket.telegramUserId, patientId: ticket.patientId },
    template: 'support-closed-by-clinic',
    params: { number: ticket.id },
    buttons: [
      [1, 2, 3, 4, 5].map((rating) => ({
        label: `sp-stars-${rating}`,
        data: BUTTONS.rateTicket.data({ ticketId: ticket.id, rating }),
      })),
    ],
    priority: 'care',
    timeZone: ctx.settings.support.hours.timeZone,
    subject: { kind: 'ticket', id: ticket.id },
  });
  return true;
}

export async function reopenTicket(ctx: SupportCtx, ticketId: number): Promise<StaffTicketView> {
  const ticket = await staffTicket(ctx, ticketId);
  if (await reopenTicketIn(ctx, ticket)) {
    auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), 'ticket.reopen', ticket.patientId);
    await ctx.em.flush();
  }
  return (await staffViews(ctx, [ticket]))[0]!;
}

/**
 * A closed ticket is the clinic's to answer again; an open one stays as it is. The patient is told
 * (they were told it was closed): an answer arriving later under a closed number would puzzle them.
 */
export async function reopenTicketIn(
  ctx: Pick<SupportCtx, 'em' | 'clock' | 'settings'>,
  ticket: Ticket,
): Promise<boolean> {
  if (ticket.status !== 'closed') return false;
  ticket.status = 'open';
  ticket.closedAt = null;
  ticket.closedBy = null;
  ticket.version += 1;
  await ctx.em.flush();
  await queueNotice(ctx, {
    purpose: 'support.reopened',
    target: `ticket:${ticket.id}@${ticket.version}`,
    to: { telegramUserId: ticket.telegramUserId, patientId: ticket.patientId },
    template: 'support-reopened',
    params: { number: ticket.id },
    priority: 'care',
    timeZone: ctx.settings.support.hours.timeZone,
    subject: { kind: 'ticket', id: ticket.id },
  });
  return true;
}
