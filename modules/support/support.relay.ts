import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/log.ts';
import type { SendPriority } from '../../shared/telegram-budget.ts';
import type { Renderer } from '../notifications/index.ts';
import { patientBriefs } from '../patients/index.ts';
import type { TicketMedia } from './entities/support.entity.ts';

/** What a call into the staff group came to (the server translates Bot API answers into this). */
export type ForumOutcome<T> =
  | ({ ok: true } & T)
  | {
      ok: false;
      kind: 'blocked' | 'rate_limited' | 'transient' | 'rejected';
      retryAfterSeconds?: number;
      description: string;
    };

/**
 * Telegram for the staff group's forum. `turn` waits for the chat's turn in the process's one
 * Telegram budget (the bot's replies and the delivery queue share it) and resolves a moment before
 * it with `go`, which waits for the moment itself.
 */
export interface StaffForum {
  turn(chatId: number, priority: SendPriority): Promise<() => Promise<void>>;
  createTopic(chatId: number, name: string): Promise<ForumOutcome<{ threadId: number }>>;
  /** Copies a message (a photo, a file, a text) from another chat into a topic. */
  copy(
    chatId: number,
    threadId: number,
    from: { chatId: number; messageId: number },
  ): Promise<ForumOutcome<{ messageId: number }>>;
  /** A plain text (no markup), or a photo or file by Telegram's file id with the text as caption. */
  send(
    chatId: number,
    threadId: number,
    message: { text: string; media?: { type: 'photo' | 'document'; fileId: string } },
  ): Promise<ForumOutcome<{ messageId: number }>>;
}

declare module '../../shared/module.ts' {
  interface ModulePorts {
    /** The staff group's forum, given once the server listens (with Telegram's messenger). */
    staffForum: StaffForum;
  }
}

export interface RelayDeps {
  em: () => EntityManager;
  clock: Clock;
  log: Logger;
  forum: StaffForum;
  renderer: Renderer;
  groupChatId: number;
  language: 'ru' | 'kk';
  /** Set when the relay stops: a message still waiting for its turn is not sent. */
  stopping?: AbortSignal;
}

/** What one step of a ticket's relay came to. */
export type RelayStep =
  | { kind: 'relayed' }
  | { kind: 'idle' }
  | { kind: 'stopped' }
  | { kind: 'failed'; what: 'topic' | 'message'; failure: Extract<ForumOutcome<object>, { ok: false }> };

interface Pending {
  id: number;
  author: 'patient' | 'operator' | 'system';
  author_name: string | null;
  text: string | null;
  media: TicketMedia | null;
  via: 'bot' | 'topic' | 'api';
  telegram_message_id: number | null;
  telegram_user_id: string;
  patient_id: number;
  topic_chat_id: string | null;
  topic_thread_id: number | null;
}

/** The ticket's oldest message not yet in its topic, with what its relay needs of the ticket. */
async function oldestPending(em: EntityManager, ticketId: number): Promise<Pending | null> {
  const [row] = (await em.execute(
    `select m.id, m.author, m.author_name, m.text, m.media, m.via, m.telegram_message_id,
            t.telegram_user_id, t.patient_id, t.topic_chat_id, t.topic_thread_id
       from support_ticket_message m join support_ticket t on t.id = m.ticket_id
      where m.ticket_id = ? and m.relayed_at is null
      order by m.id limit 1`,
    [ticketId],
  )) as Pending[];
  return row ?? null;
}

/** "№12 · Асель Нурланова": the number and the name, never the IIN (Telegram's limit: 128). */
export async function topicName(em: EntityManager, ticketId: number, patientId: number): Promise<string> {
  const brief = (await patientBriefs(em, [patientId])).get(patientId);
  const name = brief ? `${brief.firstName} ${brief.lastName}` : '';
  return `№${ticketId} · ${name}`.trim().slice(0, 128);
}

/**
 * The ticket's topic in the group, created when it has none there yet. The turn in Telegram's
 * budget is taken first (a connection is not held while waiting for it); then the ticket row stays
 * locked from the look to the store, so two relays racing (a leader losing its place while another
 * takes over) make one topic: the second waits, then finds the first one's (its turn unused). A
 * crash between Telegram's answer and the commit leaves an empty topic behind and makes another:
 * at most one per crash.
 */
