import { setTimeout as sleep } from 'node:timers/promises';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Language } from '../../shared/localized.ts';
import type { Logger } from '../../shared/log.ts';
import { defineWorker } from '../../shared/module.ts';
import type { ModuleHooks } from '../../shared/trpc.ts';
import { addDays, utcToZoned, zonedToUtc } from '../../shared/zoned-time.ts';
import { Delivery, type DeliveryGuardSpec } from './entities/delivery.entity.ts';
import { DELIVERY_QUEUE, type NoticeButton, type NoticeParam } from './notifications.notices.ts';
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

/** Ports the server provides (see ModulePorts below): Telegram, and the texts in both languages. */
export interface Messenger {
  send(
    chatId: number,
    message: { text: string; buttons?: { text: string; data?: string; url?: string }[][] },
  ): Promise<SendOutcome>;
}
export interface Renderer {
  render(language: Language, template: string, params: Record<string, NoticeParam>): string;
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
  clock: Clock;
  jobs: JobQueue;
  messenger: Messenger;
  renderer: Renderer;
  recipients: RecipientDirectory;
  settings: NotificationSettings;
  log: Logger;
}

/**
 * Telegram's limits, kept on our side so we rarely meet a 429: sends spaced at least 1/rate
 * apart (so no second holds more than `globalPerSecond`), and a minimum gap between two sends
 * into one chat. Each send reserves its own moment, so a chat that must wait does not hold up
 * messages to other chats. Real time (whole milliseconds), not the app clock.
 */
export class SendPacer {
  /** Reserved send moments, ascending; those more than a second old are dropped. */
  readonly #reserved: number[] = [];
  readonly #nextByChat = new Map<number, number>();
  readonly #spacing: number;
  readonly #chatGap: number;

  constructor(settings: NotificationSettings) {
    this.#spacing = Math.ceil(1000 / settings.globalPerSecond);
    this.#chatGap = settings.perChatGapMs;
  }

