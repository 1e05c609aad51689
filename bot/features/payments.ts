import type { I18n } from '@grammyjs/i18n';
import { Composer, InlineKeyboard, InputFile } from 'grammy';
import QRCode from 'qrcode';
import { BUTTONS } from '../../shared/buttons.ts';
import { formatTiyn } from '../../shared/money.ts';
import { BOT_BUTTONS as B, onTap } from '../buttons.ts';
import type { ApiInputs, ApiOutputs, BaseContext, BotContext } from '../context.ts';
import { orExplain } from '../errors.ts';
import { escapeHtml, formatWhen } from '../format.ts';
import { languageOf } from '../i18n.ts';
import type { Steps } from '../steps.ts';
import { show } from './booking/render.ts';
import { menuButton } from './core.ts';

type Invoice = ApiOutputs['payments']['invoice'];
type Provider = ApiInputs['payments']['pay']['provider'];

/** A button shows the start of a long service name. */
const TITLE_CHARS = 80;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * "Payments": for the patient, then each dependant (the API's order), what is owed, paid and given
 * back, and each unpaid invoice as a button that opens it. Whose it is is said only when the
 * account manages someone else too.
 */
async function showList(ctx: BotContext): Promise<void> {
  const language = languageOf(ctx);
  const money = (tiyn: number) => formatTiyn(tiyn, language);
  const groups = await ctx.emhana.payments.mine.query({ language });
  const lines = [ctx.t('pay-title')];
  const keyboard = new InlineKeyboard();
  const named = groups.length > 1 || groups.some((g) => g.patient.id !== ctx.account.patientId);
  for (const { patient, balance, unpaid } of groups) {
    lines.push('');
    if (named) lines.push(ctx.t('pay-person', { name: escapeHtml(patient.name) }));
    lines.push(
      ctx.t('pay-balance', {
        owed: money(balance.owedTiyn),
        paid: money(balance.paidTiyn),
        refunded: money(balance.refundedTiyn),
      }),
    );
    if (unpaid.length === 0) lines.push(ctx.t('pay-nothing-due'));
    for (const invoice of unpaid)
      keyboard
        .text(
          ctx.t('pay-invoice-button', { number: invoice.number, amount: money(invoice.dueTiyn) }),
          B.payInvoice.data({ invoiceId: invoice.id }),
        )
        .row();
  }
  if (groups.some((g) => g.unpaid.length > 0)) lines.push('', ctx.t('pay-hint'));
  await show(ctx, lines.join('\n'), keyboard);
}

/** An invoice's lines and total, and whose it is when it is not the patient's own. */
async function invoiceCard(ctx: BotContext, invoice: Invoice): Promise<string> {
  const language = languageOf(ctx);
  const money = (tiyn: number) => formatTiyn(tiyn, language);
  const lines = [ctx.t('pay-invoice-card', { number: invoice.number })];
  if (invoice.patientId !== ctx.account.patientId) {
    const groups = await ctx.emhana.payments.mine.query({ language });
    const person = groups.find((g) => g.patient.id === invoice.patientId)?.patient;
    if (person) lines.push(ctx.t('pay-invoice-for', { name: escapeHtml(person.name) }));
  }
  lines.push('');
  for (const line of invoice.lines) {
    const title = escapeHtml(cut(line.title[language], TITLE_CHARS));
    lines.push(
      line.quantity === 1
        ? ctx.t('pay-line', { title, amount: money(line.amountTiyn) })
        : ctx.t('pay-line-many', {
            title,
            quantity: String(line.quantity),
            price: money(line.unitPriceTiyn),
            amount: money(line.amountTiyn),
          }),
    );
  }
  lines.push('', ctx.t('pay-total', { total: money(invoice.totalTiyn) }));
  return lines.join('\n');
}

/**
 * One invoice with the ways to pay this run has. Opened from the list it replaces the list (with
 * a way back); opened from a message of the clinic (a new invoice, an expired link) it comes as a
 * new message, so that message keeps saying what it said. Another's invoice is "not found".
 */
async function showInvoice(ctx: BotContext, invoiceId: number, inPlace: boolean): Promise<void> {
  const invoice = await orExplain(ctx, () => ctx.emhana.payments.invoice.query({ invoiceId }));
  await ctx.answerCallbackQuery().catch(() => {});
  if (!invoice) return;
  const keyboard = new InlineKeyboard();
  let tail: string;
  if (invoice.status === 'paid') tail = ctx.t('err-payments-invoice_already_paid');
  else if (invoice.status === 'void') tail = ctx.t('err-payments-invoice_void');
  else {
    const providers = await ctx.emhana.payments.providers.query();
    tail = ctx.t(providers.length > 0 ? 'pay-choose' : 'pay-no-providers');
    for (const provider of providers)
      keyboard.text(ctx.t(`pay-with-${provider}`), B.payWith.data({ provider, invoiceId })).row();
  }
  keyboard.text(ctx.t('pay-back'), B.payments.data({}));
  const text = `${await invoiceCard(ctx, invoice)}\n\n${tail}`;
  if (inPlace) return show(ctx, text, keyboard);
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

/** Kaspi's QR, drawn from the token the provider gave: large enough for a phone camera across a room. */
const qrImage = (token: string) =>
  QRCode.toBuffer(token, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'M' });

/**
 * A way to pay: the link as a URL button (for Kaspi also its QR, the text as the photo's caption),
 * until when it works in the clinic's time; then the server is told which message it is, so the
 * money's arrival edits it to "paid" (and an expired link to "expired" with a new-link button).
 */
async function pay(ctx: BotContext, invoiceId: number, provider: Provider): Promise<void> {
  await ctx.answerCallbackQuery().catch(() => {});
  const checkout = await orExplain(ctx, () => ctx.emhana.payments.pay.mutate({ invoiceId, provider }));
  if (!checkout) return;
  const language = languageOf(ctx);
  const text = [
    ctx.t(`pay-link-${checkout.provider}`, {
      number: checkout.invoiceNumber,
      amount: formatTiyn(checkout.amountTiyn, language),
      until: formatWhen(checkout.expiresAt, checkout.timeZone, language),
    }),
    ctx.t('pay-link-after'),
  ].join('\n\n');
  const keyboard = checkout.url
    ? new InlineKeyboard().url(ctx.t(`pay-link-button-${checkout.provider}`), checkout.url)
    : undefined;
  const sent = checkout.qrToken
    ? await ctx.replyWithPhoto(new InputFile(await qrImage(checkout.qrToken), 'kaspi-qr.png'), {
        caption: text,
        parse_mode: 'HTML',
        reply_markup: keyboard,
      })
    : await ctx.reply(text, {
        parse_mode: 'HTML',
        reply_markup: keyboard,
        link_preview_options: { is_disabled: true },
      });
  await ctx.emhana.payments.shown.mutate({
    paymentId: checkout.paymentId,
    chatId: sent.chat.id,
    messageId: sent.message_id,
  });
}

export function paymentsFeature(i18n: I18n<BaseContext>, steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);

  steps.redrawable(B.payments, (ctx) => showList(ctx));
  const open = (ctx: BotContext) => {
    steps.reached(ctx, B.payments, B.payments.data({}));
    return showList(ctx);
  };
  registered.command('payments', open);
  registered.filter(menuButton(i18n, 'menu-payments'), open);

  onTap(registered, B.payments, async (ctx) => {
    steps.reached(ctx, B.payments, ctx.callbackQuery.data);
    await showList(ctx);
    await ctx.answerCallbackQuery().catch(() => {});
  });
  onTap(registered, B.payInvoice, (ctx, { invoiceId }) => showInvoice(ctx, invoiceId, true));
  // Under "a new invoice" and "the link expired": the same invoice, in a message of its own.
  onTap(registered, BUTTONS.openInvoice, (ctx, { invoiceId }) => showInvoice(ctx, invoiceId, false));
  onTap(registered, B.payWith, (ctx, { invoiceId, provider }) => pay(ctx, invoiceId, provider));

  return composer;
}
