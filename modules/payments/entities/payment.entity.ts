import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import type { Localized } from '../../../shared/localized.ts';

/**
 * unpaid: waiting for money; paid: fully paid (refunds are counted apart, see refundedTiyn);
 * void: taken back before it was paid (a cancelled visit, staff), never payable again.
 */
export const INVOICE_STATUSES = ['unpaid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Why an invoice exists: staff wrote it, a prepaid service was booked, a visit was completed. */
export const INVOICE_ORIGINS = ['staff', 'prepaid_booking', 'visit_completed'] as const;
export type InvoiceOrigin = (typeof INVOICE_ORIGINS)[number];

/**
 * What a patient (a dependant included) owes the clinic: one or more lines, in tiyn (KZT), for a
 * visit or free-standing. The patient, visit and branch are other modules' rows, held by id.
 * `paidTiyn` and `refundedTiyn` are kept in step with the payments and refunds in the same
 * transaction that changes them, so a balance is a sum over invoices, never a guess.
 */
export const InvoiceSchema = defineEntity({
  name: 'Invoice',
  tableName: 'payments_invoice',
  properties: {
    id: p.integer().primary(),
    /** Printed on the receipt and told on the phone: `2026-000042` style (digits only: the word around it is the reader's), unique. */
    number: p.string().length(40).unique(),
    patientId: p.integer(),
    appointmentId: p.integer().nullable(),
    branchId: p.integer().nullable(),
    origin: p.enum(INVOICE_ORIGINS),
    status: p.enum(INVOICE_STATUSES).default('unpaid'),
    totalTiyn: p.bigint('number').check('total_tiyn > 0'),
    paidTiyn: p.bigint('number').default(0).check('paid_tiyn >= 0'),
    refundedTiyn: p.bigint('number').default(0).check('refunded_tiyn >= 0'),
    currency: p.string().length(3).default('KZT'),
    createdBy: p.string().length(100),
    createdAt: p.datetime().onCreate(appNow),
    paidAt: p.datetime().nullable(),
    voidedAt: p.datetime().nullable(),
    voidReason: p.text().nullable(),
    /** Bumped on every change: a stale staff screen or a replayed button sees a conflict. */
    version: p.integer().default(1),
  },
  indexes: [
    { properties: ['patientId', 'status'] },
    { properties: ['createdAt'] },
    // A visit has at most one live invoice of each automatic origin (a prepaid booking, a
    // completion): a retried booking or completion can never bill twice. Staff may write several.
    {
      name: 'payments_invoice_visit_origin_unique',
      expression: `create unique index "payments_invoice_visit_origin_unique" on "payments_invoice" ("appointment_id", "origin") where status <> 'void' and origin <> 'staff'`,
    },
  ],
});
export class Invoice extends InvoiceSchema.class {}
InvoiceSchema.setClass(Invoice);

/** One line of an invoice: a service (or a free text), how many, at what price. */
export const InvoiceLineSchema = defineEntity({
  name: 'InvoiceLine',
  tableName: 'payments_invoice_line',
  properties: {
    id: p.integer().primary(),
    invoice: () => p.manyToOne(Invoice).deleteRule('cascade'),
    position: p.integer(),
    serviceId: p.integer().nullable(),
    /** The line's name in both languages as it was when invoiced (a renamed service keeps old receipts true). */
    title: p.json<Localized>(),
    quantity: p.integer().check('quantity > 0'),
    unitPriceTiyn: p.bigint('number').check('unit_price_tiyn >= 0'),
    amountTiyn: p.bigint('number').check('amount_tiyn >= 0'),
  },
});
export class InvoiceLine extends InvoiceLineSchema.class {}
InvoiceLineSchema.setClass(InvoiceLine);

export const PROVIDERS = ['kaspi', 'halyk'] as const;
export type ProviderKey = (typeof PROVIDERS)[number];

/**
 * pending: a link is out, no money seen; paid: the provider confirmed it (its status API, never a
 * callback alone); failed / expired / cancelled: final, no money; a new attempt is a new row.
 */
export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'expired', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * One attempt to pay an invoice through a provider. The database keeps money from being counted
 * twice: (provider, provider_ref) and (provider, transaction_id) are unique, and a payment becomes
 * paid only through a conditional update from pending (see use-cases/settle-payment.ts).
 */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payments_payment',
  properties: {
    id: p.uuid().primary(),
    invoice: () => p.manyToOne(Invoice),
    provider: p.enum(PROVIDERS),
    status: p.enum(PAYMENT_STATUSES).default('pending'),
    amountTiyn: p.bigint('number').check('amount_tiyn > 0'),
    /**
     * Our order number at the provider: digits only, 6–15 long, its last six unique too (Halyk's
     * rule for invoiceID); Kaspi gets it as ExternalId. Unique by itself.
     */
    orderNumber: p.string().length(15).unique(),
    /** The provider's id of the attempt (Halyk: the invoice id; Kaspi: QrPaymentId), once created. */
    providerRef: p.string().length(100).nullable(),
    /** The provider's transaction once paid. */
    transactionId: p.string().length(100).nullable(),
    /** Halyk echoes it in its callback; compared in constant time (never shown, never logged). */
    secretHash: p.string().length(64),
    url: p.text().nullable(),
    qrToken: p.text().nullable(),
    expiresAt: p.datetime(),
    /** Kaspi: how often to poll its status (StatusPollingInterval), and when next. */
    pollSeconds: p.integer().nullable(),
    nextCheckAt: p.datetime().nullable(),
    checks: p.integer().default(0),
    /** The Telegram message that shows the link, to be edited to "paid" (chat and message id). */
    chatId: p.bigint('number').nullable(),
    messageId: p.integer().nullable(),
    /** Who started it: the Telegram user (bot) or the staff actor. */
    startedBy: p.string().length(100),
    createdAt: p.datetime().onCreate(appNow),
    paidAt: p.datetime().nullable(),
    failReason: p.string().length(200).nullable(),
  },
  indexes: [
    { properties: ['status', 'nextCheckAt'] },
    { properties: ['invoice'] },
    // Money in over a period (the clinic's numbers): paid payments by when they were paid.
    {
      name: 'payments_payment_paid_at',
      expression: `create index "payments_payment_paid_at" on "payments_payment" ("paid_at") where status = 'paid'`,
    },
  ],
  uniques: [{ properties: ['provider', 'providerRef'] }, { properties: ['provider', 'transactionId'] }],
});
export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);

