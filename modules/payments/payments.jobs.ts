import { setTimeout as sleep } from 'node:timers/promises';
import { type BackgroundDeps, defineWorker, type WorkerDeps } from '../../shared/module.ts';
import type { PaymentsCtx } from './payments.context.ts';
import type { PaymentProviders } from './payments.providers.ts';
import type { PaymentsSettings } from './payments.settings.ts';
import { tellStaffOfAlerts } from './use-cases/alerts.ts';
import { checkPayment } from './use-cases/check-payment.ts';
import { executeRefund } from './use-cases/refunds.ts';

/** One attempt to ask its provider about now (a callback's confirmation). */
export const CHECK_QUEUE = 'payments.check';
/** One refund to ask its provider for again (it did not answer the first time). */
export const REFUND_QUEUE = 'payments.refund';

/** The payments context of background work: the system acts, with the hooks the receipt needs. */
export function systemCtx(deps: WorkerDeps | (BackgroundDeps & Pick<WorkerDeps, 'hooks'>)): PaymentsCtx {
  return {
    em: deps.em(),
    clock: deps.clock,
    caller: { kind: 'system' },
    settings: deps.settings,
    hooks: deps.hooks,
    log: deps.log,
  };
}

/**
 * At most `perSecond` requests in any one-second window (a sliding log of the last ones, not a
 * token bucket: a full bucket plus its refill would let through twice the limit in one second).
 * The window is a little longer than a second, so the time between taking a turn and the request
 * reaching the provider cannot squeeze one extra request into the provider's second.
 */
export class RequestWindow {
  readonly perSecond: number;
  readonly #windowMs: number;
  #times: number[] = [];

  constructor(perSecond: number, windowMs = 1050) {
    this.perSecond = perSecond;
    this.#windowMs = windowMs;
  }

