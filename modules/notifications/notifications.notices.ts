import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { Localized } from '../../shared/localized.ts';
import { rawSql, type Sql, sql } from '../../shared/sql.ts';
import {
  Delivery,
  type DeliveryGuardSpec,
  type DeliveryMedia,
  type DeliveryPriority,
} from './entities/delivery.entity.ts';
import type { NotificationSettings } from './notifications.settings.ts';

/** The channel a committed delivery wakes the sender on (see DeliverySender). */
export const DELIVERY_CHANNEL = 'emhana_delivery';

/** A value in a message, formatted in the recipient's language when the message is sent. */
export type NoticeParam =
  | string
  | number
  /** `day`: the weekday, day and month and time, as the bot's booking screens write a visit's time. */
  | { at: string; zone: string; style?: 'datetime' | 'date' | 'time' | 'day' }
  | Localized
  | { tiyn: number }
  /** Another locale key, translated in the same language (a cancel reason). */
  | { text: string };

/**
 * A button of a queued message: a label and exactly one action, the callback data a bot handler
 * parses (built by a codec of shared/buttons.ts) or an address to open. A button with neither
 * would do nothing when tapped, so the type has no such button and queueNotice refuses one that
 * came through untyped data.
 */
export type NoticeButton = {
  /** A locale key for the label. */
  label: string;
  /** Values for the label (a name on "Keep access for …"). */
  params?: Record<string, NoticeParam>;
} & ButtonAction;

/** What a tapped button does: sends its data to the bot, or opens its address. */
export type ButtonAction = { data: string; url?: never } | { url: string; data?: never };

/** Why a button cannot go into a message; null when it can. */
export function buttonProblem(button: { data?: unknown; url?: unknown }): string | null {
  const data = typeof button.data === 'string' && button.data !== '';
  const url = typeof button.url === 'string' && button.url !== '';
  if (data === url) return 'a button needs either callback data or a url, not both or neither';
  if (data && new TextEncoder().encode(button.data as string).byteLength > 64)
    return 'a button’s callback data is over 64 bytes';
  return null;
}

export interface Notice {
  /** What the message is for ("booking.cancelled_by_clinic"); with `target` it is unique. */
  purpose: string;
  /** What it is about ("appointment:12@3"); the same purpose and target are sent once. */
  target: string;
  /**
   * A patient: everyone who hears about them when it is sent (their own account, each guardian's).
   * One Telegram account (about a patient, if given: it goes only while that account still may
   * hear about them). Or the staff chat.
   */
  to:
    | { patientId: number }
    | { telegramUserId: number; patientId?: number }
    /** The staff chat; or with `chatId`, one staff member's own chat (a broadcast's test). */
    | { staffChat: true; chatId?: number };
  /** A locale key. */
  template: string;
  params?: Record<string, NoticeParam>;
  buttons?: NoticeButton[][];
  /** A photo or a document, the text its caption. */
  media?: DeliveryMedia;
  /** `care` by default; `urgent` also ignores quiet hours. */
  priority?: DeliveryPriority;
  /** The zone whose night is quiet hours for this message. */
  timeZone: string;
  /** What it is about, for the timeline (an appointment, a document, an invoice…). */
  subject?: { kind: string; id: number };
  notBefore?: Date;
  /** Checked again just before sending; a message whose reason has gone is skipped, not sent. */
  guard?: DeliveryGuardSpec;
  /** To one account: the id of its message to edit into this one (a new message if it cannot be). */
  edit?: number;
}

export type NoticeCtx = {
  em: EntityManager;
  clock: Clock;
  settings: { notifications: NotificationSettings };
};

/**
 * Queues a message in the caller's transaction (an outbox): the delivery row exists exactly when
 * the change that asked for it is committed, and the commit wakes the sender (NOTIFY). A second
 * call with the same purpose and target changes nothing. Returns whether it queued something new.
 */