export const REFUND_STATUSES = ['pending', 'done', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * Money given back from a paid payment, whole or part: by staff with a reason, or automatically
 * (an invoice paid twice, or paid after it was voided). `idempotencyKey` is unique: a retried
 * request or a second automatic trigger finds the first refund instead of making another.
 */
export const RefundSchema = defineEntity({
  name: 'Refund',
  tableName: 'payments_refund',
  properties: {
    id: p.uuid().primary(),
    payment: () => p.manyToOne(Payment),
    amountTiyn: p.bigint('number').check('amount_tiyn > 0'),
    reason: p.text(),
    automatic: p.boolean().default(false),
    status: p.enum(REFUND_STATUSES).default('pending'),
    idempotencyKey: p.string().length(100).unique(),
    providerRef: p.string().length(100).nullable(),
    failReason: p.string().length(200).nullable(),
    createdBy: p.string().length(100),
    createdAt: p.datetime().onCreate(appNow),
    doneAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['status'] }],
});
export class Refund extends RefundSchema.class {}
RefundSchema.setClass(Refund);

/**
 * Something about money a person must look at: a callback that did not match, money for a void
 * or paid invoice, a refund the provider refused, a reconciliation mismatch. Staff list and close them.
 */
export const PaymentAlertSchema = defineEntity({
  name: 'PaymentAlert',
  tableName: 'payments_alert',
  properties: {
    id: p.integer().primary(),
    kind: p.string().length(40),
    paymentId: p.uuid().nullable(),
    invoiceId: p.integer().nullable(),
    /** What happened, without personal data (ids, amounts, provider codes). */
    details: p.json<Record<string, unknown>>(),
    /** Same alert raised twice (a duplicate callback) is one row. */
    uniqueKey: p.string().length(200).unique(),
    createdAt: p.datetime().onCreate(appNow),
    /** When the staff chat was told (the minutely dispatch tells it of new alerts). */
    notifiedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    closedBy: p.string().length(100).nullable(),
  },
  indexes: [{ properties: ['closedAt'] }],
});
export class PaymentAlert extends PaymentAlertSchema.class {}
PaymentAlertSchema.setClass(PaymentAlert);

/**
 * Counters that give numbers (never a count of rows): `invoice-<year>` for invoice numbers,
 * `order` for the order numbers providers see.
 */
export const PaymentCounterSchema = defineEntity({
  name: 'PaymentCounter',
  tableName: 'payments_counter',
  properties: {
    key: p.string().length(20).primary(),
    last: p.integer(),
  },
});
export class PaymentCounter extends PaymentCounterSchema.class {}
PaymentCounterSchema.setClass(PaymentCounter);
