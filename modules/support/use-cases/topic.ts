import type { z } from 'zod';
import { auditPatientRead } from '../../patients/index.ts';
import { Ticket } from '../entities/support.entity.ts';
import type { SupportCtx } from '../support.context.ts';
import type { topicCommandInput, topicMessageInput } from '../support.schemas.ts';
import { answerTicket, closeByStaff, reopenTicketIn } from './staff-tickets.ts';

/**
 * What came of a message or a command in the staff group, for the bot to say (or not) in the
 * topic, in the staff chat's language:
 * - `ignored`: not the support group, not a ticket's topic, no sender — nothing changed;
 * - `answered`: the answer is stored and queued to the patient; `duplicate`: it already was
 *   (Telegram delivered the update again);
 * - `too_long`: it would not fit the patient's message (nothing sent; the operator splits it);
 * - `not_sent_closed`: the ticket is closed (nothing sent; the operator may /reopen it first);
 * - `assigned`, `closed`, `reopened`, and `unchanged` when the command found it so already.
 */
export type TopicOutcome =
  | { outcome: 'ignored' }
  | { outcome: 'too_long'; ticketId: number; language: 'ru' | 'kk'; limit: number }
  | {
      outcome:
        | 'answered'
        | 'duplicate'
        | 'not_sent_closed'
        | 'assigned'
        | 'closed'
        | 'reopened'
        | 'unchanged';
      ticketId: number;
      language: 'ru' | 'kk';
    };

type TopicPlace = Pick<z.output<typeof topicMessageInput>, 'chatId' | 'threadId'>;

/**
 * The ticket whose topic this is, in the configured support group, and the member who wrote
 * there (the Telegram user the bot acts for). The bot has already asked Telegram that the sender
 * is a member of the group now (bot/features/staff-topics.ts); a message from another chat or a
 * topic no ticket has finds nothing here.
 */
async function topicTicket(
  ctx: SupportCtx,
  place: TopicPlace,
): Promise<{ ticket: Ticket; member: number } | null> {
  const group = ctx.settings.support.groupChatId;
  const member = ctx.caller.kind === 'bot' ? ctx.caller.telegramUserId : null;
  if (group === null || place.chatId !== group || !member) return null;
  const ticket = await ctx.em.findOne(Ticket, { topicChatId: place.chatId, topicThreadId: place.threadId });
  // The ticket's own patient never writes in the staff group; if they were a member, they still
  // may not answer themselves.
  if (!ticket || ticket.telegramUserId === member) return null;
  return { ticket, member };
}

/**
 * The longest answer the patient's message can carry under its heading ("💬 Ответ клиники по
 * обращению № …:", under 60 characters): Telegram takes 4096 characters of text, and only 1024 in
 * a photo's or file's caption.
 */
export const TOPIC_ANSWER_LIMITS = { text: 4000, caption: 960 } as const;

const answered = (
  ctx: SupportCtx,
  outcome: Exclude<TopicOutcome['outcome'], 'ignored' | 'too_long'>,
  ticket: Ticket,
) => ({ outcome, ticketId: ticket.id, language: ctx.settings.notifications.staffChatLanguage }) as const;

/**
 * An operator wrote in a ticket's topic: the patient gets it as the clinic's answer (a photo or a
 * file as the same Telegram file). Keyed by the topic's message, so a redelivered update is one
 * answer.
 */
export async function answerFromTopic(
  ctx: SupportCtx,
  input: z.output<typeof topicMessageInput>,
): Promise<TopicOutcome> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const found = await topicTicket(tx, input);
    if (!found) return { outcome: 'ignored' };
    // Members talking in the topic after it was closed do not reach the patient (answerTicket).
    if (found.ticket.status === 'closed') return answered(ctx, 'not_sent_closed', found.ticket);
    const limit = input.media ? TOPIC_ANSWER_LIMITS.caption : TOPIC_ANSWER_LIMITS.text;
    if ((input.text?.length ?? 0) > limit)
      return {
        outcome: 'too_long',
        ticketId: found.ticket.id,
        language: ctx.settings.notifications.staffChatLanguage,
        limit,
      };
    const message = await answerTicket(tx, found.ticket, {
      text: input.text || null,
      media: input.media ?? null,
      sourceKey: `topic:${input.chatId}:${input.messageId}`,
      via: 'topic',
      authorName: input.senderName,
      actor: `tg:${found.member}`,
      telegramMessageId: input.messageId,
    });
    return answered(ctx, message ? 'answered' : 'duplicate', found.ticket);
  });
}

/**
 * /assign, /close, /reopen in a ticket's topic. /assign gives the ticket to the member who typed
 * it (recorded by their Telegram id and name: staff accounts have none to match); /close closes it
 * and tells the patient; /reopen opens a closed one again.
 */
export async function commandInTopic(
  ctx: SupportCtx,
  input: z.output<typeof topicCommandInput>,
): Promise<Exclude<TopicOutcome, { outcome: 'too_long' }>> {
  return ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em };
    const found = await topicTicket(tx, input);
    if (!found) return { outcome: 'ignored' };
    const { ticket, member } = found;
    const now = ctx.clock.now();
    if (input.command === 'assign') {
      if (ticket.assigneeTelegramId === member && ticket.assigneeName === input.senderName)
        return answered(ctx, 'unchanged', ticket);
      ticket.assigneeId = null;
      ticket.assigneeTelegramId = member;
      ticket.assigneeName = input.senderName;
      ticket.version += 1;
      auditPatientRead(em, ctx.caller, now, 'ticket.assign.topic', ticket.patientId);
      await em.flush();
      return answered(ctx, 'assigned', ticket);
    }
    if (input.command === 'reopen') {
      if (!(await reopenTicketIn(tx, ticket))) return answered(ctx, 'unchanged', ticket);
      auditPatientRead(em, ctx.caller, now, 'ticket.reopen.topic', ticket.patientId);
      await em.flush();
      return answered(ctx, 'reopened', ticket);
    }
    // The patient hears it was closed (closeByStaff).
    if (!(await closeByStaff(tx, ticket, `tg:${member}`))) return answered(ctx, 'unchanged', ticket);
    auditPatientRead(em, ctx.caller, now, 'ticket.close.topic', ticket.patientId);
    await em.flush();
    return answered(ctx, 'closed', ticket);
  });
}