export async function queueNotice(ctx: NoticeCtx, notice: Notice): Promise<boolean> {
  // At queue time, not at sending: a bad button would fail every attempt, far from its cause.
  for (const button of notice.buttons?.flat() ?? []) {
    const problem = buttonProblem(button);
    if (problem) throw new Error(`${notice.purpose}: ${problem} (${button.label})`);
  }
  const settings = ctx.settings.notifications;
  const to = notice.to;
  const staffChatId = 'staffChat' in to ? (to.chatId ?? settings.staffChatId) : null;
  if ('staffChat' in to && staffChatId === null) return false;
  const [recipient, key, chatId] =
    'staffChat' in to
      ? (['staff_chat', `chat:${staffChatId}`, staffChatId] as const)
      : 'telegramUserId' in to
        ? (['account', `tg:${to.telegramUserId}`, to.telegramUserId] as const)
        : (['patient', `patient:${to.patientId}`, null] as const);
  const now = ctx.clock.now();
  const notBefore = notice.notBefore && notice.notBefore > now ? notice.notBefore : now;
  const rows = (await ctx.em.execute(
    `with queued as (
       insert into notifications_delivery
         (unique_key, purpose, recipient, patient_id, chat_id, subject_kind, subject_id, template, params,
          buttons, media, guard, priority, time_zone, status, not_before, attempts, queued_at, edit_message_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, 'queued', ?, 0, ?, ?)
       on conflict (unique_key) do nothing
       returning id)
     select id, pg_notify(?, '') from queued`,
    [
      `${notice.purpose}:${notice.target}:${key}`.slice(0, 200),
      notice.purpose,
      recipient,
      'patientId' in to ? (to.patientId ?? null) : null,
      chatId,
      notice.subject?.kind ?? null,
      notice.subject?.id ?? null,
      notice.template,
      JSON.stringify(notice.params ?? {}),
      notice.buttons ? JSON.stringify(notice.buttons) : null,
      notice.media ? JSON.stringify(notice.media) : null,
      notice.guard ? JSON.stringify(notice.guard) : null,
      notice.priority ?? 'care',
      notice.timeZone,
      notBefore,
      now,
      'telegramUserId' in to ? (notice.edit ?? null) : null,
      DELIVERY_CHANNEL,
    ],
  )) as { id: number | string }[];
  if (rows[0]?.id === undefined) return false;
  return true;
}

export { Delivery };

/**
 * What messages of one purpose about these patients reached Telegram since a moment: the ids
 * of their subjects, the newest first (the NPS questions a patient may be answering by typing).
 */
export async function sentSubjects(
  em: EntityManager,
  query: { purpose: string; patientIds: readonly number[]; since: Date },
): Promise<number[]> {
  if (query.patientIds.length === 0) return [];
  const rows = await em.find(
    Delivery,
    {
      purpose: query.purpose,
      patientId: { $in: [...query.patientIds] },
      status: 'sent',
      sentAt: { $gt: query.since },
      subjectId: { $ne: null },
    },
    { orderBy: { sentAt: 'desc' }, fields: ['subjectId'], limit: 20 },
  );
  return rows.map((d) => d.subjectId!);
}

/** A message the platform sent into a chat, as it was composed (see `shownInChat`). */
export interface ShownMessage {
  purpose: string;
  subjectId: number | null;
  template: string;
  params: Record<string, NoticeParam>;
  buttons: NoticeButton[][];
  onBehalfOf: string | null;
}

/**
 * The message with buttons the platform sent into one Telegram chat as that chat's message
 * `telegramMessageId`, about one of these patients and of a purpose that starts with
 * `purposePrefix`; null when it is not one. A text typed right after it (the next message id)
 * is taken as an attempt to answer it, so its buttons can be shown again.
 */
