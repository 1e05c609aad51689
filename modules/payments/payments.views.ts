import type { Localized } from '../../shared/localized.ts';
import type {
  Invoice,
  InvoiceLine,
  InvoiceOrigin,
  InvoiceStatus,
  Payment,
  PaymentStatus,
  ProviderKey,
  Refund,
  RefundStatus,
} from './entities/payment.entity.ts';

export interface InvoiceLineView {
  serviceId: number | null;
  title: Localized;
  quantity: number;
  unitPriceTiyn: number;
  amountTiyn: number;
}

export interface InvoiceView {
  id: number;
  number: string;
  patientId: number;
  appointmentId: number | null;
  origin: InvoiceOrigin;
  status: InvoiceStatus;
  totalTiyn: number;
  paidTiyn: number;
  refundedTiyn: number;
  /** What is still to pay: the total for an unpaid invoice, nothing otherwise. */
  dueTiyn: number;
  currency: string;
  createdAt: Date;
  paidAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  version: number;
  lines: InvoiceLineView[];
}

export const invoiceView = (invoice: Invoice, lines: InvoiceLine[]): InvoiceView => ({
  id: invoice.id,
  number: invoice.number,
  patientId: invoice.patientId,
  appointmentId: invoice.appointmentId ?? null,
  origin: invoice.origin,
  status: invoice.status,
  totalTiyn: invoice.totalTiyn,
  paidTiyn: invoice.paidTiyn,
  refundedTiyn: invoice.refundedTiyn,
  dueTiyn: invoice.status === 'unpaid' ? invoice.totalTiyn : 0,
  currency: invoice.currency,
  createdAt: invoice.createdAt,
  paidAt: invoice.paidAt ?? null,
  voidedAt: invoice.voidedAt ?? null,
  voidReason: invoice.voidReason ?? null,
  version: invoice.version,
  lines: [...lines]
    .sort((a, b) => a.position - b.position)
    .map((l) => ({
      serviceId: l.serviceId ?? null,
      title: l.title,
      quantity: l.quantity,
      unitPriceTiyn: l.unitPriceTiyn,
      amountTiyn: l.amountTiyn,
    })),
});

/** What the patient's chat shows of an attempt: where to pay, until when. */
export interface CheckoutView {
  paymentId: string;
  invoiceId: number;
  provider: ProviderKey;
  status: PaymentStatus;
  amountTiyn: number;
  url: string | null;
  /** Kaspi: the QR's content, for the bot to draw. */
  qrToken: string | null;
  expiresAt: Date;
  /** The zone of the invoice's branch: "valid until" is told in the clinic's time. */
  timeZone: string;
  /** The invoice's number and first line, to caption the message. */
  invoiceNumber: string;
}

export const checkoutView = (payment: Payment, invoice: Invoice, timeZone: string): CheckoutView => ({
  paymentId: payment.id,
  invoiceId: invoice.id,
  provider: payment.provider,
  status: payment.status,
  amountTiyn: payment.amountTiyn,
  url: payment.url ?? null,
  qrToken: payment.qrToken ?? null,
  expiresAt: payment.expiresAt,
  timeZone,
  invoiceNumber: invoice.number,
});

/** Staff's view of an attempt (never its secret). */
export interface PaymentView {
  id: string;
  invoiceId: number;
  invoiceNumber: string;
  patientId: number;
  provider: ProviderKey;
  status: PaymentStatus;
  amountTiyn: number;
  orderNumber: string;
  providerRef: string | null;
  transactionId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  expiresAt: Date;
  failReason: string | null;
  refundedTiyn: number;
}

export const paymentView = (payment: Payment, invoice: Invoice, refundedTiyn: number): PaymentView => ({
  id: payment.id,
  invoiceId: invoice.id,
  invoiceNumber: invoice.number,
  patientId: invoice.patientId,
  provider: payment.provider,
  status: payment.status,
  amountTiyn: payment.amountTiyn,
  orderNumber: payment.orderNumber,
  providerRef: payment.providerRef ?? null,
  transactionId: payment.transactionId ?? null,
  createdAt: payment.createdAt,
  paidAt: payment.paidAt ?? null,
  expiresAt: payment.expiresAt,
  failReason: payment.failReason ?? null,
  refundedTiyn,
});

export interface RefundView {
  id: string;
  paymentId: string;
  amountTiyn: number;
  reason: string;
  automatic: boolean;
  status: RefundStatus;
  failReason: string | null;
  createdAt: Date;
  doneAt: Date | null;
}

export const refundView = (refund: Refund): RefundView => ({
  id: refund.id,
  paymentId: refund.payment.id,
  amountTiyn: refund.amountTiyn,
  reason: refund.reason,
  automatic: refund.automatic,
  status: refund.status,
  failReason: refund.failReason ?? null,
  createdAt: refund.createdAt,
  doneAt: refund.doneAt ?? null,
});

/** A person's money with the clinic: what is owed, what was paid, what was given back. */
export interface BalanceView {
  owedTiyn: number;
  paidTiyn: number;
  refundedTiyn: number;
}

/** The bot's "Payments": per person (the patient, then each dependant), balance and unpaid invoices. */
export interface MyPaymentsView {
  patient: { id: number; name: string };
  balance: BalanceView;
  unpaid: InvoiceView[];
}
