/**
 * Payments' figures for the clinic's numbers (analytics): money in by provider, money given back,
 * and what was invoiced, in a period of the clinic's calendar, in all or for one branch (an
 * invoice's branch). Sums in tiyn; no patient, invoice number or order appears.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { bucketSql, type FigureFilter, type Interval } from '../../../shared/figures.ts';
import { type Sql, sql } from '../../../shared/sql.ts';
import { PROVIDERS, type ProviderKey } from '../entities/payment.entity.ts';

export interface PaymentFigures {
  currency: 'KZT';
  /** Payments that went through in the period (by when they were paid). */
  paid: { count: number; tiyn: number };
  byProvider: Record<ProviderKey, { count: number; tiyn: number }>;
  /** Refunds completed in the period. */
  refunded: { count: number; tiyn: number };
  /** paid − refunded. */
  netTiyn: number;
  /** Invoices written in the period and not voided, and what of them is still unpaid. */
  invoiced: { count: number; tiyn: number; unpaidTiyn: number };
  series: { period: string; paidTiyn: number; refundedTiyn: number }[];
}

export async function paymentFigures(
  em: EntityManager,
  filter: FigureFilter,
  interval: Interval,
): Promise<PaymentFigures> {
  const branch = filter.branchId === undefined ? sql`` : sql` and i.branch_id = ${filter.branchId}`;
  const run = async (q: Sql) => (await em.execute(q.text, [...q.values])) as Record<string, unknown>[];
  const [paid, refunded, invoiced] = await Promise.all([
    run(sql`select ${bucketSql('p.paid_at', interval, filter.timeZone)} as period, p.provider,
                   count(*)::int as count, coalesce(sum(p.amount_tiyn), 0)::bigint as tiyn
              from payments_payment p join payments_invoice i on i.id = p.invoice_id
             where p.status = 'paid' and p.paid_at >= ${filter.from} and p.paid_at < ${filter.to}${branch}
             group by 1, 2`),
    run(sql`select ${bucketSql('r.done_at', interval, filter.timeZone)} as period,
                   count(*)::int as count, coalesce(sum(r.amount_tiyn), 0)::bigint as tiyn
              from payments_refund r join payments_payment p on p.id = r.payment_id
                   join payments_invoice i on i.id = p.invoice_id
             where r.status = 'done' and r.done_at >= ${filter.from} and r.done_at < ${filter.to}${branch}
             group by 1`),
    run(sql`select count(*)::int as count, coalesce(sum(i.total_tiyn), 0)::bigint as tiyn,
                   coalesce(sum(i.total_tiyn - i.paid_tiyn) filter (where i.status = 'unpaid'), 0)::bigint as unpaid
              from payments_invoice i
             where i.status <> 'void' and i.created_at >= ${filter.from} and i.created_at < ${filter.to}${branch}`),
  ]);
  const n = (v: unknown) => Number(v ?? 0);
  const byProvider = Object.fromEntries(
    PROVIDERS.map((provider) => {
      const rows = paid.filter((r) => r.provider === provider);
      return [
        provider,
        { count: rows.reduce((s, r) => s + n(r.count), 0), tiyn: rows.reduce((s, r) => s + n(r.tiyn), 0) },
      ];
    }),
  ) as PaymentFigures['byProvider'];
  const paidTotal = {
    count: paid.reduce((s, r) => s + n(r.count), 0),
    tiyn: paid.reduce((s, r) => s + n(r.tiyn), 0),
  };
  const refundedTotal = {
    count: refunded.reduce((s, r) => s + n(r.count), 0),
    tiyn: refunded.reduce((s, r) => s + n(r.tiyn), 0),
  };
  const periods = [...new Set([...paid, ...refunded].map((r) => String(r.period)))].sort();
  return {
    currency: 'KZT',
    paid: paidTotal,
    byProvider,
    refunded: refundedTotal,
    netTiyn: paidTotal.tiyn - refundedTotal.tiyn,
    invoiced: {
      count: n(invoiced[0]?.count),
      tiyn: n(invoiced[0]?.tiyn),
      unpaidTiyn: n(invoiced[0]?.unpaid),
    },
    series: periods.map((period) => ({
      period,
      paidTiyn: paid.filter((r) => r.period === period).reduce((s, r) => s + n(r.tiyn), 0),
      refundedTiyn: refunded.filter((r) => r.period === period).reduce((s, r) => s + n(r.tiyn), 0),
    })),
  };
}