export async function shownInChat(
  em: EntityManager,
  query: { chatId: number; telegramMessageId: number; patientIds: readonly number[]; purposePrefix: string },
): Promise<ShownMessage | null> {
  if (query.patientIds.length === 0) return null;
  const delivery = await em.findOne(
    Delivery,
    {
      patientId: { $in: [...query.patientIds] },
      chatId: query.chatId,
      telegramMessageId: query.telegramMessageId,
      status: 'sent',
      purpose: { $like: `${query.purposePrefix.replace(/[\\%_]/g, '\\$&')}%` },
      buttons: { $ne: null },
    },
    { orderBy: { id: 'desc' } },
  );
  if (!delivery) return null;
  return {
    purpose: delivery.purpose,
    subjectId: delivery.subjectId ?? null,
    template: delivery.template,
    params: delivery.params as Record<string, NoticeParam>,
    buttons: delivery.buttons as NoticeButton[][],
    onBehalfOf: delivery.onBehalfOf ?? null,
  };
}

/** How a message to one account ended, as a sender of many (a broadcast) counts it. */
export type DeliveryOutcome = 'pending' | 'sent' | 'failed' | 'blocked' | 'skipped' | 'unknown';

/** Telegram's answer to a message for someone who blocked the bot (see the sender's outcome). */
export const BLOCKED_PREFIX = 'blocked: ';

/**
 * The outcome of the messages about one subject (a broadcast) per account they went to: a sent
 * one wins over earlier attempts taken back (skipped), otherwise the latest attempt counts.
 */
export async function subjectOutcomes(
  em: EntityManager,
  subject: { kind: string; id: number },
): Promise<Map<number, { outcome: DeliveryOutcome; sentAt: Date | null }>> {
  const rows = (await em.execute(
    `select distinct on (chat_id) chat_id, status, last_error, sent_at
       from notifications_delivery
      where subject_kind = ? and subject_id = ? and recipient = 'account'
      order by chat_id, (status = 'sent') desc, id desc`,
    [subject.kind, subject.id],
  )) as {
    chat_id: string | number;
    status: string;
    last_error: string | null;
    sent_at: Date | string | null;
  }[];
  const outcomeOf = (row: (typeof rows)[number]): DeliveryOutcome => {
    if (row.status === 'queued' || row.status === 'sending') return 'pending';
    if (row.status === 'failed' && row.last_error?.startsWith(BLOCKED_PREFIX)) return 'blocked';
    if (row.status === 'skipped' && row.last_error === SKIPPED_BLOCKED) return 'blocked';
    return row.status as DeliveryOutcome;
  };
  return new Map(
    rows.map((r) => [
      Number(r.chat_id),
      { outcome: outcomeOf(r), sentAt: r.sent_at ? new Date(r.sent_at) : null },
    ]),
  );
}

/** Why a message was not sent to an account that had blocked the bot before it went. */
export const SKIPPED_BLOCKED = 'the recipient blocked the bot';

/** How many messages about one subject are still to go (queued or on the wire). */
export async function openDeliveries(
  em: EntityManager,
  subject: { kind: string; id: number },
): Promise<number> {
  const [row] = (await em.execute(
    `select count(*)::int as open from notifications_delivery
      where status in ('queued', 'sending') and subject_kind = ? and subject_id = ?`,
    [subject.kind, subject.id],
  )) as { open: number }[];
  return row?.open ?? 0;
}

/**
 * A condition that holds when a message whose purpose starts with `purposePrefix` about the subject
 * `kind` whose id is the caller's column `idColumn` reached Telegram (a visit was reminded): a
 * fragment for another module's figures, read from the (subject_kind, subject_id) index.
 */
export function sentAboutSql(query: { purposePrefix: string; kind: string; idColumn: string }): Sql {
  return sql`exists (select 1 from notifications_delivery d
                      where d.subject_kind = ${query.kind} and d.subject_id = ${rawSql(query.idColumn)}
                        and d.purpose like ${`${query.purposePrefix}%`} and d.status = 'sent')`;
}
