import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import { branchOrMain } from '../../clinic/index.ts';
import { actingPatientId, patientLanguage } from '../../patients/index.ts';
import { Payment, PROVIDERS, type ProviderKey } from '../entities/payment.entity.ts';
import { nextCount, type PaymentsCtx, providerOf } from '../payments.context.ts';
import { paymentErrors } from '../payments.errors.ts';
import { ProviderUnavailable } from '../payments.providers.ts';
import type { shownInput } from '../payments.schemas.ts';
import { type CheckoutView, checkoutView } from '../payments.views.ts';
import { ownInvoice } from './invoices.ts';

/**
 * The order number a provider sees: six digits from 100001 on, so its last six are unique (Halyk's
 * rule for invoiceID) for the first 899 999 attempts; past that it grows to seven and more digits,
 * unique as a whole, and the bank must be asked whether last-six clashes matter then [verify].
 */
async function orderNumber(ctx: Pick<PaymentsCtx, 'em'>): Promise<string> {
  return String(await nextCount(ctx.em, 'order', 100_001));
}

/**
 * The providers this run has (configured, or the sandbox's stand-ins), in the order the bot offers
 * them: a patient is never offered a way to pay that would only answer "not available".
 */
export function offeredProviders(ctx: Pick<PaymentsCtx, 'settings'>): ProviderKey[] {
  return PROVIDERS.filter((key) => ctx.settings.payments.providers[key] !== undefined);
}

/**
 * A way to pay an invoice through a provider. A link still open for the same invoice and provider
 * is given again (a second tap, a lost message); otherwise a new attempt: its row committed first
 * (so a crash after the provider's answer still knows the attempt), then the provider's link,
 * then the row completed. Nothing is paid until the provider's status API says so.
 */
export async function startPayment(
  ctx: PaymentsCtx,
  input: { invoiceId: number; provider: ProviderKey },
): Promise<CheckoutView> {
  // Whose invoice it is comes first: another's is "not found" whatever else is wrong.
  const invoice = await ownInvoice(ctx, input.invoiceId);
  const provider = providerOf(ctx, input.provider);
  const now = ctx.clock.now();
  if (invoice.status === 'paid') throw paymentErrors('invoice_already_paid');
  if (invoice.status === 'void') throw paymentErrors('invoice_void');
  const open = await ctx.em.findOne(
    Payment,
    { invoice, provider: input.provider, status: 'pending', expiresAt: { $gt: now }, url: { $ne: null } },
    { orderBy: { createdAt: 'desc' } },
  );
  const timeZone = (await branchOrMain(ctx.em, invoice.branchId))?.timeZone ?? 'Asia/Almaty';
  if (open && open.amountTiyn === invoice.totalTiyn) return checkoutView(open, invoice, timeZone);

  const expiresAt = new Date(now.getTime() + ctx.settings.payments.linkMinutes * 60_000);
  const payment = await ctx.em.transactional(async (em) => {
    const row = em.create(Payment, {
      id: crypto.randomUUID(),
      invoice,
      provider: input.provider,
      amountTiyn: invoice.totalTiyn,
      orderNumber: await orderNumber({ em }),
      secretHash: randomBytes(24).toString('base64url'),
      expiresAt,
      startedBy: actorOf(ctx.caller),
    });
    em.persist(row);
    return row;
  });
  const language = await patientLanguage(ctx.em, await actingPatientId(ctx.em, ctx.caller));
  try {
    const checkout = await provider.checkout({
      paymentId: payment.id,
      orderNumber: payment.orderNumber,
      amountTiyn: payment.amountTiyn,
      description: invoice.number,
      language,
      accountId: String(invoice.patientId),
      secretHash: payment.secretHash,
      callbackUrl: `${ctx.settings.payments.publicUrl}/payments/${provider.key}/callback`,
      returnUrl: null,
      expiresAt,
    });
    payment.providerRef = checkout.providerRef;
    payment.url = checkout.url;
    payment.qrToken = checkout.qrToken;
    payment.expiresAt = checkout.expiresAt;
    payment.pollSeconds = checkout.pollSeconds;
    // A polled provider is first asked after its interval; a callback provider is asked when its
    // callback comes, and by the reconciliation once the link has run out.
    payment.nextCheckAt = checkout.pollSeconds
      ? new Date(now.getTime() + checkout.pollSeconds * 1000)
      : checkout.expiresAt;
  } catch (error) {
    payment.status = 'failed';
    payment.failReason = error instanceof ProviderUnavailable ? 'provider_unavailable' : 'provider_refused';
    await ctx.em.flush();
    ctx.log.warn({ err: error, paymentId: payment.id, provider: provider.key }, 'payment link not created');
    throw paymentErrors('provider_unavailable', { provider: provider.key });
  }
  await ctx.em.flush();
  return checkoutView(payment, invoice, timeZone);
}

/** The bot says which message shows the link, so it can be edited to "paid" when the money comes. */
export async function paymentShown(ctx: PaymentsCtx, input: z.output<typeof shownInput>): Promise<void> {
  const telegramUserId = ctx.caller.kind === 'bot' ? ctx.caller.telegramUserId : null;
  const payment = await ctx.em.findOne(Payment, input.paymentId, { populate: ['invoice'] });
  // Only the account that started it may point it at a message: another's would be edited.
  if (!payment || payment.startedBy !== actorOf(ctx.caller) || input.chatId !== telegramUserId)
    throw paymentErrors('payment_not_found');
  await ownInvoice(ctx, payment.invoice.id);
  payment.chatId = input.chatId;
  payment.messageId = input.messageId;
  await ctx.em.flush();
}
