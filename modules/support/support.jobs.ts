import { type BackgroundDeps, defineWorker } from '../../shared/module.ts';
import { queueNotice } from '../notifications/index.ts';
import { patientBriefs } from '../patients/index.ts';
import { SUPPORT_CHANNEL } from './support.context.ts';
import { type RelayDeps, relayNext } from './support.relay.ts';

/**
 * Every minute: open tickets that have waited for their first answer longer than the limit
 * (SUPPORT_FIRST_RESPONSE_MINUTES, counted from the patient's last message) are announced to the
 * staff group once per wait: the ticket's number and the patient's name, never the IIN or the text.
 */
export async function dispatchSupport(deps: BackgroundDeps): Promise<void> {
  const em = deps.em();
  const now = deps.clock.now();
  const limit = deps.settings.support.firstResponseMinutes;
  const overdue = (await em.execute(
    `update support_ticket set overdue_alerted_at = ?
      where id in (select id from support_ticket
                    where status = 'open' and overdue_alerted_at is null
                      and last_patient_at <= ?::timestamptz - make_interval(mins => ?)
                    order by last_patient_at limit 200 for update skip locked)
      returning id, patient_id, last_patient_at`,
    [now, now, limit],
  )) as { id: number; patient_id: number; last_patient_at: Date }[];
  if (overdue.length === 0) return;
  const briefs = await patientBriefs(
    em,
    overdue.map((t) => t.patient_id),
  );
  for (const ticket of overdue) {
    const brief = briefs.get(ticket.patient_id);
    await queueNotice(
      { ...deps, em },
      {
        purpose: 'support.overdue',
        target: `ticket:${ticket.id}@${now.getTime()}`,
        to: { staffChat: true },
        template: 'staff-ticket-overdue',
        params: {
          number: ticket.id,
          patient: brief ? `${brief.firstName} ${brief.lastName}` : '—',
          minutes: Math.floor((now.getTime() - new Date(ticket.last_patient_at).getTime()) / 60_000),
        },
        priority: 'urgent',
        timeZone: deps.settings.support.hours.timeZone,
        subject: { kind: 'ticket', id: ticket.id },
      },
    );
  }
  deps.log.info({ tickets: overdue.length }, 'tickets past the first-response limit');
}

/** Tickets relayed at once: the group is one chat to Telegram, so more would only wait for turns. */
const IN_FLIGHT = 8;
/** With no wake-up, the outbox is looked at this often (a lost NOTIFY, a retry that came due). */
const SWEEP_MS = 2000;
/** A failing ticket (the bot not an admin, the group not a forum) is tried again at most this late. */
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * The relay of ticket messages into the staff group: each ticket's messages in order, tickets side
 * by side. Woken by a committed ticket message (NOTIFY), with a sweep every SWEEP_MS as fallback;
 * a ticket that failed waits (doubling, up to MAX_BACKOFF_MS) and its messages stay in the outbox,
 * a 429 pauses it all for Telegram's retry_after. Real time, not the app clock, for the waits.
 */
