import { randomBytes, randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { SandboxCore } from './core.ts';
import { sleep } from './notifier.ts';
import {
  escapeHtml,
  type PayLanguage,
  type PayState,
  payLanguage,
  payPage,
  payTexts,
  statusLine,
} from './pay-page.ts';

/**
 * A stand-in for Halyk ePay (what ../shared/integrations/payments.md §2 describes), at
 * /sandbox/halyk: the token endpoint at /oauth2/token and the API under /api (the test host's own
 * layout: …/api/invoice, …/api/check-status/payment/transaction/{invoiceId},
 * …/api/operation/{id}/refund). The app's real Halyk adapter talks to it when no Halyk credentials
 * are set. Like ePay it takes client credentials and a terminal, binds a token to the invoice,
 * amount and secret_hash it was asked for, answers check-status with resultCode 100/102/107 and
 * statusName NEW/CHARGE/REJECT/REFUND, and after a payment POSTs the postLink JSON (§2.5, with
 * secret_hash echoed and no signature) to the invoice's post_link. A person pays at the
 * invoice_url (/sandbox/halyk/pay/<uuid>): a test card pays, Decline rejects, and an unpaid link
 * runs out by the sandbox clock. Tests steer it through /sandbox/halyk/test/… (not ePay's paths):
 * pay or decline without the page, callbacks late, repeated, or before check-status agrees.
 * Faults come from the sandbox's fault API under `HalykToken`, `HalykInvoice`, `HalykStatus`
 * and `HalykRefund` (500, 429, timeout). State lives in memory: a restarted sandbox forgets it.
 */
interface HalykInvoice {
  uuid: string;
  invoiceId: string;
  /** Tenge, as asked. */
  amount: number;
  currency: string;
  terminal: string;
  accountId: string;
  description: string;
  language: string;
  postLink: string;
  failurePostLink: string;
  secretHash: string;
  expiresAt: number;
  status: 'NEW' | 'CHARGE' | 'REJECT' | 'REFUND';
  transactionId: string | null;
  refunded: number;
  /** check-status answers "in progress" (107) this many more times after a payment. */
  statusLag: number;
}

interface TokenGrant {
  invoiceId: string | null;
  amount: number | null;
  secretHash: string | null;
  postLink: string | null;
  expiresAt: number;
}

/** How a test wants the callbacks of the next payment of an invoice delivered. */
interface CallbackPlan {
  times: number;
  delayMs: number;
  statusLag: number;
}

export interface HalykStandIn {
  clientId: string;
  clientSecret: string;
  terminalId: string;
  api: Hono;
}

export function halykStandIn(core: SandboxCore): HalykStandIn {
  const clientId = 'sandbox-emhana';
  const clientSecret = `sbx-halyk-${randomBytes(16).toString('hex')}`;
  const terminalId = randomUUID();
  const tokens = new Map<string, TokenGrant>();
  const invoices = new Map<string, HalykInvoice>();
  const byInvoiceId = new Map<string, string>();
  const plans = new Map<string, CallbackPlan>();
  let nextTransaction = 1;

  const now = () => core.clock.now().getTime();
  const faulted = async (c: Context, method: string): Promise<Response | null> => {
    const fault = core.faults.take(method);
    if (!fault) return null;
    if (fault.kind === '429') return c.json({ code: 429, message: 'Too many requests' }, 429);
    if (fault.kind === 'timeout') {
      await sleep(120_000, AbortSignal.any([c.req.raw.signal, core.closing.signal]));
      return c.json({ code: 504, message: 'Gateway timeout' }, 504);
    }
    return c.json({ code: 500, message: 'Internal server error' }, 500);
  };
  const bearer = (c: Context): TokenGrant | null => {
    const token = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    const grant = tokens.get(token);
    return grant && grant.expiresAt > now() ? grant : null;
  };
  const invoiceOf = (invoiceId: string) => invoices.get(byInvoiceId.get(invoiceId) ?? '');
  const open = (invoice: HalykInvoice) => invoice.status === 'NEW' && invoice.expiresAt > now();

  /** The postLink body ePay sends (§2.5): the transaction, the card, 3-D Secure, our secret_hash. */
  const callbackBody = (invoice: HalykInvoice, ok: boolean) => ({
    id: invoice.transactionId ?? '',
    dateTime: new Date(now()).toISOString(),
    invoiceId: invoice.invoiceId,
    amount: invoice.amount,
    currency: invoice.currency,
    terminal: invoice.terminal,
    accountId: invoice.accountId,
    description: invoice.description,
    language: invoice.language,
    cardMask: '440043******0003',
    cardType: 'VISA',
    issuer: 'HALYK BANK',
    reference: String(200_000_000_000 + nextTransaction),
    approvalCode: ok ? '123456' : '',
    secure: 'yes',
    secureDetails: '',
    code: ok ? 'ok' : 'error',
    reason: ok ? '' : 'Транзакция отклонена',
    reasonCode: ok ? 0 : 454,
    name: 'SANDBOX PAYER',
    email: '',
    phone: '',
    ip: '127.0.0.1',
    ipCountry: 'KZ',
    ipCity: 'ALMATY',
    ipRegion: '',
    ipDistrict: '',
    ipLatitude: 43.25,
    ipLongitude: 76.95,
    secret_hash: invoice.secretHash,
  });

  /** Delivers the callbacks of a payment as planned (in the background, as ePay would). */
  const deliver = (invoice: HalykInvoice, ok: boolean) => {
    const plan = plans.get(invoice.invoiceId) ?? { times: 1, delayMs: 0, statusLag: 0 };
    plans.delete(invoice.invoiceId);
    invoice.statusLag = plan.statusLag;
    const url = ok ? invoice.postLink : invoice.failurePostLink;
    if (!url) return;
    const body = JSON.stringify(callbackBody(invoice, ok));
    const once = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: core.closing.signal,
      })
        .then((r) => r.body?.cancel())
        .catch(() => {});
    void (async () => {
      if (plan.delayMs) await sleep(plan.delayMs, core.closing.signal).catch(() => {});
      await Promise.all(Array.from({ length: plan.times }, once));
    })();
  };

  /** What a payer does: a test card charges it; Decline rejects it. */
  const settle = (invoice: HalykInvoice, ok: boolean): string | null => {
    if (!open(invoice))
      return invoice.status === 'NEW' ? 'the link has expired' : `already ${invoice.status}`;
    invoice.status = ok ? 'CHARGE' : 'REJECT';
    invoice.transactionId = `${Date.now().toString(36)}-${nextTransaction++}`;
    deliver(invoice, ok);
    return null;
  };

  const api = new Hono();

  api.post('/oauth2/token', async (c) => {
    const fault = await faulted(c, 'HalykToken');
    if (fault) return fault;
    const form = new URLSearchParams(await c.req.text());
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
      return c.json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401);
    if (form.get('grant_type') !== 'client_credentials')
      return c.json({ error: 'unsupported_grant_type' }, 400);
    if (form.get('terminal') !== terminalId)
      return c.json({ error: 'invalid_request', error_description: 'terminal not found' }, 400);
    const invoiceId = form.get('invoiceID');
    if (invoiceId !== null && !/^\d{6,15}$/.test(invoiceId))
      return c.json({ error: 'invalid_request', error_description: 'invoiceID: 6-15 digits' }, 400);
    const amount = form.get('amount');
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, {
      invoiceId,
      amount: amount === null ? null : Number(amount),
      secretHash: form.get('secret_hash'),
      postLink: form.get('postLink'),
      expiresAt: now() + 7200_000,
    });
    return c.json({
      access_token: token,
      expires_in: '7200',
      refresh_token: '',
      scope: form.get('scope') ?? 'payment',
      token_type: 'Bearer',
    });
  });

  api.post('/api/invoice', async (c) => {
    const fault = await faulted(c, 'HalykInvoice');
    if (fault) return fault;
    const grant = bearer(c);
    if (!grant) return c.json({ code: 401, message: 'Unauthorized' }, 401);
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const invoiceId = String(body.invoice_id ?? '');
    // The token is bound to the invoice and amount it was asked for.
    if (grant.invoiceId !== invoiceId || grant.amount !== Number(body.amount))
      return c.json({ code: 400, message: 'invoice_id or amount does not match the token' }, 400);
    if (body.shop_id !== terminalId) return c.json({ code: 400, message: 'shop_id not found' }, 400);
    if (body.currency !== 'KZT') return c.json({ code: 400, message: 'currency' }, 400);
    const existing = invoiceOf(invoiceId);
    if (existing) return c.json({ code: 409, message: `invoice_id ${invoiceId} already exists` }, 409);
    const days = Number(/^(\d+)d$/.exec(String(body.expire_period ?? '1d'))?.[1] ?? 1);
    const invoice: HalykInvoice = {
      uuid: randomUUID(),
      invoiceId,
      amount: Number(body.amount),
      currency: 'KZT',
      terminal: terminalId,
      accountId: String(body.account_id ?? ''),
      description: String(body.description ?? ''),
      language: String(body.language ?? 'rus'),
      postLink: String(body.post_link ?? grant.postLink ?? ''),
      failurePostLink: String(body.failure_post_link ?? ''),
      secretHash: grant.secretHash ?? '',
      expiresAt: now() + days * 86_400_000,
      status: 'NEW',
      transactionId: null,
      refunded: 0,
      statusLag: 0,
    };
    invoices.set(invoice.uuid, invoice);
    byInvoiceId.set(invoiceId, invoice.uuid);
    return c.json({
      id: invoice.uuid,
      invoice_id: invoiceId,
      amount: invoice.amount,
      currency: invoice.currency,
      // The pay page on the host the adapter called (the server's own address in sandbox mode).
      invoice_url: `${new URL(c.req.url).origin}/sandbox/halyk/pay/${invoice.uuid}`,
      expire_date: new Date(invoice.expiresAt).toISOString(),
    });
  });

  api.get('/api/check-status/payment/transaction/:invoiceId', async (c) => {
    const fault = await faulted(c, 'HalykStatus');
    if (fault) return fault;
    if (!bearer(c)) return c.json({ code: 401, message: 'Unauthorized' }, 401);
    const invoice = invoiceOf(c.req.param('invoiceId'));
    // An invoice nobody has tried to pay has no transaction yet.
    if (!invoice?.transactionId) return c.json({ resultCode: '102', resultMessage: 'Invoice not found' });
    if (invoice.statusLag > 0) {
      invoice.statusLag -= 1;
      return c.json({ resultCode: '107', resultMessage: 'Operation in progress' });
    }
    return c.json({
      resultCode: '100',
      resultMessage: 'Found',
      transaction: {
        id: invoice.transactionId,
        createdDate: new Date(now()).toISOString(),
        invoiceID: invoice.invoiceId,
        amount: invoice.amount,
        amountBonus: 0,
        payoutAmount: invoice.amount,
        currency: invoice.currency,
        terminal: invoice.terminal,
        accountID: invoice.accountId,
        description: invoice.description,
        language: invoice.language,
        cardMask: '440043******0003',
        issuer: 'HALYK BANK',
        reference: '',
        secure: 'yes',
        statusName: invoice.status,
        reason: invoice.status === 'REJECT' ? 'Транзакция отклонена' : '',
        reasonCode: invoice.status === 'REJECT' ? '454' : '0',
      },
    });
  });

  api.post('/api/operation/:transactionId/refund', async (c) => {
    const fault = await faulted(c, 'HalykRefund');
    if (fault) return fault;
    if (!bearer(c)) return c.json({ code: 401, message: 'Unauthorized' }, 401);
    const invoice = [...invoices.values()].find((i) => i.transactionId === c.req.param('transactionId'));
    if (!invoice || (invoice.status !== 'CHARGE' && invoice.status !== 'REFUND'))
      return c.json({ code: 404, message: 'Operation not found' }, 404);
    const amount = Number(c.req.query('amount') ?? invoice.amount - invoice.refunded);
    if (!(amount > 0) || invoice.refunded + amount > invoice.amount + 1e-9)
      return c.json({ code: 400, message: 'Refund amount exceeds the payment' }, 400);
    invoice.refunded += amount;
    if (invoice.refunded >= invoice.amount) invoice.status = 'REFUND';
    return c.json({ code: 0, message: 'OK' });
  });

  // The pay page a person reaches from the bot's button, in the language the invoice was made in.
  api.get('/pay/:uuid', (c) => {
    const invoice = invoices.get(c.req.param('uuid'));
    const language = payLanguage(c.req.raw, invoice ? languageOf(invoice) : null);
    const t = payTexts(language);
    if (!invoice) return c.html(payPage(HALYK_LOOK, language, 'Halyk ePay', `<p>${t.notFound}</p>`), 404);
    const status = open(invoice) ? 'NEW' : invoice.status === 'NEW' ? 'EXPIRED' : invoice.status;
    const form = (action: string, label: string) =>
      `<form method="post" action="/sandbox/halyk/pay/${invoice.uuid}/${action}?lang=${language}"><button id="${action}">${label}</button></form>`;
    return c.html(
      payPage(
        HALYK_LOOK,
        language,
        'Halyk ePay',
        `<p>${escapeHtml(invoice.description)}</p>
         <p class="sum">${invoice.amount.toLocaleString('ru-RU')} ₸</p>
         ${statusLine(t, HALYK_STATES[status], status)}
         ${status === 'NEW' ? `<p>${t.testCard} 4400 43** **** 0003</p>${form('pay', t.pay)}${form('decline', t.decline)}` : ''}`,
        `/sandbox/halyk/pay/${invoice.uuid}`,
      ),
    );
  });
  api.post('/pay/:uuid/:action{pay|decline}', (c) => {
    const invoice = invoices.get(c.req.param('uuid'));
    const language = payLanguage(c.req.raw, invoice ? languageOf(invoice) : null);
    if (!invoice)
      return c.html(
        payPage(HALYK_LOOK, language, 'Halyk ePay', `<p>${payTexts(language).notFound}</p>`),
        404,
      );
    settle(invoice, c.req.param('action') === 'pay');
    return c.redirect(`/sandbox/halyk/pay/${invoice.uuid}?lang=${language}`, 303);
  });

  // Sandbox only (not ePay's): tests pay, decline and plan how the callbacks misbehave.
  api.post('/test/plan', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const invoiceId = String(body.invoiceId ?? '');
    plans.set(invoiceId, {
      times: Math.min(100, Math.max(0, Number(body.times ?? 1))),
      delayMs: Math.min(60_000, Math.max(0, Number(body.delayMs ?? 0))),
      statusLag: Math.min(100, Math.max(0, Number(body.statusLag ?? 0))),
    });
    return c.json({ ok: true });
  });
  api.post('/test/:action{pay|decline}', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const invoice = invoiceOf(String(body.invoiceId ?? ''));
    if (!invoice) return c.json({ ok: false, error: 'no such invoice' }, 404);
    const error = settle(invoice, c.req.param('action') === 'pay');
    return error
      ? c.json({ ok: false, error }, 409)
      : c.json({ ok: true, transactionId: invoice.transactionId });
  });
  api.get('/test/invoice/:invoiceId', (c) => {
    const invoice = invoiceOf(c.req.param('invoiceId'));
    if (!invoice) return c.json({ ok: false }, 404);
    const { secretHash: _secret, ...shown } = invoice;
    return c.json({ ok: true, invoice: shown });
  });
  api.all('*', (c) => c.json({ code: 404, message: 'Not found' }, 404));
  return { clientId, clientSecret, terminalId, api };
}

const HALYK_LOOK = { name: 'Halyk ePay', colour: '#1b8a5a' };

/** ePay's statusName as the payer reads it (EXPIRED is the page's own: a NEW link past its time). */
const HALYK_STATES: Record<HalykInvoice['status'] | 'EXPIRED', PayState> = {
  NEW: 'waiting',
  CHARGE: 'paid',
  REJECT: 'declined',
  REFUND: 'refunded',
  EXPIRED: 'expired',
};

/** ePay's page speaks the invoice's `language` (kaz, rus; eng is read as Russian here). */
const languageOf = (invoice: HalykInvoice): PayLanguage => (invoice.language === 'kaz' ? 'kk' : 'ru');
