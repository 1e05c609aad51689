import { z } from 'zod';
import { LANGUAGES } from '../../shared/localized.ts';
import { botProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import * as s from './payments.schemas.ts';
import { createInvoice, myInvoice, myPayments, staffInvoice, voidInvoice } from './use-cases/invoices.ts';
import { refundPayment } from './use-cases/refunds.ts';
import {
  closeAlert,
  paymentAlerts,
  refundsOf,
  staffInvoices,
  staffPayments,
} from './use-cases/staff-lists.ts';
import { offeredProviders, paymentShown, startPayment } from './use-cases/start-payment.ts';
import { visitInvoices } from './use-cases/visit-invoices.ts';

/** Who handles money: the desk takes it, admins give it back. */
const cashiers = () => staffProcedure('admin', 'registrar');

export const paymentsRouter = router({
  /** The acting patient's and each dependant's balance and unpaid invoices. */
  mine: botProcedure
    .input(z.object({ language: z.enum(LANGUAGES) }))
    .query(({ ctx, input }) => myPayments(ctx, input.language)),
  /** The ways to pay this run offers (the providers it has), in the order the bot shows them. */
  providers: botProcedure.query(({ ctx }) => offeredProviders(ctx)),
  /** One invoice of the acting patient or a dependant. */
  invoice: botProcedure.input(s.invoiceIdInput).query(({ ctx, input }) => myInvoice(ctx, input.invoiceId)),
  /** The invoices of one of the acting patient's (or a dependant's) visits: "Pay" on its confirmation. */
  forVisit: botProcedure
    .input(s.appointmentIdInput)
    .query(({ ctx, input }) => visitInvoices(ctx, input.appointmentId)),
  /** A link (and for Kaspi a QR) to pay one invoice through a provider. */
  pay: botProcedure.input(s.startPaymentInput).mutation(({ ctx, input }) => startPayment(ctx, input)),
  /** Which message shows the link: edited to "paid" when the money comes. */
  shown: botProcedure.input(s.shownInput).mutation(({ ctx, input }) => paymentShown(ctx, input)),

  staff: router({
    createInvoice: cashiers()
      .input(s.createInvoiceInput)
      .mutation(({ ctx, input }) => createInvoice(ctx, input)),
    invoice: cashiers()
      .input(s.invoiceIdInput)
      .query(({ ctx, input }) => staffInvoice(ctx, input.invoiceId)),
    invoices: cashiers()
      .input(s.staffInvoicesInput)
      .query(({ ctx, input }) => staffInvoices(ctx, input)),
    voidInvoice: cashiers()
      .input(s.voidInvoiceInput)
      .mutation(({ ctx, input }) => voidInvoice(ctx, input)),
    payments: cashiers()
      .input(s.staffPaymentsInput)
      .query(({ ctx, input }) => staffPayments(ctx, input)),
    refunds: cashiers()
      .input(z.object({ paymentId: z.uuid() }))
      .query(({ ctx, input }) => refundsOf(ctx, input.paymentId)),
    refund: staffProcedure('admin')
      .input(s.refundInput)
      .mutation(({ ctx, input }) => refundPayment(ctx, input)),
    alerts: staffProcedure('admin')
      .input(z.object({ open: z.boolean().default(true) }))
      .query(({ ctx, input }) => paymentAlerts(ctx, input.open)),
    closeAlert: staffProcedure('admin')
      .input(s.closeAlertInput)
      .mutation(({ ctx, input }) => closeAlert(ctx, input.alertId)),
  }),
});