export class TopicRelay {
  readonly #deps: RelayDeps;
  readonly #running = new Map<number, Promise<void>>();
  /** Tickets written to while their relay ran: looked at once more before it ends. */
  readonly #again = new Set<number>();
  readonly #backoff = new Map<number, { attempts: number; until: number }>();
  #pausedUntil = 0;
  #sweeping = false;
  #resweep = false;
  /** The last sweep left tickets for later (all slots taken). */
  #more = false;
  readonly #stopping = new AbortController();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(deps: RelayDeps) {
    this.#deps = { ...deps, stopping: this.#stopping.signal };
    this.#timer = setInterval(() => this.wake(), SWEEP_MS);
  }

  /** Look at the outbox now. */
  wake(): void {
    if (this.#stopping.signal.aborted) return;
    if (this.#sweeping) {
      this.#resweep = true;
      return;
    }
    this.#sweeping = true;
    void this.#sweep()
      .catch((error: unknown) =>
        this.#deps.log.error({ err: error }, 'the topic relay could not read its outbox'),
      )
      .finally(() => {
        this.#sweeping = false;
        if (this.#resweep) {
          this.#resweep = false;
          this.wake();
        }
      });
  }

  /** Stops taking messages and waits for those on the wire; the rest stay in the outbox. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#stopping.abort();
    await Promise.allSettled([...this.#running.values()]);
  }

  async #sweep(): Promise<void> {
    const now = performance.now();
    if (now < this.#pausedUntil) return;
    const rows = (await this.#deps.em().execute(
      `select ticket_id from support_ticket_message where relayed_at is null
        group by ticket_id order by min(id) limit 500`,
    )) as { ticket_id: number | string }[];
    this.#more = false;
    for (const row of rows) {
      const ticketId = Number(row.ticket_id);
      if (this.#running.has(ticketId)) this.#again.add(ticketId);
      else if ((this.#backoff.get(ticketId)?.until ?? 0) > now) continue;
      else if (this.#running.size >= IN_FLIGHT) this.#more = true;
      else this.#start(ticketId);
    }
  }

  #start(ticketId: number): void {
    const running = this.#relay(ticketId)
      .catch((error: unknown) => this.#failed(ticketId, 'message', String(error), null))
      .finally(() => {
        this.#running.delete(ticketId);
        if (this.#more || this.#again.delete(ticketId)) this.wake();
      });
    this.#running.set(ticketId, running);
  }

  async #relay(ticketId: number): Promise<void> {
    for (;;) {
      if (this.#stopping.signal.aborted || performance.now() < this.#pausedUntil) return;
      this.#again.delete(ticketId);
      const step = await relayNext(this.#deps, ticketId);
      if (step.kind === 'relayed') {
        this.#backoff.delete(ticketId);
        continue;
      }
      if (step.kind === 'idle' && this.#again.has(ticketId)) continue;
      if (step.kind !== 'failed') return;
      const { failure } = step;
      if (failure.kind === 'rate_limited')
        this.#pausedUntil = performance.now() + (failure.retryAfterSeconds ?? 1) * 1000;
      this.#failed(ticketId, step.what, failure.description, failure.kind);
      return;
    }
  }

  #failed(ticketId: number, what: 'topic' | 'message', description: string, kind: string | null): void {
    const attempts = (this.#backoff.get(ticketId)?.attempts ?? 0) + 1;
    const waitMs = kind === 'rate_limited' ? 0 : Math.min(2 ** attempts * 500, MAX_BACKOFF_MS);
    this.#backoff.set(ticketId, { attempts, until: performance.now() + waitMs });
    // Telegram's words (not the message's): "not enough rights to create a topic", "chat not found".
    this.#deps.log.warn(
      { ticketId, what, kind, attempts, retryInMs: waitMs, description: description.slice(0, 200) },
      'ticket message not relayed to the staff group yet: kept, tried again later',
    );
  }
}

/**
 * The relay runs where leadership is, once Telegram is there and only when a support group is
 * configured: without one, tickets live in the API and their messages wait in the outbox (a group
 * configured later gets them, each ticket in its own topic).
 *
 * Why not through the delivery queue, which already has priorities, retries and 429 handling: a
 * ticket's topic must exist before its first message and its messages must appear in the order
 * written, while deliveries are independent (a retried one goes after later ones); quiet hours hold
 * care deliveries at night, when a patient's message should still reach whoever is on duty; and the
 * outbox already is `relayed_at` on the message itself — a delivery row would be a second record of
 * the same fact. What the delivery queue gives that matters here is kept: the sends take their
 * turns in the same Telegram budget (care priority), and a 429 pauses the relay for retry_after.
 */
export const topicRelay = defineWorker({
  name: 'support-relay',
  needs: ['staffForum', 'renderer'],
  leaderOnly: true,
  async start({ ports, settings, listen, em, clock, log }) {
    const groupChatId = settings.support.groupChatId;
    if (groupChatId === null) return undefined;
    const relay = new TopicRelay({
      em,
      clock,
      log,
      forum: ports.staffForum,
      renderer: ports.renderer,
      groupChatId,
      language: settings.notifications.staffChatLanguage,
    });
    const unlisten = await listen(SUPPORT_CHANNEL, () => relay.wake());
    relay.wake();
    return {
      kickDue: async () => relay.wake(),
      async stop() {
        await unlisten();
        await relay.stop();
      },
    };
  },
});
