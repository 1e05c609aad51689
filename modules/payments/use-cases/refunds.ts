import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import { branchOrMain } from '../../clinic/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import { auditPatientRead } from '../../patients/index.ts';
import { Invoice, Payment, Refund } from '../entities/payment.entity.ts';
import type { PaymentsCtx } from '../payments.context.ts';
import { paymentErrors } from '../payments.errors.ts';
import { ProviderUnavailable } from '../payments.providers.ts';
import type { refundInput } from '../payments.schemas.ts';
import { type RefundView, refundView } from '../payments.views.ts';
import { raiseAlert } from './alerts.ts';

/** What has been or is being given back of a payment (pending and done refunds). */
async function refundedOf(ctx: Pick<PaymentsCtx, 'em'>, paymentId: string): Promise<number> {
  const [row] = (await ctx.em.execute(
    `select coalesce(sum(amount_tiyn), 0)::bigint as sum from payments_refund
      where payment_id = ? and status <> 'failed'`,
    [paymentId],
  )) as { sum: string }[];
  return Number(row?.sum ?? 0);
}

/**
 * Staff give back a paid payment, whole or part, with a reason. The payment row is locked while the
 * refund is written, so two refunds at once never give back more than was paid; the caller's key
 * is unique, so a retried request is the same refund. The provider is asked at once; a provider
 * that does not answer is asked again by the dispatch until it does.
 */
export async function refundPayment(
  ctx: PaymentsCtx,
  input: z.output<typeof refundInput>,
): Promise<RefundView> {
  const key = `staff:${input.idempotencyKey}`;
  const existing = await ctx.em.findOne(Refund, { idempotencyKey: key });
  if (existing) return refundView(existing);
  let refundId: string;
  try {
    refundId = await ctx.em.transactional(async (em) => {
      const payment = await em.findOne(Payment, input.paymentId, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
      });
      if (!payment) throw paymentErrors('payment_not_found');
      if (payment.status !== 'paid') throw paymentErrors('refund_not_paid');
      const left = payment.amountTiyn - (await refundedOf({ em }, payment.id));
      const amountTiyn = input.amountTiyn ?? left;
      if (amountTiyn <= 0 || amountTiyn > left) throw paymentErrors('refund_too_large', { leftTiyn: left });
      const refund = em.create(Refund, {
        id: crypto.randomUUID(),
        payment,
        amountTiyn,
        reason: input.reason,
        idempotencyKey: key,
        createdBy: actorOf(ctx.caller),
      });
      em.persist(refund);
      const invoice = await em.findOneOrFail(Invoice, payment.invoice.id);
      auditPatientRead(em, ctx.caller, ctx.clock.now(), 'payment.refund', invoice.patientId);
      await em.flush();
      return refund.id;
    });
  } catch (error) {
    // The same key at the same moment from a retried request: the first one is the refund.
    if (error instanceof UniqueConstraintViolationException)
      return refundView(await ctx.em.findOneOrFail(Refund, { idempotencyKey: key }));
    throw error;
  }
  await executeRefund(ctx, refundId);
  return refundView(await ctx.em.fork().findOneOrFail(Refund, refundId));
}

/**
 * Asks the provider to give a pending refund back and records its answer: done (the invoice's
 * refunded sum grows, the patient is told), refused or impossible through the API (staff
 * alerted), or no answer (left pending; the dispatch asks again).
 */
export async function executeRefund(ctx: PaymentsCtx, refundId: string): Promise<void> {
  const em = ctx.em.fork();
  const refund = await em.findOne(Refund, refundId, { populate: ['payment', 'payment.invoice'] });
  if (refund?.status !== 'pending') return;
  const payment = refund.payment;
  const provider = ctx.settings.payments.providers[payment.provider];
  if (!provider) return;
  let answer: Awaited<ReturnType<typeof provider.refund>>;
  try {
    answer = await provider.refund({
      refundId: refund.id,
      orderNumber: payment.orderNumber,
      providerRef: payment.providerRef ?? null,
      transactionId: payment.transactionId!,
      amountTiyn: refund.amountTiyn,
    });
  } catch (error) {
    if (error instanceof ProviderUnavailable) {
      ctx.log.warn({ refundId, provider: payment.provider }, 'refund waits for the provider');
      return;
    }
    throw error;
  }
  const now = ctx.clock.now();
  await em.transactional(async (tx) => {
    const [won] = (await tx.execute(
      `update payments_refund set status = ?, provider_ref = ?, fail_reason = ?, done_at = ?
        where id = ? and status = 'pending' returning id`,
      answer.state === 'done'
        ? ['done', answer.providerRef, null, now, refund.id]
        : ['failed', null, answer.reason.slice(0, 200), null, refund.id],
    )) as { id: string }[];
    if (!won) return;
    const invoice = await tx.findOneOrFail(Invoice, payment.invoice.id, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      refresh: true,
    });
    if (answer.state !== 'done') {
      await raiseAlert(tx, ctx.log, {
        kind: 'refund_failed',
        at: now,
        key: refund.id,
        paymentId: payment.id,
        invoiceId: invoice.id,
        details: { state: answer.state, reason: answer.reason, amountTiyn: refund.amountTiyn },
      });
      return;
    }
    invoice.refundedTiyn += refund.amountTiyn;
    invoice.version += 1;
    const branch = await branchOrMain(tx, invoice.branchId);
    await queueNotice(
      { ...ctx, em: tx },
      {
        purpose: 'payments.refunded',
        target: `refund:${refund.id}`,
        to: { patientId: invoice.patientId },
        template: 'pay-refunded',
        params: { number: invoice.number, amount: { tiyn: refund.amountTiyn } },
        priority: 'care',
        timeZone: branch?.timeZone ?? 'Asia/Almaty',
        subject: { kind: 'invoice', id: invoice.id },
      },
    );
    await tx.flush();
  });
}
