import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../../shared/log.ts';
import { type NoticeCtx, queueNotice } from '../../notifications/index.ts';

export type AlertKind =
  /** A callback whose secret, invoice, amount, currency or terminal did not match ours. */
  | 'callback_mismatch'
  /** The provider's status named another amount, currency or terminal than ours. */
  | 'status_mismatch'
  /** Money came for an invoice that was void or already paid: refunded automatically. */
  | 'paid_not_payable'
  /** A refund the provider refused or cannot make through its API: staff give it back by hand. */
  | 'refund_failed'
  /** The reconciliation found the provider paid and we had no word of it (a lost callback). */
  | 'missed_confirmation'
  /** A visit was cancelled with its invoice paid: staff decide whether to refund (never automatic). */
  | 'paid_visit_cancelled';

/**
 * Raises an alert for staff (once per key: a duplicate callback is one alert) in the caller's
 * transaction, and logs it (ids and codes only, never personal data).
 */
export async function raiseAlert(
  em: EntityManager,
  log: Logger,
  alert: {
    kind: AlertKind;
    at: Date;
    key: string;
    paymentId?: string | null;
    invoiceId?: number | null;
    details: Record<string, unknown>;
  },
): Promise<void> {
  log.warn(
    { alert: alert.kind, paymentId: alert.paymentId, invoiceId: alert.invoiceId, ...alert.details },
    'payment alert',
  );
  await em.execute(
    `insert into payments_alert (kind, payment_id, invoice_id, details, unique_key, created_at)
     values (?, ?, ?, ?::jsonb, ?, ?) on conflict (unique_key) do nothing`,
    [
      alert.kind,
      alert.paymentId ?? null,
      alert.invoiceId ?? null,
      JSON.stringify(alert.details),
      `${alert.kind}:${alert.key}`.slice(0, 200),
      alert.at,
    ],
  );
}

/**
 * Tells the staff chat of alerts it has not heard of (the minutely dispatch): what happened and
 * the invoice's number, never a name or an amount a stranger in the chat should not need.
 */
export async function tellStaffOfAlerts(ctx: NoticeCtx): Promise<number> {
  const fresh = (await ctx.em.execute(
    `select a.id, a.kind, i.number from payments_alert a left join payments_invoice i on i.id = a.invoice_id
      where a.notified_at is null order by a.id limit 100`,
  )) as { id: number; kind: AlertKind; number: string | null }[];
  for (const alert of fresh) {
    await ctx.em.transactional(async (em) => {
      await queueNotice(
        { ...ctx, em },
        {
          purpose: 'payments.alert',
          target: `alert:${alert.id}`,
          to: { staffChat: true },
          template: 'staff-payment-alert',
          params: { kind: { text: `staff-payment-alert-${alert.kind}` }, number: alert.number ?? '—' },
          priority: 'urgent',
          timeZone: 'Asia/Almaty',
        },
      );
      await em.execute('update payments_alert set notified_at = ? where id = ?', [ctx.clock.now(), alert.id]);
    });
  }
  return fresh.length;
}
