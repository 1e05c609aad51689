import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../../shared/log.ts';

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
  | 'missed_confirmation';

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