  /** Resolves when one more request may go now (and counts it). */
  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      let old = 0;
      while (old < this.#times.length && now - this.#times[old]! >= this.#windowMs) old++;
      if (old) this.#times = this.#times.slice(old);
      if (this.#times.length < this.perSecond) {
        this.#times.push(now);
        return;
      }
      await sleep(Math.max(1, this.#times[0]! + this.#windowMs - now));
    }
  }
}

/**
 * One window per app (per settings object): the poller and the callback confirmations of this
 * process share it. The poller and the reconciliation run only in the leader (one instance of
 * those sharing the database), so their rate is the whole deployment's; confirmations triggered
 * by callbacks run where the callback arrived and count against that process's window only.
 */
const windows = new WeakMap<PaymentsSettings, RequestWindow>();
function windowOf(settings: PaymentsSettings): RequestWindow {
  let window = windows.get(settings);
  if (!window) {
    window = new RequestWindow(settings.maxRequestsPerSecond);
    windows.set(settings, window);
  }
  return window;
}

/** The providers with each status request waiting its turn in the window. */
function paced(providers: PaymentProviders, window: RequestWindow): PaymentProviders {
  const out: PaymentProviders = {};
  for (const [key, provider] of Object.entries(providers) as [
    keyof PaymentProviders,
    PaymentProviders['kaspi'],
  ][]) {
    if (!provider) continue;
    out[key] = {
      ...provider,
      checkout: (charge) => provider.checkout(charge),
      refund: (refund) => provider.refund(refund),
      async status(payment) {
        await window.take();
        return provider.status(payment);
      },
    };
  }
  return out;
}

function pacedCtx(deps: WorkerDeps<'payments'>): PaymentsCtx {
  const ctx = systemCtx(deps);
  const payments = deps.settings.payments;
  return {
    ...ctx,
    settings: {
      ...ctx.settings,
      payments: { ...payments, providers: paced(payments.providers, windowOf(payments)) },
    },
  };
}

/**
 * Every minute: refunds a provider has not answered yet are asked for again, and the staff chat
 * hears of new payment alerts.
 */
export async function dispatchPayments(deps: BackgroundDeps): Promise<void> {
  const em = deps.em();
  const refunds = (await em.execute(
    `select id from payments_refund where status = 'pending' and created_at <= ? limit 500`,
    [new Date(deps.clock.now().getTime() - 60_000)],
  )) as { id: string }[];
  for (const row of refunds) await deps.jobs.send(REFUND_QUEUE, { refundId: row.id });
  await tellStaffOfAlerts({ ...deps, em });
  if (refunds.length) deps.log.info({ refunds: refunds.length }, 'payments refunds due');
}

/** Asks providers about callbacks and refunds: in every instance, when this run has providers. */
export const paymentsWorker = defineWorker({
  name: 'payments',
  needs: ['payments'],
  async start(deps) {
    await deps.host.work<{ paymentId: string; reconcile?: boolean }>(
      CHECK_QUEUE,
      async (job) => {
        await checkPayment(pacedCtx(deps), job.paymentId, { reconcile: job.reconcile ?? false });
      },
      8,
    );
    await deps.host.work<{ refundId: string }>(
      REFUND_QUEUE,
      (job) => executeRefund(systemCtx(deps), job.refundId),
      2,
    );
    return undefined;
  },
});

/** Most status requests in flight at once (each holds a database connection for a moment). */
const IN_FLIGHT = 32;
/** The longest nap when nothing is due (the clock may move; a kick wakes it sooner). */
const IDLE_MS = 1000;

interface Due {
  id: string;
  reconcile: boolean;
}

/**
 * Claims the attempts whose time to be asked has come, oldest first: a polled provider (Kaspi)
 * at the interval it gave, a callback provider (Halyk) once its link ran out (the
 * reconciliation, every minute until the core closes it after the grace period). Claiming moves
 * the next time on, so the next claim does not take it again while it waits for its turn.
 */
async function claimDue(deps: WorkerDeps<'payments'>, limit: number): Promise<Due[]> {
  const now = deps.clock.now();
  const rows = (await deps.em().execute(
    `update payments_payment p set next_check_at = ?::timestamptz + make_interval(secs => coalesce(p.poll_seconds, 60))
      from (select id from payments_payment
             where status = 'pending' and next_check_at <= ? order by next_check_at limit ?
             for update skip locked) due
      where p.id = due.id
      returning p.id, p.poll_seconds, p.expires_at`,
    [now, now, limit],
  )) as { id: string; poll_seconds: number | null; expires_at: Date }[];
  return rows.map((row) => ({
    id: row.id,
    // Asked after its link ran out: money found then came without a word from the provider (a
    // Halyk attempt is otherwise asked only after its callback, which is that word).
    reconcile: new Date(row.expires_at) <= now,
  }));
}

/** Milliseconds until the next pending attempt is due, between 20 ms and IDLE_MS. */
async function untilNext(deps: WorkerDeps<'payments'>): Promise<number> {
  try {
    const [row] = (await deps.em().execute(
      `select extract(epoch from (min(next_check_at) - ?::timestamptz)) * 1000 as ms
         from payments_payment where status = 'pending'`,
      [deps.clock.now()],
    )) as { ms: string | number | null }[];
    const ms = row?.ms === null || row?.ms === undefined ? IDLE_MS : Number(row.ms);
    return Math.min(IDLE_MS, Math.max(20, ms));
  } catch {
    return IDLE_MS;
  }
}

/**
 * The poller and the reconciliation, in the leader only. Kaspi has no callbacks: each pending
 * attempt is asked about at the interval Kaspi gave (StatusPollingInterval), until a final status
 * or PAYMENT_POLL_GRACE_MINUTES after its link ran out (the core then closes it as expired). It
 * runs continuously rather than from the minutely dispatch (too coarse for a 5-second interval):
 * claim what is due (one second's worth of the rate at a time), ask each in turn through the
 * request window (PAYMENT_MAX_REQUESTS_PER_SECOND, all providers together), and when nothing is
 * due nap until the next one is. Jobs per check would cost a pg-boss row per question (200 a
 * second for 1,000 payments at 5 s); this costs a claim query per batch plus the checks. When the limit is below
 * what the pending attempts need (count ÷ interval), they are asked later than their interval,
 * oldest first, none skipped.
 */
export const paymentsPoller = defineWorker({
  name: 'payments-poller',
  needs: ['payments'],
  leaderOnly: true,
  async start(deps) {
    const limit = Math.max(1, deps.settings.payments.maxRequestsPerSecond);
    let stopped = false;
    let wake: (() => void) | null = null;
    const inFlight = new Set<Promise<void>>();
    const nap = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    const check = async (due: Due) => {
      try {
        await checkPayment(pacedCtx(deps), due.id, { reconcile: due.reconcile });
      } catch (error) {
        // A refusal (a wrong device, a code we do not know) decides nothing: asked again later.
        deps.log.warn({ err: error, paymentId: due.id }, 'payment status check failed');
      }
    };
    const loop = async () => {
      while (!stopped) {
        let due: Due[] = [];
        try {
          due = await claimDue(deps, limit);
        } catch (error) {
          deps.log.error({ err: error }, 'payments poller could not claim');
        }
        for (const row of due) {
          while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
          if (stopped) break;
          const running: Promise<void> = check(row).finally(() => inFlight.delete(running));
          inFlight.add(running);
        }
        // Nothing due: sleep until the next one is (at most a second: the clock may be moved).
        if (due.length === 0 && !stopped) await nap(await untilNext(deps));
      }
    };
    const running = loop();
    return {
      async kickDue() {
        wake?.();
      },
      async stop() {
        stopped = true;
        wake?.();
        await running;
        await Promise.allSettled(inFlight);
      },
    };
  },
});
