import { setTimeout as sleep } from 'node:timers/promises';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { Language } from '../../shared/localized.ts';
import type { Logger } from '../../shared/log.ts';
import { defineWorker } from '../../shared/module.ts';
import type { ModuleHooks } from '../../shared/trpc.ts';
import { addDays, utcToZoned, zonedToUtc } from '../../shared/zoned-time.ts';
import {
  DELIVERY_PRIORITIES,
  Delivery,
  type DeliveryGuardSpec,
  type DeliveryMedia,
  type DeliveryPriority,
} from './entities/delivery.entity.ts';
import {
  BLOCKED_PREFIX,
  type ButtonAction,
  DELIVERY_CHANNEL,
  type NoticeButton,
  type NoticeParam,
  SKIPPED_BLOCKED,
} from './notifications.notices.ts';
import type { NotificationSettings } from './notifications.settings.ts';

/** What a send to Telegram came to; the server's messenger translates Bot API answers into this. */
export type SendOutcome =
  | { ok: true; messageId: number }
  | {
      ok: false;
      kind: 'blocked' | 'rate_limited' | 'transient' | 'rejected';
      retryAfterSeconds?: number;
      description: string;
    };

/**
 * What an edit came to: Telegram's answers as for a send, or `not_editable` (the message is gone,
 * too old, or not one this text can replace), after which a new message is sent instead.
 */
export type EditOutcome = SendOutcome | { ok: false; kind: 'not_editable'; description: string };

/** A message as it goes to Telegram: text (the caption when there is media), buttons, a file. */
export interface OutgoingMessage {
  text: string;
  buttons?: ({ text: string } & ButtonAction)[][];
  media?: {
    type: 'photo' | 'document';
    fileId?: string;
    url?: string;
    file?: { bytes: Uint8Array; filename: string };
  };
  /** A map pin sent right after the message, best effort (see DeliveryMedia.venue). */
  venue?: { latitude: number; longitude: number; title: string; address: string };
}

/**
 * Telegram for the platform's own messages. `turn` waits for the chat's turn in Telegram's budget,
 * which the bot's replies share (they go first), and resolves a moment before it with `go`, which
 * waits for the moment itself; `send` makes the call.
 */
export interface Messenger {
  turn(chatId: number, priority: DeliveryPriority): Promise<() => Promise<void>>;
  send(chatId: number, message: OutgoingMessage): Promise<SendOutcome>;
  /**
   * Changes one of the bot's messages into this one (its text, or its caption when it is a photo
   * or a file; its buttons replaced, or removed when it has none). A message that already reads so
   * is edited (`ok`): the answer to an earlier edit was lost on the way.
   */
  edit(chatId: number, messageId: number, message: OutgoingMessage): Promise<EditOutcome>;
}
export interface Renderer {
  render(language: Language, template: string, params: Record<string, NoticeParam>): string;
  /** The same without HTML escaping: for files (a calendar entry) where markup means nothing. */
  plain(language: Language, template: string, params: Record<string, NoticeParam>): string;
}

/**
 * Where a delivery's `attachment` comes from: the module that owns that kind of file (a document's
 * PDF) plugs a source into the hook point below. Null: the file is gone, the message is skipped.
 */
export interface AttachmentSource {
  kind: string;
  load(
    em: EntityManager,
    spec: { kind: string; [key: string]: unknown },
    /** Who reads it: a file with words in it (a calendar entry) is made in their language. */
    reader: { language: Language; renderer: Renderer },
  ): Promise<{ bytes: Uint8Array; filename: string } | null>;
}

/**
 * Who hears about a patient, and whether a Telegram account may still be written to: the patients
 * module answers (it plugs itself into the hook point below), so this module knows no patient tables.
 */
export interface RecipientDirectory {
  /** The accounts that hear about this patient now: their own, and each guardian's (with the patient's name). */
  ofPatient(
    em: EntityManager,
    patientId: number,
  ): Promise<{ telegramUserId: number; onBehalfOf: string | null }[]>;
  /** An account's language and whether it blocked the bot; null when it no longer exists. */
  account(
    em: EntityManager,
    telegramUserId: number,
  ): Promise<{ language: Language; blocked: boolean } | null>;
  /** Whether the account still hears about this patient (a guardianship may have ended). */
  mayHear(em: EntityManager, telegramUserId: number, patientId: number): Promise<boolean>;
  /** Telegram said the user blocked the bot (403). */
  markBlocked(em: EntityManager, telegramUserId: number, at: Date): Promise<void>;
}

