import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { BUTTONS } from '../../../shared/buttons.ts';
import { branchOrMain } from '../../clinic/index.ts';
import { issueModuleDocument } from '../../documents/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import { auditPatientRead, patientLanguage } from '../../patients/index.ts';
import { Invoice, InvoiceLine, Payment, Refund } from '../entities/payment.entity.ts';
import type { PaymentsCtx } from '../payments.context.ts';
import type { ProviderStatus } from '../payments.providers.ts';
import { raiseAlert } from './alerts.ts';
import { executeRefund } from './refunds.ts';

/** What settling a provider's word did: the caller (a callback, the poller) logs it and moves on. */
export type SettleOutcome =
  /** The money is recorded now (the invoice paid, or refunded when it was not payable). */
  | 'recorded'
  /** It was recorded before (a duplicate callback, the poller after the callback). */
  | 'already'
  /** The provider has no final word yet. */
  | 'pending'
  /** The attempt ended without money (declined, expired, cancelled). */
  | 'closed'
  /** The provider's status did not match ours: nothing changed, staff alerted. */
  | 'mismatch';

/**
 * Applies what a provider's status API said of one attempt. Money is recorded exactly once
 * whatever calls this and how often: the attempt becomes paid only through a conditional update
 * from any other state (one of two racing calls wins, the other changes nothing), and the
 * provider's transaction id is unique. The invoice is row-locked while it is marked paid, so a
 * void at the same moment either comes first (the money is then given back) or is refused.
 */
export async function settlePayment(
  ctx: PaymentsCtx,
  paymentId: string,
  status: ProviderStatus,
): Promise<SettleOutcome> {
  const now = ctx.clock.now();
  const payment = await ctx.em.findOne(Payment, paymentId, { populate: ['invoice'] });
  if (!payment) return 'mismatch';
  if (status.state === 'pending' || status.state === 'unknown') {
    if (payment.status !== 'pending') return payment.status === 'paid' ? 'already' : 'closed';
    const grace = ctx.settings.payments.pollGraceMinutes * 60_000;
    if (now.getTime() <= payment.expiresAt.getTime() + grace) return 'pending';
    // The link ran out long ago and the provider still has no money: the attempt is over.
    return (await closeAttempt(ctx, payment, 'expired', status.state)) ? 'closed' : 'already';
  }
  if (status.state !== 'paid') {
    return (await closeAttempt(ctx, payment, status.state, status.reason)) ? 'closed' : 'already';
  }

  const provider = ctx.settings.payments.providers[payment.provider];
  const wrong = [
    status.amountTiyn !== payment.amountTiyn && 'amount',
    status.currency !== 'KZT' && 'currency',
    provider?.terminal &&
      status.terminal !== undefined &&
      status.terminal !== provider.terminal &&
      'terminal',
  ].filter(Boolean);
  if (wrong.length > 0) {
    await raiseAlert(ctx.em, ctx.log, {
      kind: 'status_mismatch',
      at: now,
      key: `${payment.id}:${status.transactionId}`,
      paymentId: payment.id,
      invoiceId: payment.invoice.id,
      details: {
        wrong,
        amountTiyn: status.amountTiyn,
        expectedTiyn: payment.amountTiyn,
        provider: payment.provider,
      },
    });
    return 'mismatch';
  }

  let refundId: string | null = null;
  try {
    const outcome = await ctx.em.transactional(async (em) => {
      const tx = { ...ctx, em };
      const [won] = (await em.execute(
        `update payments_payment set status = 'paid', paid_at = ?, transaction_id = ?, fail_reason = null
          where id = ? and status <> 'paid' returning id`,
        [now, status.transactionId, payment.id],
      )) as { id: string }[];
      if (!won) return 'already' as const;
      const invoice = await em.findOneOrFail(Invoice, payment.invoice.id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        refresh: true,
      });
      invoice.paidTiyn += payment.amountTiyn;
      invoice.version += 1;
      auditPatientRead(em, ctx.caller, now, `payment.${payment.provider}.paid`, invoice.patientId);
      if (invoice.status !== 'unpaid') {
        // Money for an invoice that no longer wants it (voided, or paid by another attempt): it
        // goes back by itself, and staff see why.
        const refund = em.create(Refund, {
          id: crypto.randomUUID(),
          payment: em.getReference(Payment, payment.id),
          amountTiyn: payment.amountTiyn,
          reason: invoice.status === 'void' ? 'invoice_void' : 'invoice_paid_twice',
          automatic: true,
          idempotencyKey: `auto:${payment.id}`,
          createdBy: 'system',
        });
        em.persist(refund);
        await em.flush();
        refundId = refund.id;
        await raiseAlert(em, ctx.log, {
          kind: 'paid_not_payable',
          at: now,
          key: payment.id,
          paymentId: payment.id,
          invoiceId: invoice.id,
          details: { invoiceStatus: invoice.status, amountTiyn: payment.amountTiyn, refundId: refund.id },
        });
        return 'recorded' as const;
      }
      invoice.status = 'paid';
      invoice.paidAt = now;
      await em.flush();
      await confirmToPatient(tx, invoice, payment, status.transactionId, now);
      return 'recorded' as const;
    });
    if (refundId) {
      await executeRefund(ctx, refundId);
    }
    return outcome;
  } catch (error) {
    // The same provider transaction recorded on another attempt: it is that one's money.
    if (error instanceof UniqueConstraintViolationException) return 'already';
    throw error;
  }
}

