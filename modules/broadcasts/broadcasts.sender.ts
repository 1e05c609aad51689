/**
 * The broadcast sender (leader only): starts what is due (freezing its readers), then feeds each
 * sending broadcast's readers into the delivery queue a little ahead of Telegram's pace, at bulk
 * priority, so a pause or a cancel reaches almost everything not yet sent and a reminder or a
 * reply never waits behind ten thousand queued messages. The reader rows are the outbox: a
 * reader becomes `queued` in the same transaction as its delivery, so a crash leaves each either
 * still to go or queued once. Consent, state and reach are checked again at each message's turn.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type DeliveryCheck, defineWorker, type WorkerDeps } from '../../shared/module.ts';
import {
  type NotificationSettings,
  openDeliveries,
  queueNotice,
  quietUntil,
} from '../notifications/index.ts';
import { currentConsent, patientBriefs } from '../patients/index.ts';
import { freezeReaders } from './broadcasts.audience.ts';
import { BROADCASTS_CHANNEL } from './broadcasts.context.ts';
import { messageOf } from './broadcasts.message.ts';
import { Broadcast, BroadcastRecipient } from './entities/broadcast.entity.ts';

/**
 * Messages of one broadcast waiting in the delivery queue at most: two seconds of Telegram's 30/s,
 * enough to keep the sender's bulk lane (40 in flight) full between two feeds.
 */
export const AHEAD = 60;
/** How often a sending broadcast is fed; idle, how often the sender looks for due work. */
const FEED_MS = 250;
const IDLE_MS = 2000;

export interface BroadcastSenderDeps {
  em: () => EntityManager;
  clock: WorkerDeps['clock'];
  log: WorkerDeps['log'];
  settings: { notifications: NotificationSettings; broadcasts: { publicUrl: string } };
}