declare module '../../shared/module.ts' {
  interface ModulePorts {
    /** Telegram for the platform's own messages, given once the server listens. */
    messenger: Messenger;
    /** The texts in both languages (the bot's locales). */
    renderer: Renderer;
  }
}

declare module '../../shared/trpc.ts' {
  interface ModuleHooks {
    /** Exactly one directory (the patients module's). */
    noticeRecipients: RecipientDirectory[];
    /** Files sent with deliveries, by kind (one module per kind). */
    deliveryAttachments: AttachmentSource[];
  }
}

/** The one directory plugged in: none, or two that could disagree, is a wiring mistake. */
function recipientDirectory(hooks: ModuleHooks): RecipientDirectory {
  const [directory, ...more] = hooks.noticeRecipients;
  if (!directory || more.length)
    throw new Error(
      `notifications needs exactly one recipient directory (noticeRecipients), got ${hooks.noticeRecipients.length}`,
    );
  return directory;
}

/** A module's check that a message still has a reason to go (see Notice.guard). */
export type DeliveryGuard = (em: EntityManager, spec: DeliveryGuardSpec) => Promise<boolean>;

export interface DeliveryDeps {
  em: () => EntityManager;
  guards: Record<string, DeliveryGuard>;
  attachments: AttachmentSource[];
  clock: Clock;
  messenger: Messenger;
  renderer: Renderer;
  recipients: RecipientDirectory;
  settings: NotificationSettings;
  log: Logger;
  /** Set when the sender stops: a delivery still waiting for its turn stays queued. */
  stopping?: AbortSignal;
}

/** Whether a local time is inside quiet hours, and when they end (epoch ms). */
export function quietUntil(at: number, timeZone: string, settings: NotificationSettings): number | null {
  const local = utcToZoned(at, timeZone);
  const { quietStartMinute: start, quietEndMinute: end } = settings;
  const inside =
    start > end
      ? local.minutes >= start || local.minutes < end
      : local.minutes >= start && local.minutes < end;
  if (!inside) return null;
  const day = local.minutes >= end && start > end ? addDays(local.date, 1) : local.date;
  return zonedToUtc(day, end, timeZone) ?? at + 60 * 60_000;
}

interface Prepared {
  delivery: Delivery;
  chatId: number;
  language: Language;
}

/**
 * A message about a patient becomes one delivery per account that hears about them at this
 * moment, each with its own key (so each is sent once); the original is marked expanded. All in
 * the caller's transaction: a crash leaves either nothing or all of it.
 */
async function expand(deps: DeliveryDeps, em: EntityManager, delivery: Delivery, now: Date): Promise<void> {
  const accounts = await deps.recipients.ofPatient(em, delivery.patientId!);
  if (accounts.length === 0) {
    delivery.status = 'skipped';
    delivery.lastError = 'nobody hears about this patient in Telegram';
    await em.persist(delivery).flush();
    return;
  }
  for (const account of accounts) {
    await em.execute(
      `insert into notifications_delivery
         (unique_key, purpose, recipient, patient_id, chat_id, on_behalf_of, subject_kind, subject_id, template,
          params, buttons, media, guard, priority, time_zone, status, not_before, attempts, queued_at)
       select left(unique_key || '>tg:' || ?, 200), purpose, 'account', patient_id, ?, ?, subject_kind, subject_id,
              template, params, buttons, media, guard, priority, time_zone, 'queued', ?, 0, ?
         from notifications_delivery where id = ?
       on conflict (unique_key) do nothing`,
      [account.telegramUserId, account.telegramUserId, account.onBehalfOf, now, now, delivery.id],
    );
  }
  delivery.status = 'expanded';
  delivery.sentAt = now;
  await em.persist(delivery).flush();
  // The new deliveries are due now: wake the sender when this commits.
  await em.execute('select pg_notify(?, ?)', [DELIVERY_CHANNEL, '']);
}

/** Why a guarded message did not go: its module said no (at `prepare`, or at its turn). */
const OUTDATED = 'outdated: its reason changed before it was sent';

const skip = async (em: EntityManager, delivery: Delivery, why: string) => {
  delivery.status = 'skipped';
  delivery.lastError = why;
  await em.persist(delivery).flush();
  return null;
};