async function ensureTopic(
  deps: RelayDeps,
  ticketId: number,
  patientId: number,
): Promise<{ ok: true; threadId: number } | Extract<ForumOutcome<object>, { ok: false }> | null> {
  const go = await deps.forum.turn(deps.groupChatId, 'care');
  if (deps.stopping?.aborted) return null;
  const name = await topicName(deps.em(), ticketId, patientId);
  await go();
  return deps.em().transactional(async (em) => {
    const [ticket] = (await em.execute(
      'select topic_chat_id, topic_thread_id from support_ticket where id = ? for update',
      [ticketId],
    )) as { topic_chat_id: string | null; topic_thread_id: number | null }[];
    if (!ticket) return null;
    if (Number(ticket.topic_chat_id) === deps.groupChatId && ticket.topic_thread_id !== null)
      return { ok: true as const, threadId: ticket.topic_thread_id };
    const created = await deps.forum.createTopic(deps.groupChatId, name);
    if (!created.ok) return created;
    await em.execute('update support_ticket set topic_chat_id = ?, topic_thread_id = ? where id = ?', [
      deps.groupChatId,
      created.threadId,
      ticketId,
    ]);
    deps.log.info({ ticketId, threadId: created.threadId }, 'ticket topic created');
    return { ok: true as const, threadId: created.threadId };
  });
}

/** What the staff read in the topic for a message that is not copied from the patient's chat. */
function retold(deps: RelayDeps, message: Pending): { text: string; media?: TicketMedia } {
  const media = message.media ?? undefined;
  if (message.author === 'system')
    return {
      text:
        message.text !== 'closed'
          ? deps.renderer.plain(deps.language, 'support-topic-note', { note: message.text ?? '' })
          : message.via === 'bot'
            ? deps.renderer.plain(deps.language, 'support-topic-closed-by-patient', {})
            : deps.renderer.plain(deps.language, 'support-topic-closed', {}),
    };
  const who = message.author === 'operator' ? `💬 ${message.author_name ?? '—'}` : '👤';
  return { text: message.text ? `${who}: ${message.text}` : who, media };
}

const SOURCE_GONE = /message to copy not found|can't be copied/;
const TOPIC_GONE = /message thread not found|TOPIC_DELETED/i;

/**
 * Relays a ticket's oldest message waiting for the group, if any: its topic first (created when
 * missing), then the message — a patient's copied from their chat (photos and files come across
 * as they are; retold from what we kept when the original is gone), an operator's API reply as
 * "💬 name: text", a system note as a short line in the staff chat's language — and marks it
 * relayed right after Telegram took it.
 *
 * At least once: nothing is marked before it is sent, so a crash loses nothing; a crash between
 * Telegram's answer and the mark (milliseconds, one message per ticket on the wire) sends that
 * message once more after the restart. That is the delivery queue's `unknown` turned the other
 * way: there a message cut off on the wire is never resent (a patient must not get a reminder
 * twice); here losing a patient's words is worse than staff seeing one line twice.
 */
export async function relayNext(deps: RelayDeps, ticketId: number): Promise<RelayStep> {
  const em = deps.em();
  const message = await oldestPending(em, ticketId);
  if (!message) return { kind: 'idle' };
  let threadId =
    Number(message.topic_chat_id) === deps.groupChatId && message.topic_thread_id !== null
      ? message.topic_thread_id
      : null;
  if (threadId === null) {
    const topic = await ensureTopic(deps, ticketId, message.patient_id);
    if (!topic) return { kind: 'stopped' };
    if (!topic.ok) return { kind: 'failed', what: 'topic', failure: topic };
    threadId = topic.threadId;
  }
  const go = await deps.forum.turn(deps.groupChatId, 'care');
  if (deps.stopping?.aborted) return { kind: 'stopped' };
  await go();
  const source =
    message.author === 'patient' && message.telegram_message_id !== null
      ? { chatId: Number(message.telegram_user_id), messageId: message.telegram_message_id }
      : null;
  let outcome = source
    ? await deps.forum.copy(deps.groupChatId, threadId, source)
    : await deps.forum.send(deps.groupChatId, threadId, retold(deps, message));
  if (!outcome.ok && source && outcome.kind === 'rejected' && SOURCE_GONE.test(outcome.description)) {
    // The patient deleted it in their chat: the staff still read what we kept.
    const again = await deps.forum.turn(deps.groupChatId, 'care');
    await again();
    outcome = await deps.forum.send(deps.groupChatId, threadId, retold(deps, message));
  }
  if (!outcome.ok) {
    if (outcome.kind === 'rejected' && TOPIC_GONE.test(outcome.description)) {
      // Staff deleted the topic: the next step opens a new one for the ticket.
      await em.execute(
        'update support_ticket set topic_chat_id = null, topic_thread_id = null where id = ? and topic_thread_id = ?',
        [ticketId, threadId],
      );
    }
    return { kind: 'failed', what: 'message', failure: outcome };
  }
  await em.execute('update support_ticket_message set relayed_at = ? where id = ? and relayed_at is null', [
    deps.clock.now(),
    message.id,
  ]);
  return { kind: 'relayed' };
}
