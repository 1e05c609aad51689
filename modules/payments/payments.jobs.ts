import { type BackgroundDeps, defineWorker, type WorkerDeps } from '../../shared/module.ts';
import type { PaymentsCtx } from './payments.context.ts';
import { tellStaffOfAlerts } from './use-cases/alerts.ts';
import { checkPayment } from './use-cases/check-payment.ts';
import { executeRefund } from './use-cases/refunds.ts';

/** One attempt to ask its provider about (the poller, a callback's confirmation, the reconciliation). */
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
 * Every minute: attempts whose time to be asked about has come (a polled provider at its interval,
 * a callback provider once its link ran out: the reconciliation), and refunds a provider has not
 * answered yet. Each is claimed (its next time moved on) as it is queued, so the next minute does
 * not queue it again while it waits.
 */
export async function dispatchPayments(deps: BackgroundDeps): Promise<void> {
  const em = deps.em();
  const now = deps.clock.now();
  const due = (await em.execute(
    `update payments_payment set next_check_at = ?::timestamptz + make_interval(secs => coalesce(poll_seconds, 60))
      where id in (select id from payments_payment
                    where status = 'pending' and next_check_at <= ? order by next_check_at limit 2000
                    for update skip locked)
      returning id, poll_seconds, expires_at`,
    [now, now],
  )) as { id: string; poll_seconds: number | null; expires_at: Date }[];
  for (const row of due)
    await deps.jobs.send(CHECK_QUEUE, {
      paymentId: row.id,
      reconcile: row.poll_seconds === null || new Date(row.expires_at) <= now,
    });
  const refunds = (await em.execute(
    `select id from payments_refund where status = 'pending' and created_at <= ? limit 500`,
    [new Date(now.getTime() - 60_000)],
  )) as { id: string }[];
  for (const row of refunds) await deps.jobs.send(REFUND_QUEUE, { refundId: row.id });
  await tellStaffOfAlerts({ ...deps, em });
  if (due.length || refunds.length)
    deps.log.info({ checks: due.length, refunds: refunds.length }, 'payments due');
}

/** Asks providers: started only when this run has payment providers. */
export const paymentsWorker = defineWorker({
  name: 'payments',
  needs: ['payments'],
  async start(deps) {
    await deps.host.work<{ paymentId: string; reconcile?: boolean }>(
      CHECK_QUEUE,
      async (job) => {
        await checkPayment(systemCtx(deps), job.paymentId, { reconcile: job.reconcile ?? false });
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
