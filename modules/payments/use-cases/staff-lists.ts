import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import { afterTimeId, pageOf, timeIdCursorOf } from '../../../shared/pages.ts';
import { zonedToUtc } from '../../../shared/zoned-time.ts';
import { auditPatientReads } from '../../patients/index.ts';
import { Invoice, Payment, PaymentAlert, Refund } from '../entities/payment.entity.ts';
import type { PaymentsCtx } from '../payments.context.ts';
import { paymentErrors } from '../payments.errors.ts';
import type { staffInvoicesInput, staffPaymentsInput } from '../payments.schemas.ts';
import {
  type InvoiceView,
  type PaymentView,
  paymentView,
  type RefundView,
  refundView,
} from '../payments.views.ts';
import { invoiceViews } from './invoices.ts';

/** The instants a calendar day spans in the clinic's zone. */
function dayRange(day: string): { $gte: Date; $lt: Date } {
  const start = zonedToUtc(day, 0, 'Asia/Almaty') ?? Date.parse(`${day}T00:00:00+05:00`);
  return { $gte: new Date(start), $lt: new Date(start + 86_400_000) };
}

/** Staff: invoices by patient, day and state, newest first, a page at a time (cursor: the last id). */
export async function staffInvoices(
  ctx: PaymentsCtx,
  input: z.output<typeof staffInvoicesInput>,
): Promise<{ items: InvoiceView[]; nextCursor: number | null }> {
  const invoices = await ctx.em.find(
    Invoice,
    {
      ...(input.patientId ? { patientId: input.patientId } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.day ? { createdAt: dayRange(input.day) } : {}),
      ...(input.cursor ? { id: { $lt: input.cursor } } : {}),
    },
    { orderBy: { id: 'desc' }, limit: input.limit + 1 },
  );
  const page = pageOf(invoices, input.limit, (i) => i.id);
  // A list names each row's patient: a read of each one's data.
  auditPatientReads(
    ctx.em,
    ctx.caller,
    ctx.clock.now(),
    'invoice.list',
    page.items.map((i) => i.patientId),
  );
  await ctx.em.flush();
  return { items: await invoiceViews(ctx.em, page.items), nextCursor: page.nextCursor };
}

/** Staff: payments (attempts) by patient, invoice, day and state, newest first, a page at a time. */
export async function staffPayments(
  ctx: PaymentsCtx,
  input: z.output<typeof staffPaymentsInput>,
): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
  const invoice = {
    ...(input.patientId ? { patientId: input.patientId } : {}),
    ...(input.invoiceId ? { id: input.invoiceId } : {}),
  };
  const payments = await ctx.em.find(
    Payment,
    {
      ...(Object.keys(invoice).length ? { invoice } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.day ? { createdAt: dayRange(input.day) } : {}),
      ...(input.cursor ? afterTimeId('createdAt', input.cursor) : {}),
    },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: input.limit + 1, populate: ['invoice'] },
  );
  const { items: page, nextCursor } = pageOf(payments, input.limit, (p) => timeIdCursorOf(p.createdAt, p.id));
  const refunds = await ctx.em.find(Refund, { payment: { $in: page.map((p) => p.id) }, status: 'done' });
  auditPatientReads(
    ctx.em,
    ctx.caller,
    ctx.clock.now(),
    'payment.list',
    page.map((p) => p.invoice.patientId),
  );
  await ctx.em.flush();
  return {
    nextCursor,
    items: page.map((p) =>
      paymentView(
        p,
        p.invoice,
        refunds.filter((r) => r.payment.id === p.id).reduce((sum, r) => sum + r.amountTiyn, 0),
      ),
    ),
  };
}

/** Staff: the refunds of one payment. */
export async function refundsOf(ctx: PaymentsCtx, paymentId: string): Promise<RefundView[]> {
  const refunds = await ctx.em.find(Refund, { payment: paymentId }, { orderBy: { createdAt: 'asc' } });
  return refunds.map(refundView);
}

export interface AlertView {
  id: number;
  kind: string;
  paymentId: string | null;
  invoiceId: number | null;
  details: Record<string, unknown>;
  createdAt: Date;
  closedAt: Date | null;
}

/** Staff: the alerts still open (or all), newest first. */
export async function paymentAlerts(ctx: PaymentsCtx, open: boolean): Promise<AlertView[]> {
  const alerts = await ctx.em.find(PaymentAlert, open ? { closedAt: null } : {}, {
    orderBy: { id: 'desc' },
    limit: 200,
  });
  return alerts.map((a) => ({
    id: a.id,
    kind: a.kind,
    paymentId: a.paymentId ?? null,
    invoiceId: a.invoiceId ?? null,
    details: a.details,
    createdAt: a.createdAt,
    closedAt: a.closedAt ?? null,
  }));
}

export async function closeAlert(ctx: PaymentsCtx, alertId: number): Promise<void> {
  const alert = await ctx.em.findOne(PaymentAlert, alertId);
  if (!alert) throw paymentErrors('alert_not_found');
  if (alert.closedAt) return;
  alert.closedAt = ctx.clock.now();
  alert.closedBy = actorOf(ctx.caller);
  await ctx.em.flush();
}
