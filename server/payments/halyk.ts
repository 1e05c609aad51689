import type {
  PaymentProvider,
  ProviderCharge,
  ProviderRefund,
  ProviderStatus,
} from '../../modules/payments/index.ts';
import { ProviderUnavailable } from '../../modules/payments/index.ts';

export interface HalykOptions {
  /** The token endpoint: test https://test-epay-oauth.epayment.kz/oauth2/token, production https://epay-oauth.homebank.kz/oauth2/token. */
  oauthUrl: string;
  /** The API host: test https://test-epay-api.epayment.kz, production https://epay-api.homebank.kz. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** TerminalID (the shop id). */
  terminalId: string;
  /** Where the payer's browser goes after paying or failing (the bot's t.me link, or our site). */
  backLink?: string;
  timeoutMs?: number;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

const unavailable = (message: string) => new ProviderUnavailable('halyk', message);

/** Everything the token request asks (§2.2); `payment` is left out of some of the docs' pages. */
const SCOPE = 'webapi usermanagement email_send verification statement statistics payment';

/** Tiyn → the tenge amount ePay takes: a decimal with at most two places [verify: the docs show whole tenge only]. */
const tenge = (tiyn: number): string => (tiyn % 100 === 0 ? String(tiyn / 100) : (tiyn / 100).toFixed(2));
const tiynOf = (amount: unknown): number => Math.round(Number(amount) * 100);

/** ePay's check-status resultCode (§2.6). */
const RESULT = { found: '100', rejected: '101', notFound: '102', retry: '103', inProgress: '107' } as const;

/**
 * Halyk ePay (../shared/integrations/payments.md §2): an OAuth2 client_credentials token per
 * operation, bound to the invoice and amount; the invoice link API for a link the bot can send as a
 * button (no page of ours, no card data near us); the check-status API, the only word we trust
 * (a postLink callback carries no signature: the payments module checks it against our record and
 * then asks here); refunds by transaction id. A 5xx, a timeout, an unreadable answer or ePay's
 * "try later" (103, 107) is `unavailable`; nothing is decided from it. Secrets and the secret_hash
 * are never logged.
 */
export function halykProvider(options: HalykOptions): PaymentProvider {
  const api = options.apiUrl.replace(/\/+$/, '');
  const call = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function send(url: string, init: RequestInit, what: string): Promise<Response> {
    let response: Response;
    try {
      response = await call(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw unavailable(`${what}: ${timedOut ? 'no answer in time' : 'unreachable'}`);
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw unavailable(`${what}: HTTP ${response.status}`);
    }
    return response;
  }

  async function json<T>(response: Response, what: string): Promise<T> {
    const value = (await response.json().catch(() => null)) as T | null;
    if (value === null) throw unavailable(`${what}: an unreadable answer (HTTP ${response.status})`);
    return value;
  }

  /** A token for one operation; with an invoice, bound to it, its amount and our secret_hash. */
  async function token(invoice?: {
    invoiceId: string;
    amountTiyn: number;
    secretHash?: string;
    postLink?: string | null;
  }): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: SCOPE,
      client_id: options.clientId,
      client_secret: options.clientSecret,
      terminal: options.terminalId,
    });
    if (invoice) {
      form.set('invoiceID', invoice.invoiceId);
      form.set('amount', tenge(invoice.amountTiyn));
      form.set('currency', 'KZT');
      if (invoice.secretHash) form.set('secret_hash', invoice.secretHash);
      if (invoice.postLink) {
        form.set('postLink', invoice.postLink);
        form.set('failurePostLink', invoice.postLink);
      }
    }
    const response = await send(
      options.oauthUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      },
      'token',
    );
    const answer = await json<{ access_token?: unknown }>(response, 'token');
    if (!response.ok || typeof answer.access_token !== 'string')
      // Wrong credentials or a refused invoice: not something a retry mends, but no money moved.
      throw new Error(`halyk refused the token request (HTTP ${response.status})`);
    return answer.access_token;
  }

  return {
    key: 'halyk',
    terminal: options.terminalId,

    async checkout(charge: ProviderCharge) {
      const bearer = await token({
        invoiceId: charge.orderNumber,
        amountTiyn: charge.amountTiyn,
        secretHash: charge.secretHash,
        postLink: charge.callbackUrl,
      });
      // ePay's expire_period counts in days ("1d") [verify: hours or minutes]; our own expiry is
      // kept by us (the attempt ends at expiresAt, and money seen later is still recorded).
      const days = Math.max(1, Math.ceil((charge.expiresAt.getTime() - Date.now()) / 86_400_000));
      const response = await send(
        `${api}/invoice`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${bearer}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            shop_id: options.terminalId,
            account_id: charge.accountId,
            invoice_id: charge.orderNumber,
            amount: Number(tenge(charge.amountTiyn)),
            currency: 'KZT',
            language: charge.language === 'kk' ? 'kaz' : 'rus',
            description: charge.description,
            expire_period: `${days}d`,
            post_link: charge.callbackUrl,
            failure_post_link: charge.callbackUrl,
            back_link: charge.returnUrl ?? options.backLink ?? '',
            failure_back_link: charge.returnUrl ?? options.backLink ?? '',
          }),
        },
        'invoice',
      );
      const answer = await json<{ invoice_url?: unknown; id?: unknown; message?: unknown }>(
        response,
        'invoice',
      );
      if (!response.ok || typeof answer.invoice_url !== 'string')
        throw new Error(`halyk refused the invoice (HTTP ${response.status})`);
      return {
        // The check-status API finds a payment by our invoice id, so that is its reference here.
        providerRef: charge.orderNumber,
        url: answer.invoice_url,
        qrToken: null,
        expiresAt: charge.expiresAt,
        pollSeconds: null,
      };
    },

    async status(payment): Promise<ProviderStatus> {
      const bearer = await token();
      const response = await send(
        `${api}/check-status/payment/transaction/${encodeURIComponent(payment.orderNumber)}`,
        { method: 'GET', headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } },
        'status',
      );
      const answer = await json<{
        resultCode?: unknown;
        resultMessage?: unknown;
        transaction?: {
          id?: unknown;
          invoiceID?: unknown;
          amount?: unknown;
          currency?: unknown;
          terminal?: unknown;
          statusName?: unknown;
          reason?: unknown;
        };
      }>(response, 'status');
      const code = String(answer.resultCode ?? '');
      if (code === RESULT.notFound) return { state: 'unknown', reason: 'invoice not found (102)' };
      if (code === RESULT.retry || code === RESULT.inProgress)
        throw unavailable(`status: try later (${code})`);
      if (code === RESULT.rejected) return { state: 'failed', reason: 'rejected (101)' };
      if (code !== RESULT.found || !answer.transaction)
        // 104, 106, 109: the terminal or credentials are wrong — a configuration problem, retried
        // (and logged) until someone mends it, never taken for an answer about the money.
        throw unavailable(`status: resultCode ${code || 'missing'}`);
      const t = answer.transaction;
      const name = String(t.statusName ?? '');
      // We do not use two-step payments, so only CHARGE is money in [verify: AUTH on a one-step terminal].
      if (name === 'CHARGE')
        return {
          state: 'paid',
          transactionId: String(t.id),
          amountTiyn: tiynOf(t.amount),
          currency: String(t.currency ?? ''),
          terminal: String(t.terminal ?? ''),
        };
      if (name === 'CANCEL') return { state: 'cancelled', reason: String(t.reason ?? 'CANCEL') };
      if (name === 'REJECT' || name === 'FAILED')
        return { state: 'failed', reason: String(t.reason ?? name) };
      // NEW, AUTH and anything else not final: keep asking.
      return { state: 'pending' };
    },

    async refund(refund): Promise<ProviderRefund> {
      const bearer = await token();
      const query = new URLSearchParams({ amount: tenge(refund.amountTiyn), externalID: refund.refundId });
      const response = await send(
        `${api}/operation/${encodeURIComponent(refund.transactionId)}/refund?${query}`,
        { method: 'POST', headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } },
        'refund',
      );
      const answer = (await response.json().catch(() => ({}))) as { message?: unknown; code?: unknown };
      if (response.ok) return { state: 'done', providerRef: refund.refundId };
      return {
        state: 'failed',
        reason: `HTTP ${response.status}${answer.message ? `: ${String(answer.message).slice(0, 150)}` : ''}`,
      };
    },
  };
}
