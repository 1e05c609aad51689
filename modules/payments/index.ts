/**
 * Payments: invoices (for a visit or free-standing), paying them in the bot through Kaspi or Halyk
 * ePay, receipts, refunds and each patient's balance; money is recorded once, whatever arrives twice.
 */
import { defineModule, foreignKey } from '../../shared/module.ts';
import {
  Invoice,
  InvoiceLine,
  Payment,
  PaymentAlert,
  PaymentCounter,
  Refund,
} from './entities/payment.entity.ts';
import { paymentErrors } from './payments.errors.ts';
import {
  CHECK_QUEUE,
  dispatchPayments,
  paymentsPoller,
  paymentsWorker,
  REFUND_QUEUE,
} from './payments.jobs.ts';
import { receiptKind } from './payments.receipt.ts';
import { paymentsRouter } from './payments.router.ts';
import { paymentRoutes } from './payments.routes.ts';
import { checkPaymentsEnv, paymentsEnv, paymentsSettings } from './payments.settings.ts';
import { invoiceGuard } from './use-cases/guards.ts';
import { invoiceVisitChanges } from './use-cases/visit-invoices.ts';

export type { ProviderKey } from './entities/payment.entity.ts';
export {
  type PaymentProvider,
  type PaymentProviders,
  type ProviderCharge,
  type ProviderCheckout,
  type ProviderRefund,
  type ProviderStatus,
  ProviderUnavailable,
} from './payments.providers.ts';
export type { PaymentsSettings } from './payments.settings.ts';
export type { CheckoutView, InvoiceView, MyPaymentsView } from './payments.views.ts';
export { type PaymentFigures, paymentFigures } from './use-cases/figures.ts';

export const paymentsModule = defineModule({
  name: 'payments',
  entities: [Invoice, InvoiceLine, Payment, Refund, PaymentAlert, PaymentCounter],
  foreignKeys: [
    foreignKey(Invoice, 'patientId', 'Patient'),
    foreignKey(Invoice, 'appointmentId', 'Appointment'),
    foreignKey(Invoice, 'branchId', 'Branch'),
    foreignKey(InvoiceLine, 'serviceId', 'Service'),
  ],
  routers: { payments: paymentsRouter },
  errors: paymentErrors,
  queues: [CHECK_QUEUE, REFUND_QUEUE],
  workers: [paymentsWorker, paymentsPoller],
  dispatch: dispatchPayments,
  routes: paymentRoutes,
  deliveryChecks: { invoice: invoiceGuard },
  hooks: { documentKinds: [receiptKind], visitChanges: [invoiceVisitChanges] },
  env: paymentsEnv,
  checkEnv: checkPaymentsEnv,
  settings: paymentsSettings,
});