/** Ends an attempt that took no money; false when it had already ended (or was paid). */
async function closeAttempt(
  ctx: PaymentsCtx,
  payment: Payment,
  state: 'failed' | 'expired' | 'cancelled',
  reason: string,
): Promise<boolean> {
  const rows = (await ctx.em.execute(
    `update payments_payment set status = ?, fail_reason = ? where id = ? and status = 'pending' returning id`,
    [state, reason.slice(0, 200), payment.id],
  )) as { id: string }[];
  if (rows.length === 0) return false;
  // The message that showed the link says it no longer takes money (run out, or declined by the
  // bank or the payer), with a button to the invoice for a new link.
  if (payment.chatId) {
    const expired = state === 'expired';
    const branch = await branchOrMain(ctx.em, payment.invoice.branchId);
    await queueNotice(ctx, {
      purpose: expired ? 'payments.expired' : 'payments.declined',
      target: `payment:${payment.id}`,
      to: { telegramUserId: payment.chatId, patientId: payment.invoice.patientId },
      template: expired ? 'pay-link-expired' : 'pay-declined',
      params: { number: payment.invoice.number, amount: { tiyn: payment.amountTiyn } },
      buttons: [
        [
          {
            label: expired ? 'pay-renew' : 'pay-again',
            data: BUTTONS.openInvoice.data({ invoiceId: payment.invoice.id }),
          },
        ],
      ],
      priority: 'care',
      timeZone: branch?.timeZone ?? 'Asia/Almaty',
      subject: { kind: 'invoice', id: payment.invoice.id },
      guard: { kind: 'invoice', invoiceId: payment.invoice.id },
      edit: payment.messageId ?? undefined,
    });
    await ctx.em.flush();
  }
  return true;
}

/**
 * "Paid": the message that showed the link is edited (or a new one sent), and the receipt is
 * issued as a document in the patient's language, which the documents module announces.
 */
async function confirmToPatient(
  ctx: PaymentsCtx,
  invoice: Invoice,
  payment: Payment,
  transactionId: string,
  paidAt: Date,
): Promise<void> {
  const { em } = ctx;
  const branch = await branchOrMain(em, invoice.branchId);
  const language = await patientLanguage(em, invoice.patientId);
  const lines = await em.find(InvoiceLine, { invoice }, { orderBy: { position: 'asc' } });
  await issueModuleDocument(ctx, {
    patientId: invoice.patientId,
    kind: 'receipt',
    appointmentId: invoice.appointmentId ?? null,
    branchId: invoice.branchId ?? null,
    language,
    fields: {
      invoiceNumber: invoice.number,
      lines: lines.map((l) => ({
        title: l.title[language],
        quantity: l.quantity,
        unitPriceTiyn: l.unitPriceTiyn,
        amountTiyn: l.amountTiyn,
      })),
      totalTiyn: invoice.totalTiyn,
      provider: payment.provider,
      paidAt: paidAt.toISOString(),
      orderNumber: payment.orderNumber,
      transactionId,
    },
  });
  await queueNotice(ctx, {
    purpose: 'payments.paid',
    target: `payment:${payment.id}`,
    to: payment.chatId
      ? { telegramUserId: payment.chatId, patientId: invoice.patientId }
      : { patientId: invoice.patientId },
    template: 'pay-paid',
    params: { number: invoice.number, amount: { tiyn: payment.amountTiyn } },
    priority: 'care',
    timeZone: branch?.timeZone ?? 'Asia/Almaty',
    subject: { kind: 'invoice', id: invoice.id },
    edit: payment.chatId ? (payment.messageId ?? undefined) : undefined,
  });
  await em.flush();
}
