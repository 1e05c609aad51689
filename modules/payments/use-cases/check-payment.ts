import { Payment } from '../entities/payment.entity.ts';
import type { PaymentsCtx } from '../payments.context.ts';
import { ProviderUnavailable } from '../payments.providers.ts';
import { raiseAlert } from './alerts.ts';
import { type SettleOutcome, settlePayment } from './settle-payment.ts';

/**
 * Asks the provider's status API about one attempt and applies the answer; the next question is
 * planned at the provider's interval while it is still pending. A provider that does not answer
 * changes nothing: the attempt is asked again at its next time. `reconcile`: the reconciliation
 * asks, and a payment it finds paid that we had no word of is reported to staff as well.
 */
export async function checkPayment(
  ctx: PaymentsCtx,
  paymentId: string,
  options: { reconcile?: boolean } = {},
): Promise<SettleOutcome | 'unavailable' | 'gone'> {
  const payment = await ctx.em.findOne(Payment, paymentId, { populate: ['invoice'] });
  if (payment?.status !== 'pending') return 'gone';
  const provider = ctx.settings.payments.providers[payment.provider];
  if (!provider) return 'gone';
  const now = ctx.clock.now();
  payment.checks += 1;
  payment.nextCheckAt = new Date(now.getTime() + (payment.pollSeconds ?? 60) * 1000);
  await ctx.em.flush();
  let status: Awaited<ReturnType<typeof provider.status>>;
  try {
    status = await provider.status({
      orderNumber: payment.orderNumber,
      providerRef: payment.providerRef ?? null,
      amountTiyn: payment.amountTiyn,
    });
  } catch (error) {
    if (error instanceof ProviderUnavailable) return 'unavailable';
    throw error;
  }
  const outcome = await settlePayment(ctx, payment.id, status);
  if (options.reconcile && outcome === 'recorded')
    await raiseAlert(ctx.em, ctx.log, {
      kind: 'missed_confirmation',
      at: now,
      key: payment.id,
      paymentId: payment.id,
      invoiceId: payment.invoice.id,
      details: { provider: payment.provider, amountTiyn: payment.amountTiyn },
    });
  return outcome;
}
