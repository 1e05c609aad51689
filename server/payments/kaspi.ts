import type {
  PaymentProvider,
  ProviderCheckout,
  ProviderRefund,
  ProviderStatus,
} from '../../modules/payments/index.ts';
import { ProviderUnavailable } from '../../modules/payments/index.ts';

export interface KaspiOptions {
  /**
   * The API base with scheme and version, e.g. https://qrapi-key.kaspi.kz/r1/v01 (basic) or
   * https://qrapi-cert-ip.kaspi.kz/r3/v01 (enhanced), or the sandbox's stand-in.
   */
  apiUrl: string;
  /** The basic scheme's key (header Api-Key); the standard and enhanced schemes use mTLS instead. */
  apiKey: string;
  /** The device (our backend) registered on the trade point: named in every payment call. */
  deviceToken: string;
  /** Enhanced scheme only: the organisation's BIN, which every enhanced call names. */
  organizationBin?: string;
  /** How long one call may take before it counts as "unavailable". */
  timeoutMs?: number;
  /**
   * The HTTP client: the sandbox's in-process handler, or (for the certificate schemes) a fetch
   * with an mTLS dispatcher.
   */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** Kaspi's StatusCode table (../shared/integrations/payments.md §1.5, reconstructed from OSS). */
export const KASPI_CODES: Record<number, string> = {
  [-10000]: 'no or invalid client certificate',
  [-1501]: 'device not found',
  [-1502]: 'device deactivated',
  [-1503]: 'device already registered',
  [-1601]: 'purchase not found',
  [-14000002]: 'no trade points',
  [-99000002]: 'trade point not found',
  [-99000001]: 'purchase UUID not found',
  [-99000003]: 'trade point does not match device',
  [-99000005]: 'refund amount too large',
  [-99000006]: 'refund error',
  [-99000011]: 'wrong purchase',
  [-99000020]: 'partial refund not available',
  990000018: 'trade point deactivated',
  990000026: 'trade point does not accept QR',
  990000028: 'wrong amount',
  99000033: 'no payment methods available',
  [-999]: 'service unavailable',
};

/** Kaspi answered with a StatusCode other than 0 (and other than its "try later", −999). */
export class KaspiRefused extends Error {
  readonly code: number;
  constructor(code: number, message: string | undefined) {
    super(`kaspi refused it: ${code} (${KASPI_CODES[code] ?? message ?? 'unknown code'})`);
    this.name = 'KaspiRefused';
    this.code = code;
  }
}

const PAID = new Set(['Processed']);
const CANCELLED = new Set(['CancelledByUser', 'RemotePaymentCanceled', 'RemotePaymentCancelled']);
const EXPIRED = new Set(['Expired']);
/** "Purchase not found": Kaspi has no such payment (yet, or any more). */
const NOT_FOUND = new Set([-1601, -99000001]);

interface Envelope<T> {
  StatusCode: number;
  Message?: string;
  Data?: T;
}

interface LinkData {
  PaymentLink: string;
  PaymentId: number | string;
  ExpireDate: string;
  PaymentMethods?: string[];
  PaymentBehaviorOptions?: {
    StatusPollingInterval?: number;
    LinkActivationWaitTimeout?: number;
    PaymentConfirmationTimeout?: number;
  };
}

interface StatusData {
  Status: string;
  TransactionId?: string | number | null;
  Amount?: number | null;
}

/** Tiyn to Kaspi's Amount in tenge: 12 500 ₸ 50 tiyn is 12500.5 ([verify] decimals, see below). */
export const tengeOf = (tiyn: number): number => Math.round(tiyn) / 100;
const tiynOf = (tenge: number): number => Math.round(tenge * 100);

/** When Kaspi gives no interval, poll this often (seconds). Never faster than once a second. */
const DEFAULT_POLL_SECONDS = 5;

/**
 * Kaspi QR, the merchant ("partner") API as reconstructed in ../shared/integrations/payments.md §1
 * (no public spec: every assumption below is marked and listed in the README).
 *
 * - Requests: JSON, `Api-Key` (basic scheme), a unique `X-Request-ID` each; the answer is always the
 *   envelope `{StatusCode, Message, Data}`, 0 = success. A 5xx, a timeout, an unreadable answer or
 *   StatusCode −999 ("service unavailable") is ProviderUnavailable: nothing is decided from it and
 *   the poller asks again. Any other code is a refusal (KaspiRefused) with its meaning from the table.
 * - checkout: POST /qr/create-link with ExternalId = our payment id (an idempotency key at Kaspi).
 *   The QR we render is the PaymentLink itself, not a /qr/create QrToken: a QR in Telegram is shown
 *   on the payer's phone and scanned by another phone (any camera opens an https link to Kaspi, the
 *   Kaspi app's scanner too), and one Kaspi payment per attempt means one status to poll and one
 *   provider reference (a QrToken would be a second payment for the same ExternalId, and lives
 *   about 5 minutes against the link's longer life).
 * - Amount: tenge as a JSON number with the tiyn as two decimals. [verify] One gateway requires
 *   whole tenge; clinic prices are whole tenge, so this only matters for a price with tiyn.
 * - status: GET …/v02/payment/status/{PaymentId} (the base's /v01 swapped for /v02). Processed is
 *   paid, with TransactionId, or (when absent, [verify]) the PaymentId as the transaction id;
 *   QrTokenCreated/Wait/RemotePaymentCreated are pending; Error is failed, Expired expired,
 *   CancelledByUser/RemotePaymentCanceled cancelled; an unknown status is treated as pending
 *   [verify], so a new status never closes an attempt that may still be paid. "Purchase not found"
 *   is `unknown` (the core closes it after the grace period). Amount missing from a Processed
 *   status: the link's own amount is assumed (Kaspi fixed it at creation) [verify].
 * - refund: the basic scheme has no refund through the API (the payer gets money back through the
 *   Kaspi Pay app's cashier): `unsupported`, and the core alerts staff. The enhanced scheme (r3,
 *   mTLS + OrganizationBin) has POST /payment/return {DeviceToken, QrPaymentId, Amount,
 *   OrganizationBin}.
 */
export function kaspiProvider(options: KaspiOptions): PaymentProvider {
  const base = options.apiUrl.replace(/\/+$/, '');
  const statusBase = base.replace(/\/v01$/, '/v02');
  const enhanced = /\/r3\//.test(`${base}/`);
  const call = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  let sequence = 0;

  async function request<T>(method: 'GET' | 'POST', url: string, body?: object): Promise<T | undefined> {
    // Unique per request (Kaspi logs by it): a time in microseconds, a process-wide counter.
    const requestId = `${Date.now()}${String(++sequence % 1000).padStart(3, '0')}`;
    let response: Response;
    try {
      response = await call(url, {
        method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'x-request-id': requestId,
          ...(options.apiKey ? { 'api-key': options.apiKey } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new ProviderUnavailable('kaspi', timedOut ? 'no answer in time' : 'could not be reached');
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new ProviderUnavailable('kaspi', `HTTP ${response.status}`);
    }
    const answer = (await response.json().catch(() => null)) as Envelope<T> | null;
    if (!answer || typeof answer.StatusCode !== 'number')
      throw new ProviderUnavailable('kaspi', `HTTP ${response.status} without its envelope`);
    if (answer.StatusCode === -999) throw new ProviderUnavailable('kaspi', 'service unavailable (−999)');
    if (answer.StatusCode !== 0) throw new KaspiRefused(answer.StatusCode, answer.Message);
    return answer.Data;
  }

  const withBin = <T extends object>(body: T) =>
    enhanced && options.organizationBin ? { ...body, OrganizationBin: options.organizationBin } : body;

  return {
    key: 'kaspi',
    async checkout(charge): Promise<ProviderCheckout> {
      const data = await request<LinkData>(
        'POST',
        `${base}/qr/create-link`,
        withBin({
          DeviceToken: options.deviceToken,
          Amount: tengeOf(charge.amountTiyn),
          ExternalId: charge.paymentId,
        }),
      );
      if (!data?.PaymentLink || data.PaymentId === undefined || data.PaymentId === null)
        throw new KaspiRefused(0, 'create-link answered without PaymentLink/PaymentId');
      const expires = new Date(data.ExpireDate);
      const interval = Number(data.PaymentBehaviorOptions?.StatusPollingInterval);
      return {
        providerRef: String(data.PaymentId),
        url: data.PaymentLink,
        qrToken: data.PaymentLink,
        // Kaspi decides how long its link lives; ours is only asked for when it says nothing.
        expiresAt: Number.isNaN(expires.getTime()) ? charge.expiresAt : expires,
        pollSeconds: Number.isFinite(interval) && interval >= 1 ? Math.round(interval) : DEFAULT_POLL_SECONDS,
      };
    },

    async status(payment): Promise<ProviderStatus> {
      if (!payment.providerRef) return { state: 'unknown', reason: 'no Kaspi payment id' };
      let data: StatusData | undefined;
      try {
        data = await request<StatusData>(
          'GET',
          `${statusBase}/payment/status/${encodeURIComponent(payment.providerRef)}`,
        );
      } catch (error) {
        if (error instanceof KaspiRefused && NOT_FOUND.has(error.code))
          return { state: 'unknown', reason: KASPI_CODES[error.code]! };
        throw error;
      }
      const status = data?.Status ?? '';
      if (PAID.has(status)) {
        const amount = typeof data?.Amount === 'number' ? tiynOf(data.Amount) : payment.amountTiyn;
        return {
          state: 'paid',
          transactionId: String(data?.TransactionId ?? payment.providerRef),
          amountTiyn: amount ?? Number.NaN,
          currency: 'KZT',
        };
      }
      if (status === 'Error') return { state: 'failed', reason: 'Kaspi: Error' };
      if (EXPIRED.has(status)) return { state: 'expired', reason: 'Kaspi: Expired' };
      if (CANCELLED.has(status)) return { state: 'cancelled', reason: `Kaspi: ${status}` };
      // QrTokenCreated, Wait, RemotePaymentCreated (WaitForRemotePayment, WaitingForPayment in one
      // OSS client), and any status we do not know: still waiting [verify].
      return { state: 'pending' };
    },

    async refund(refund): Promise<ProviderRefund> {
      if (!enhanced)
        return { state: 'unsupported', reason: 'Kaspi basic scheme: refund in the Kaspi Pay app' };
      if (!refund.providerRef) return { state: 'failed', reason: 'no Kaspi payment id' };
      try {
        const data = await request<{ ReturnOperationId?: number | string }>(
          'POST',
          `${base}/payment/return`,
          withBin({
            DeviceToken: options.deviceToken,
            QrPaymentId: Number(refund.providerRef),
            Amount: tengeOf(refund.amountTiyn),
          }),
        );
        return {
          state: 'done',
          providerRef: data?.ReturnOperationId ? String(data.ReturnOperationId) : null,
        };
      } catch (error) {
        if (error instanceof KaspiRefused) return { state: 'failed', reason: error.message };
        throw error;
      }
    },
  };
}