  /** Waits until one more message may go to this chat, then counts it. */
  async take(chatId: number): Promise<void> {
    const now = Math.ceil(performance.now());
    while (this.#reserved.length && this.#reserved[0]! < now - 1000) this.#reserved.shift();
    let at = Math.max(now, this.#nextByChat.get(chatId) ?? now);
    // The earliest moment at least `spacing` away from every reserved one.
    for (const t of this.#reserved) {
      if (t <= at - this.#spacing) continue;
      if (t >= at + this.#spacing) break;
      at = t + this.#spacing;
    }
    const index = this.#reserved.findIndex((t) => t > at);
    this.#reserved.splice(index === -1 ? this.#reserved.length : index, 0, at);
    this.#nextByChat.set(chatId, at + this.#chatGap);
    if (at > now) await sleep(at - now);
  }
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

interface Claimed {
  delivery: Delivery;
  chatId: number;
  language: Language;
}

/**
 * A message about a patient becomes one delivery per account that hears about them at this
 * moment, each with its own key (so each is sent once) and its own job; the original is marked
 * expanded. All in the claim's transaction: a crash leaves either nothing or all of it.
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
    const rows = (await em.execute(
      `insert into notifications_delivery
         (unique_key, purpose, recipient, patient_id, chat_id, on_behalf_of, appointment_id, template, params,
          buttons, guard, urgent, time_zone, status, not_before, attempts, queued_at)
       select left(unique_key || '>tg:' || ?, 200), purpose, 'account', patient_id, ?, ?, appointment_id,
              template, params, buttons, guard, urgent, time_zone, 'queued', ?, 0, ?
         from notifications_delivery where id = ?
       on conflict (unique_key) do nothing
       returning id`,
      [account.telegramUserId, account.telegramUserId, account.onBehalfOf, now, now, delivery.id],
    )) as { id: number | string }[];
    if (rows[0]) await deps.jobs.send(DELIVERY_QUEUE, { deliveryId: Number(rows[0].id) }, { em });
  }
  delivery.status = 'expanded';
  delivery.sentAt = now;
  await em.persist(delivery).flush();
}

const skip = async (em: EntityManager, delivery: Delivery, why: string) => {
  delivery.status = 'skipped';
  delivery.lastError = why;
  await em.persist(delivery).flush();
  return null;
};

async function requeue(deps: DeliveryDeps, delivery: Delivery, at: Date): Promise<void> {
  await deps.jobs.send(DELIVERY_QUEUE, { deliveryId: delivery.id }, { startAfter: at });
}

/** Locks the delivery, decides whether it may go now, and marks it "sending" if so. */
async function claim(deps: DeliveryDeps, deliveryId: number): Promise<Claimed | null> {
  return deps.em().transactional(async (em) => {
    const delivery = await em.findOne(Delivery, deliveryId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Sent, failed, skipped, or being sent by another worker: nothing to do, ever twice.
    if (delivery?.status !== 'queued') return null;
    const now = deps.clock.now();
    if (delivery.notBefore > now) {
      await requeue(deps, delivery, delivery.notBefore);
      return null;
    }
    if (!delivery.urgent) {
      const until = quietUntil(now.getTime(), delivery.timeZone, deps.settings);
      if (until !== null) {
        delivery.notBefore = new Date(until);
        await em.persist(delivery).flush();
        await requeue(deps, delivery, delivery.notBefore);
        return null;
      }
    }
    const guard = delivery.guard ? deps.guards[delivery.guard.kind] : undefined;
    // Cancelled, moved or already answered since it was queued: it must never go out.
    if (delivery.guard && (!guard || !(await guard(em, delivery.guard))))
      return skip(em, delivery, 'outdated: its reason changed before it was sent');
    if (delivery.recipient === 'patient') {
      await expand(deps, em, delivery, now);
      return null;
    }
    let chatId: number;
    let language: Language;
    if (delivery.recipient === 'staff_chat') {
      chatId = delivery.chatId!;
      language = deps.settings.staffChatLanguage;
    } else {
      chatId = delivery.chatId!;
      const account = await deps.recipients.account(em, chatId);
      if (!account) return skip(em, delivery, 'the Telegram account is gone');
      if (account.blocked) return skip(em, delivery, 'the recipient blocked the bot');
      if (delivery.patientId && !(await deps.recipients.mayHear(em, chatId, delivery.patientId)))
        return skip(em, delivery, 'the account no longer hears about this patient');
      language = account.language;
    }
    delivery.status = 'sending';
    delivery.attempts += 1;
    // From now on notBefore is when the attempt began (see closeInterrupted).
    delivery.notBefore = now;
    await em.persist(delivery).flush();
    return { delivery, chatId, language };
  });
}

function render(deps: DeliveryDeps, claimed: Claimed) {
  const { delivery, language } = claimed;
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
    row.map((b) => ({
      text: deps.renderer.render(language, b.label, b.params ?? {}),
      data: b.data,
      url: b.url,
    })),
  );
  return { text, buttons };
}

/** Sends one delivery at most once; 429 and transient failures come back later, 403 never. */
export async function deliver(deps: DeliveryDeps, pacer: SendPacer, deliveryId: number): Promise<void> {
  const claimed = await claim(deps, deliveryId);
  if (!claimed) return;
  const { delivery, chatId } = claimed;
  await pacer.take(chatId);
  let outcome: SendOutcome;
  try {
    outcome = await deps.messenger.send(chatId, render(deps, claimed));
  } catch (error) {
    outcome = {
      ok: false,
      kind: 'transient',
      description: error instanceof Error ? error.message : String(error),
    };
  }
  const em = deps.em();
  const now = deps.clock.now();
  let changes: Partial<
    Pick<Delivery, 'status' | 'sentAt' | 'telegramMessageId' | 'lastError' | 'notBefore' | 'attempts'>
  >;
  if (outcome.ok) {
    changes = { status: 'sent', sentAt: now, telegramMessageId: outcome.messageId, lastError: null };
  } else if (outcome.kind === 'blocked') {
    changes = { status: 'failed', lastError: outcome.description.slice(0, 300) };
    if (delivery.recipient === 'account') await deps.recipients.markBlocked(em, chatId, now);
  } else if (outcome.kind === 'rejected' || delivery.attempts >= deps.settings.maxAttempts) {
    changes = { status: 'failed', lastError: outcome.description.slice(0, 300) };
  } else {
    // Not sent: back to the queue, after Telegram's retry_after or an exponential backoff.
    const flood = outcome.kind === 'rate_limited';
    const waitMs = flood
      ? (outcome.retryAfterSeconds ?? 1) * 1000
      : Math.min(2 ** delivery.attempts * 1000, 10 * 60_000);
    changes = {
      status: 'queued',
      lastError: outcome.description.slice(0, 300),
      notBefore: new Date(now.getTime() + waitMs),
      // A flood wait is not a failed attempt.
      attempts: flood ? delivery.attempts - 1 : delivery.attempts,
    };
  }
  await em.nativeUpdate(Delivery, { id: delivery.id, status: 'sending' }, changes);
  if (changes.status === 'queued') await requeue(deps, delivery, changes.notBefore!);
  deps.log.debug({ deliveryId, status: changes.status, purpose: delivery.purpose }, 'delivery handled');
}

/**
 * A delivery left "sending" by a crash may or may not have reached Telegram. Sending it again
 * could send it twice, so it is closed as failed, with the reason visible in the timeline. Runs
 * when the worker starts, when no send of this process can be under way (one worker process).
 */
export async function closeInterrupted(deps: DeliveryDeps, olderThanMs: number): Promise<number> {
  return deps
    .em()
    .nativeUpdate(
      Delivery,
      { status: 'sending', notBefore: { $lt: new Date(deps.clock.now().getTime() - olderThanMs) } },
      { status: 'failed', lastError: 'interrupted while sending: not resent, to never send twice' },
    );
}

/** Queued deliveries that are due by the app clock get a job now (after the clock jumps). */
export async function kickDue(deps: DeliveryDeps): Promise<number> {
  const due = await deps
    .em()
    .find(
      Delivery,
      { status: 'queued', notBefore: { $lte: deps.clock.now() } },
      { fields: ['id'], limit: 10_000 },
    );
  for (const d of due) await deps.jobs.send(DELIVERY_QUEUE, { deliveryId: d.id });
  return due.length;
}

/**
 * The delivery worker, started once Telegram (given when the server listens) and the texts are
 * there: deliveries a crash left half-sent are closed, those already due get their job, and from
 * then on every job sends one delivery through the shared pacer.
 */
export const deliveryWorker = defineWorker({
  name: 'delivery',
  needs: ['messenger', 'renderer'],
  async start({ ports, hooks, host, deliveryChecks, settings, ...rest }) {
    const deps: DeliveryDeps = {
      ...rest,
      settings: settings.notifications,
      messenger: ports.messenger,
      renderer: ports.renderer,
      recipients: recipientDirectory(hooks),
      guards: deliveryChecks,
    };
    const closed = await closeInterrupted(deps, 0);
    if (closed)
      deps.log.warn({ closed }, 'deliveries interrupted by a crash were closed as failed, not resent');
    const pacer = new SendPacer(deps.settings);
    // Enough jobs per fetch to keep Telegram's 30 messages/s busy; the pacer does the holding back.
    await host.work<{ deliveryId: number }>(
      DELIVERY_QUEUE,
      (job) => deliver(deps, pacer, job.deliveryId),
      40,
    );
    await kickDue(deps);
    return { kickDue: () => kickDue(deps) };
  },
});