/** Starts every broadcast whose time has come: its readers frozen now, its state `sending`. */
export async function startDue(deps: BroadcastSenderDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps
    .em()
    .find(Broadcast, { state: 'scheduled', sendAt: { $lte: now } }, { fields: ['id'] });
  for (const { id } of due) {
    await deps.em().transactional(async (em) => {
      const broadcast = await em.findOne(Broadcast, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (broadcast?.state !== 'scheduled') return;
      const period = broadcast.automationId ? await automationPeriod(em, broadcast.automationId) : undefined;
      const targeted = await freezeReaders(em, broadcast, now, period);
      broadcast.state = 'sending';
      broadcast.startedAt = now;
      broadcast.targeted = targeted;
      deps.log.info({ broadcastId: id, targeted }, 'broadcast started');
    });
  }
  return due.length;
}

async function automationPeriod(em: EntityManager, automationId: number) {
  const [row] = (await em.execute('select period_days from broadcasts_automation where id = ?', [
    automationId,
  ])) as {
    period_days: number;
  }[];
  return row ? { automationId, days: row.period_days } : undefined;
}

/**
 * Hands the next readers of one sending broadcast to the delivery queue, keeping at most AHEAD
 * waiting there; readers whose zone is in its quiet hours wait here, not in the queue. Finishes
 * the broadcast when nobody is left to go and nothing waits. Returns how many it queued.
 */
export async function feed(deps: BroadcastSenderDeps, broadcastId: number): Promise<number> {
  const now = deps.clock.now();
  return deps.em().transactional(async (em) => {
    const broadcast = await em.findOne(Broadcast, broadcastId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (broadcast?.state !== 'sending') return 0;
    const subject = { kind: 'broadcast', id: broadcast.id };
    const open = await openDeliveries(em, subject);
    const room = AHEAD - open;
    if (room <= 0) return 0;
    const zones = (await em.execute(
      `select distinct time_zone from broadcasts_recipient where broadcast_id = ? and state = 'pending'`,
      [broadcast.id],
    )) as { time_zone: string }[];
    if (zones.length === 0) {
      if (open === 0) {
        broadcast.state = 'done';
        broadcast.finishedAt = now;
        deps.log.info({ broadcastId }, 'broadcast done');
      }
      return 0;
    }
    const awake = zones
      .map((z) => z.time_zone)
      .filter((zone) => quietUntil(now.getTime(), zone, deps.settings.notifications) === null);
    if (awake.length === 0) return 0;
    const readers = await em.find(
      BroadcastRecipient,
      { broadcastId: broadcast.id, state: 'pending', timeZone: { $in: awake } },
      { orderBy: { id: 'asc' }, limit: room },
    );
    const names = await patientBriefs(
      em,
      readers.map((r) => r.patientId),
    );
    for (const reader of readers) {
      reader.attempt += 1;
      reader.state = 'queued';
      reader.queuedAt = now;
      await queueNotice(
        { em, clock: deps.clock, settings: deps.settings },
        {
          purpose: 'broadcast',
          target: `${broadcast.id}:${reader.id}:${reader.attempt}`,
          to: { telegramUserId: reader.telegramUserId, patientId: reader.patientId },
          ...messageOf(broadcast, {
            firstName: names.get(reader.patientId)?.firstName ?? '',
            reader: { id: reader.id, token: reader.token, publicUrl: deps.settings.broadcasts.publicUrl },
          }),
          priority: 'bulk',
          timeZone: reader.timeZone,
          subject,
          guard: { kind: 'broadcast', recipientId: reader.id, attempt: reader.attempt },
        },
      );
    }
    return readers.length;
  });
}

/**
 * At a broadcast message's turn: is it still to go? Paused: taken back (its reader is to go again
 * on resume, as a new attempt); cancelled: dropped; marketing whose reader withdrew consent since:
 * dropped. Runs in the delivery's transaction, so the reader's row changes with the delivery's.
 */
export const broadcastGuard: DeliveryCheck = async (em, spec) => {
  const rows = (await em.execute(
    `select r.id, r.attempt, r.patient_id, b.state, b.kind
       from broadcasts_recipient r join broadcasts_broadcast b on b.id = r.broadcast_id
      where r.id = ? for update of r`,
    [spec.recipientId],
  )) as { id: number; attempt: number; patient_id: number; state: string; kind: string }[];
  const row = rows[0];
  if (!row || row.attempt !== spec.attempt) return false;
  const drop = async (state: 'pending' | 'skipped', reason: string | null) => {
    await em.execute('update broadcasts_recipient set state = ?, reason = ? where id = ?', [
      state,
      reason,
      row.id,
    ]);
    return false;
  };
  if (row.state === 'paused') return drop('pending', null);
  if (row.state === 'cancelled') return drop('skipped', 'cancelled');
  if (row.state !== 'sending') return drop('skipped', row.state);
  if (row.kind === 'marketing' && (await currentConsent(em, row.patient_id, 'marketing')) !== true)
    return drop('skipped', 'no_consent');
  return true;
};

/** The sender's loop: start what is due, feed what is sending, sleep when there is nothing to do. */
class BroadcastSender {
  #stopped = false;
  #wake: (() => void) | null = null;
  readonly #done: Promise<void>;

  readonly deps: BroadcastSenderDeps;

  constructor(deps: BroadcastSenderDeps) {
    this.deps = deps;
    this.#done = this.#run();
  }

  wake(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await this.#done;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      let busy = false;
      try {
        await startDue(this.deps);
        const sending = await this.deps.em().find(Broadcast, { state: 'sending' }, { fields: ['id'] });
        for (const { id } of sending) {
          await feed(this.deps, id);
          busy = true;
        }
      } catch (error) {
        this.deps.log.error({ err: error }, 'broadcast sender failed; trying again');
      }
      if (this.#stopped) break;
      const controller = new AbortController();
      this.#wake = () => controller.abort();
      await sleep(busy ? FEED_MS : IDLE_MS, undefined, { signal: controller.signal }).catch(() => undefined);
      this.#wake = null;
    }
  }
}

export const broadcastSender = defineWorker({
  name: 'broadcast-sender',
  needs: [],
  leaderOnly: true,
  async start({ em, clock, log, settings, listen }) {
    const sender = new BroadcastSender({ em, clock, log, settings });
    const unlisten = await listen(BROADCASTS_CHANNEL, () => sender.wake());
    return {
      kickDue: async () => sender.wake(),
      async stop() {
        await unlisten();
        await sender.stop();
      },
    };
  },
});
