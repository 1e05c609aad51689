import { LockMode } from '@mikro-orm/core';
import {
  type VisitChange,
  type VisitChangeCtx,
  type VisitChangeListener,
  type VisitFacts,
  visitFacts,
} from '../../booking/index.ts';
import { catalogViews } from '../../clinic/index.ts';
import { managedPatientIds } from '../../patients/index.ts';
import { Invoice } from '../entities/payment.entity.ts';
import type { PaymentsCtx } from '../payments.context.ts';
import { paymentErrors } from '../payments.errors.ts';
import type { InvoiceView } from '../payments.views.ts';
import { raiseAlert } from './alerts.ts';
import { invoiceViews, voidInvoiceIn, writeInvoice } from './invoices.ts';

/** Why a cancelled (or missed) visit's unpaid invoice was voided, as staff read it. */
export const VOID_REASON = { cancelled: 'visit cancelled', no_show: 'visit no-show' } as const;

/**
 * Payments' part in a visit's changes (booking's `visitChanges`), inside booking's transaction:
 * - booked, a prepaid service: its invoice at the visit's price, once (quiet: the confirmation
 *   itself offers "Pay");
 * - moved: nothing, the invoice stays with the visit;
 * - cancelled or missed: its unpaid invoices are voided; money already paid for a cancelled visit
 *   is not given back by itself (the clinic's rules differ: a late cancellation may keep it), so
 *   staff get an alert and decide;
 * - completed, when PAYMENT_INVOICE_ON_COMPLETE is on: the visit's price, unless it was prepaid.
 */
export const invoiceVisitChanges: VisitChangeListener = async (ctx, change) => {
  switch (change.event) {
    case 'booked':
      return invoicePrepaidBooking(ctx, change.visit);
    case 'cancelled':
    case 'no_show':
      return settleCancelledVisit(ctx, change);
    case 'completed':
      return invoiceCompletedVisit(ctx, change.visit);
    default:
      return;
  }
};

/** The visit's invoices of an origin that are not void (the partial unique index keeps it to one). */
const liveInvoices = (ctx: VisitChangeCtx, visit: VisitFacts, origins: Invoice['origin'][]) =>
  ctx.em.count(Invoice, { appointmentId: visit.id, origin: { $in: origins }, status: { $ne: 'void' } });

/** One line: the visit's service at the price it was booked at. */
const visitLine = (visit: VisitFacts) => [
  { serviceId: visit.serviceId, quantity: 1, unitPriceTiyn: visit.priceTiyn },
];

async function invoicePrepaidBooking(ctx: VisitChangeCtx, visit: VisitFacts): Promise<void> {
  const { services } = await catalogViews(ctx.em, { serviceIds: [visit.serviceId] });
  // A free visit has nothing to pay in advance (an invoice is never for nothing).
  if (!services.get(visit.serviceId)?.prepaid || visit.priceTiyn <= 0) return;
  if (await liveInvoices(ctx, visit, ['prepaid_booking'])) return;
  await writeInvoice(ctx, {
    patientId: visit.patientId,
    appointmentId: visit.id,
    origin: 'prepaid_booking',
    lines: visitLine(visit),
    quiet: true,
  });
}

async function invoiceCompletedVisit(ctx: VisitChangeCtx, visit: VisitFacts): Promise<void> {
  if (!ctx.settings.payments.invoiceOnComplete || visit.priceTiyn <= 0) return;
  // Paid or still to pay, a prepaid visit was invoiced once already.
  if (await liveInvoices(ctx, visit, ['prepaid_booking', 'visit_completed'])) return;
  await writeInvoice(ctx, {
    patientId: visit.patientId,
    appointmentId: visit.id,
    origin: 'visit_completed',
    lines: visitLine(visit),
  });
}

async function settleCancelledVisit(ctx: VisitChangeCtx, change: VisitChange): Promise<void> {
  const { em } = ctx;
  const visit = change.visit;
  // Locked: a payment being recorded at this moment waits, then finds the invoice void and
  // gives the money back (see settle-payment.ts), or was first and is seen here as paid.
  const invoices = await em.find(
    Invoice,
    { appointmentId: visit.id, status: { $ne: 'void' } },
    { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  for (const invoice of invoices) {
    if (invoice.status === 'unpaid') {
      await voidInvoiceIn(ctx, invoice.id, VOID_REASON[change.event === 'no_show' ? 'no_show' : 'cancelled']);
      continue;
    }
    // A missed visit keeps what was paid for it (the patient did not come); a cancelled one may
    // be owed money back, which only staff can decide (cut-offs, who cancelled, part refunds).
    const kept = invoice.paidTiyn - invoice.refundedTiyn;
    if (change.event !== 'cancelled' || kept <= 0) continue;
    await raiseAlert(em, ctx.log, {
      kind: 'paid_visit_cancelled',
      at: ctx.clock.now(),
      key: `invoice:${invoice.id}`,
      invoiceId: invoice.id,
      details: {
        appointmentId: visit.id,
        origin: invoice.origin,
        paidTiyn: invoice.paidTiyn,
        refundedTiyn: invoice.refundedTiyn,
        cancelledBy: change.cancelled?.by ?? null,
        reason: change.cancelled?.reason ?? null,
      },
    });
  }
}

/**
 * The bot: the invoices (not void) of one visit of the acting patient or a dependant, so that the
 * booking's confirmation can offer "Pay". Another's visit is "not found", as one that does not exist.
 */
export async function visitInvoices(
  ctx: Pick<PaymentsCtx, 'em' | 'caller'>,
  appointmentId: number,
): Promise<InvoiceView[]> {
  const ids = await managedPatientIds(ctx.em, ctx.caller);
  const visit = await visitFacts(ctx.em, appointmentId);
  if (!visit || !ids.includes(visit.patientId)) throw paymentErrors('visit_not_found');
  const invoices = await ctx.em.find(
    Invoice,
    { appointmentId: visit.id, patientId: visit.patientId, status: { $ne: 'void' } },
    { orderBy: { id: 'asc' } },
  );
  return invoiceViews(ctx.em, invoices);
}
