import { timingSafeEqual } from 'node:crypto';
import { auditPatientRead } from '../../patients/index.ts';
import { Payment } from '../entities/payment.entity.ts';
import type { PaymentsCtx } from '../payments.context.ts';
import { type ProviderStatus, ProviderUnavailable } from '../payments.providers.ts';
import { raiseAlert } from './alerts.ts';
import { settlePayment } from './settle-payment.ts';

/** What the postLink callback carries that we check (§2.5); the rest is the bank's and the card's. */
export interface HalykCallback {
  invoiceId?: unknown;
  amount?: unknown;
  currency?: unknown;
  terminal?: unknown;
  code?: unknown;
  secret_hash?: unknown;
}

export type CallbackOutcome = 'recorded' | 'already' | 'waiting' | 'closed' | 'refused';

const sameSecret = (given: unknown, ours: string): boolean => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(ours);
  // Equal lengths first: timingSafeEqual throws otherwise, and a length says nothing of the secret.
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * ePay's postLink: a word, not a proof — it carries no signature, only the secret_hash we gave
 * when asking for the token. It is believed only when the secret, our order number, the amount,
 * the currency and the terminal all match our attempt; even then nothing is recorded from it: the
 * status API is asked, and only what it says counts (settlePayment records the money once). A
 * callback that does not match changes nothing, is logged with ids only, audited and raised as a
 * payment alert. When the status API does not agree yet, the attempt is asked again shortly
 * (`recheck`), so a payment whose callback came first is still recorded, once.
 */
export async function acceptHalykCallback(
  ctx: PaymentsCtx,
  body: HalykCallback,
  recheck: (paymentId: string) => Promise<void>,
): Promise<CallbackOutcome> {
  const now = ctx.clock.now();
  const orderNumber =
    typeof body.invoiceId === 'string' || typeof body.invoiceId === 'number' ? String(body.invoiceId) : '';
  const payment = /^\d{6,15}$/.test(orderNumber)
    ? await ctx.em.findOne(Payment, { orderNumber, provider: 'halyk' }, { populate: ['invoice'] })
    : null;
  const provider = ctx.settings.payments.providers.halyk;
  const wrong: string[] = [];
  if (!payment) wrong.push('invoice');
  else {
    if (!sameSecret(body.secret_hash, payment.secretHash)) wrong.push('secret_hash');
    if (Math.round(Number(body.amount) * 100) !== payment.amountTiyn) wrong.push('amount');
    if (body.currency !== 'KZT') wrong.push('currency');
    if (!provider?.terminal || body.terminal !== provider.terminal) wrong.push('terminal');
  }
  if (wrong.length > 0) {
    // Ids and which checks failed, never the values sent (a secret guessed at is not for the logs).
    await raiseAlert(ctx.em, ctx.log, {
      kind: 'callback_mismatch',
      at: now,
      // Each alert reaches the staff chat, and anyone can POST here: the same refusal of one
      // attempt is one alert, and callbacks naming no attempt of ours are one alert a minute
      // (each is still logged and audited), so a flood of forgeries cannot flood the staff.
      key: payment
        ? `halyk:${payment.id}:${wrong.join(',')}`
        : `halyk:unknown:${Math.floor(now.getTime() / 60_000)}`,
      paymentId: payment?.id ?? null,
      invoiceId: payment?.invoice.id ?? null,
      details: { provider: 'halyk', wrong, orderNumber: orderNumber.slice(0, 15) || null },
    });
    auditPatientRead(
      ctx.em,
      ctx.caller,
      now,
      'payment.halyk.callback_refused',
      payment?.invoice.patientId ?? null,
    );
    await ctx.em.flush();
    return 'refused';
  }
  // Asked directly, not through checkPayment, which leaves alone an attempt that is no longer
  // pending: ePay's link outlives ours (expire_period counts whole days), so money may come for an
  // attempt we closed as expired, and it must still be recorded (settlePayment takes it from any
  // state but paid).
  let status: ProviderStatus | 'unavailable';
  try {
    status = await provider!.status({
      orderNumber: payment!.orderNumber,
      providerRef: payment!.providerRef ?? null,
      amountTiyn: payment!.amountTiyn,
    });
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) throw error;
    status = 'unavailable';
  }
  const undecided = status === 'unavailable' || status.state === 'pending' || status.state === 'unknown';
  if (undecided && body.code === 'ok' && payment!.status !== 'pending' && payment!.status !== 'paid') {
    // A verified "paid" for an attempt we had closed, and the status API has not caught up: open
    // it again for one more grace period (from now), so the poller keeps asking until it agrees.
    await ctx.em.nativeUpdate(
      Payment,
      { id: payment!.id, status: { $ne: 'paid' } },
      { status: 'pending', expiresAt: now, failReason: null },
    );
    await recheck(payment!.id);
    return 'waiting';
  }
  const outcome = status === 'unavailable' ? 'unavailable' : await settlePayment(ctx, payment!.id, status);
  if (outcome === 'recorded' || outcome === 'already') return outcome;
  if (outcome === 'closed') return 'closed';
  if (outcome === 'mismatch') return 'refused';
  // pending or unavailable: the status API has not caught up with the callback yet.
  await recheck(payment!.id);
  return 'waiting';
}