/**
 * Decides, with the delivery locked, whether it may go now: holds it through quiet hours, skips it
 * when its reason or its reader is gone, hands a message about a patient on to each account. Does
 * not mark it: it stays `queued` until the moment its call is made.
 */
async function prepare(deps: DeliveryDeps, deliveryId: number): Promise<Prepared | null> {
  return deps.em().transactional(async (em) => {
    const delivery = await em.findOne(Delivery, deliveryId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (delivery?.status !== 'queued') return null;
    const now = deps.clock.now();
    if (delivery.notBefore > now) return null;
    if (delivery.priority !== 'urgent') {
      const until = quietUntil(now.getTime(), delivery.timeZone, deps.settings);
      if (until !== null) {
        delivery.notBefore = new Date(until);
        await em.persist(delivery).flush();
        return null;
      }
    }
    const guard = delivery.guard ? deps.guards[delivery.guard.kind] : undefined;
    // Cancelled, moved or already answered since it was queued: it must never go out.
    if (delivery.guard && (!guard || !(await guard(em, delivery.guard)))) return skip(em, delivery, OUTDATED);
    if (delivery.recipient === 'patient') {
      await expand(deps, em, delivery, now);
      return null;
    }
    const chatId = delivery.chatId!;
    if (delivery.recipient === 'staff_chat')
      return { delivery, chatId, language: deps.settings.staffChatLanguage };
    const account = await deps.recipients.account(em, chatId);
    if (!account) return skip(em, delivery, 'the Telegram account is gone');
    if (account.blocked) return skip(em, delivery, SKIPPED_BLOCKED);
    if (delivery.patientId && !(await deps.recipients.mayHear(em, chatId, delivery.patientId)))
      return skip(em, delivery, 'the account no longer hears about this patient');
    return { delivery, chatId, language: account.language };
  });
}

/** The message in the reader's language, with its file; null when its file is gone. */
async function compose(deps: DeliveryDeps, prepared: Prepared): Promise<OutgoingMessage | null> {
  const { delivery, language } = prepared;
  const body = deps.renderer.render(
    language,
    delivery.template,
    delivery.params as Record<string, NoticeParam>,
  );
  // A guardian reads whose visit it is first.
  const text = delivery.onBehalfOf
    ? `${deps.renderer.render(language, 'notice-on-behalf-of', { name: delivery.onBehalfOf })}\n${body}`
    : body;
  const buttons = (delivery.buttons as NoticeButton[][] | null)?.map((row) =>
    row.map(({ label, params, ...action }) => ({
      text: deps.renderer.render(language, label, params ?? {}),
      ...action,
    })),
  );
  const media = delivery.media as DeliveryMedia | null;
  if (!media) return { text, buttons };
  const venue = media.venue && {
    latitude: media.venue.latitude,
    longitude: media.venue.longitude,
    title: media.venue.title[language],
    address: media.venue.address[language],
  };
  if (!media.attachment)
    return { text, buttons, venue, media: { type: media.type, fileId: media.fileId, url: media.url } };
  const spec = media.attachment;
  const source = deps.attachments.find((a) => a.kind === spec.kind);
  const file = source ? await source.load(deps.em(), spec, { language, renderer: deps.renderer }) : null;
  return file ? { text, buttons, venue, media: { type: media.type, file } } : null;
}

type Changes = Partial<
  Pick<Delivery, 'status' | 'sentAt' | 'telegramMessageId' | 'lastError' | 'notBefore' | 'attempts'>
>;

/** What an answer from Telegram means for the delivery: sent, failed for good, or to be tried again. */
function outcomeChanges(deps: DeliveryDeps, attempts: number, outcome: SendOutcome): Changes {
  const now = deps.clock.now();
  if (outcome.ok)
    return { status: 'sent', sentAt: now, telegramMessageId: outcome.messageId, lastError: null };
  const lastError = (outcome.kind === 'blocked' ? BLOCKED_PREFIX : '') + outcome.description.slice(0, 280);
  if (outcome.kind === 'blocked' || outcome.kind === 'rejected' || attempts >= deps.settings.maxAttempts)
    return { status: 'failed', lastError };
  // Not sent: back to the queue, after Telegram's retry_after or an exponential backoff.
  const flood = outcome.kind === 'rate_limited';
  const waitMs = flood
    ? (outcome.retryAfterSeconds ?? 1) * 1000
    : Math.min(2 ** attempts * 1000, 10 * 60_000);
  return {
    status: 'queued',
    lastError,
    notBefore: new Date(now.getTime() + waitMs),
    // A flood wait is not a failed attempt.
    attempts: flood ? attempts - 1 : attempts,
  };
}

const asTransient = (error: unknown): SendOutcome => ({
  ok: false,
  kind: 'transient',
  description: error instanceof Error ? error.message : String(error),
});

/**
 * The call of a claimed delivery: a new message, or the edit of the account's message it names.
 * An edit Telegram refuses for good (the message is gone or too old) becomes a new message, in a
 * turn of its own, while the delivery is still `sending`: the reader gets it once either way. A
 * message with a file cannot replace a text: it is sent anew.
 */
async function sendOrEdit(
  deps: DeliveryDeps,
  delivery: Delivery,
  chatId: number,
  message: OutgoingMessage,
): Promise<SendOutcome> {
  const editId = delivery.editMessageId;
  if (editId && !message.media) {
    const edited = await deps.messenger.edit(chatId, editId, message).catch(asTransient);
    if (edited.ok || edited.kind !== 'not_editable') return edited;
    deps.log.debug({ deliveryId: delivery.id }, 'message not editable: sending a new one');
    const go = await deps.messenger.turn(chatId, delivery.priority);
    await go();
  }
  return deps.messenger.send(chatId, message).catch(asTransient);
}

/**
 * Marks a delivery `sending` at its turn. A guarded one is asked again here, with the delivery
 * locked: `prepare` asked before it waited for Telegram's budget, and a bulk message waits there
 * up to a second or two (40 in flight at 30/s) — a broadcast paused or cancelled, or a consent
 * withdrawn, in that time must still stop it (the broadcast tests saw a pause let the next 40
 * go). Its turn in the budget is then unused: one slot, a few tens of milliseconds.
 */
async function claim(deps: DeliveryDeps, delivery: Delivery, attempts: number): Promise<boolean> {
  const changes = { status: 'sending' as const, attempts, notBefore: deps.clock.now() };
  if (!delivery.guard)
    return (await deps.em().nativeUpdate(Delivery, { id: delivery.id, status: 'queued' }, changes)) > 0;
  return deps.em().transactional(async (em) => {
    const current = await em.findOne(Delivery, delivery.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (current?.status !== 'queued' || !current.guard) return false;
    const guard = deps.guards[current.guard.kind];
    if (!guard || !(await guard(em, current.guard))) {
      await skip(em, current, OUTDATED);
      return false;
    }
    em.assign(current, changes);
    await em.flush();
    return true;
  });
}

/**
 * Sends one delivery at most once. It waits for its chat's turn still `queued`; it becomes
 * `sending` in the same instant its Bot API call starts, so a crash can leave unknown only the
 * calls on the wire. 429s and transient failures come back later, a 403 never.
 */
export async function deliver(deps: DeliveryDeps, deliveryId: number): Promise<void> {
  const prepared = await prepare(deps, deliveryId);
  if (!prepared) return;
  const { delivery, chatId } = prepared;
  const em = deps.em();
  const message = await compose(deps, prepared);
  if (!message) {
    await em.nativeUpdate(
      Delivery,
      { id: delivery.id, status: 'queued' },
      { status: 'skipped', lastError: 'its file is gone' },
    );
    return;
  }
  const go = await deps.messenger.turn(chatId, delivery.priority);
  if (deps.stopping?.aborted) return;
  const attempts = delivery.attempts + 1;
  // Another sender (a leader that has since lost its place) took it meanwhile, or its guard said no.
  if (!(await claim(deps, delivery, attempts))) return;
  // Marked a few milliseconds before the call, at its exact moment in Telegram's budget.
  await go();
  const outcome = await sendOrEdit(deps, delivery, chatId, message);
  const changes = outcomeChanges(deps, attempts, outcome);
  await em.nativeUpdate(Delivery, { id: delivery.id, status: 'sending' }, changes);
  if (outcome.ok === false && outcome.kind === 'blocked' && delivery.recipient === 'account')
    await deps.recipients.markBlocked(em, chatId, deps.clock.now());
  deps.log.debug({ deliveryId, status: changes.status, purpose: delivery.purpose }, 'delivery handled');
}

/**
 * A delivery left `sending` was on the wire when its sender died: Telegram may or may not have
 * it, and sending it again could send it twice, so it is marked unknown in the timeline. Runs when
 * a sender starts, when no other sender runs (leadership).
 */
export async function markInterrupted(deps: Pick<DeliveryDeps, 'em'>): Promise<number> {
  return deps
    .em()
    .nativeUpdate(
      Delivery,
      { status: 'sending' },
      { status: 'unknown', lastError: 'its sender stopped during the call: Telegram may or may not have it' },
    );
}

/** Deliveries sent at once per priority: enough to keep Telegram's 30/s busy, few enough to stay fresh. */
const IN_FLIGHT: Record<DeliveryPriority, number> = { urgent: 20, care: 40, bulk: 40 };
/** With no wake-up, the queue is looked at this often (what a moved clock or a retry made due). */
const IDLE_MS = 1000;

/**
 * The one sender of the platform's messages (it runs where leadership is): it takes due deliveries
 * from the table, each priority with its own share of sends in flight so bulk never holds up an
 * urgent message, and wakes when a delivery is committed (NOTIFY), a send ends, or the clock moves.
 */
export class DeliverySender {
  readonly #deps: DeliveryDeps;
  readonly #inFlight = new Map<number, DeliveryPriority>();
  readonly #count: Record<DeliveryPriority, number> = { urgent: 0, care: 0, bulk: 0 };
  /** Priorities whose last look found a full batch: more may be due. */
  readonly #more = new Set<DeliveryPriority>();
  #running = true;
  readonly #stopping = new AbortController();
  #wake: (() => void) | null = null;
  #woken = false;
  readonly #loop: Promise<void>;

  constructor(deps: DeliveryDeps) {
    this.#deps = { ...deps, stopping: this.#stopping.signal };
    this.#loop = this.#run();
  }

  /** Look at the queue now. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops taking deliveries and waits for those on the wire; those waiting for a turn stay queued. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopping.abort();
    this.wake();
    await this.#loop;
    while (this.#inFlight.size) await sleep(20);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      try {
        await this.#fill();
      } catch (error) {
        this.#deps.log.error({ err: error }, 'the delivery sender could not read its queue');
      }
      if (this.#woken || !this.#running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_MS);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  async #fill(): Promise<void> {
    const now = this.#deps.clock.now();
    for (const priority of DELIVERY_PRIORITIES) {
      const room = IN_FLIGHT[priority] - this.#count[priority];
      if (room <= 0) continue;
      const rows = (await this.#deps.em().execute(
        `select id from notifications_delivery
          where status = 'queued' and priority = ? and not_before <= ? and id <> all(?::bigint[])
          order by not_before, id limit ?`,
        [priority, now, `{${[...this.#inFlight.keys()].join(',')}}`, room],
      )) as { id: number | string }[];
      if (rows.length === room) this.#more.add(priority);
      else this.#more.delete(priority);
      for (const row of rows) this.#start(Number(row.id), priority);
    }
  }

  #start(id: number, priority: DeliveryPriority): void {
    this.#inFlight.set(id, priority);
    this.#count[priority] += 1;
    void deliver(this.#deps, id)
      .catch((error: unknown) => this.#deps.log.error({ err: error, deliveryId: id }, 'delivery failed'))
      .finally(() => {
        this.#inFlight.delete(id);
        this.#count[priority] -= 1;
        // Refill in batches, not after every send.
        if (this.#more.has(priority) && this.#count[priority] <= IN_FLIGHT[priority] / 2) this.wake();
      });
  }
}

/**
 * The delivery sender, started where leadership is once Telegram (given when the server listens)
 * and the texts are there: deliveries a dead sender left on the wire are marked unknown, and from
 * then on every due delivery goes out through the shared budget.
 */
export const deliveryWorker = defineWorker({
  name: 'delivery',
  needs: ['messenger', 'renderer'],
  leaderOnly: true,
  async start({ ports, hooks, deliveryChecks, settings, listen, em, clock, log }) {
    const deps: DeliveryDeps = {
      em,
      clock,
      log,
      settings: settings.notifications,
      messenger: ports.messenger,
      renderer: ports.renderer,
      recipients: recipientDirectory(hooks),
      guards: deliveryChecks,
      attachments: hooks.deliveryAttachments,
    };
    const unknown = await markInterrupted(deps);
    if (unknown)
      log.warn({ unknown }, 'deliveries cut off during their call were marked unknown, not resent');
    const sender = new DeliverySender(deps);
    const unlisten = await listen(DELIVERY_CHANNEL, () => sender.wake());
    return {
      kickDue: async () => sender.wake(),
      async stop() {
        await unlisten();
        await sender.stop();
      },
    };
  },
});
