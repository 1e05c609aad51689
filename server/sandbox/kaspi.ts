import { randomBytes, randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { SandboxCore } from './core.ts';
import { sleep } from './notifier.ts';
import { type PayState, payLanguage, payPage, payTexts, statusLine } from './pay-page.ts';

/**
 * A stand-in for Kaspi's QR merchant API, basic scheme (what ../shared/integrations/payments.md
 * §1.3–1.5 reconstructs), at /sandbox/kaspi/r1/v01/… with the status at /sandbox/kaspi/r1/v02/…:
 * the app's real Kaspi adapter talks to it when no Kaspi key is configured. Same paths, fields,
 * envelope `{StatusCode, Message, Data}`, status values and error codes; the `Api-Key` header is
 * checked (a wrong one: −10000, our choice, as the basic scheme's own code is not known) and so is
 * the DeviceToken (−1501). The emulator calls of Kaspi's test environment (/test/payment/scan,
 * /confirm, /scanerror, /confirmerror, body `{QrPaymentId}`, [OSS]) move a payment along, and a
 * pay page at the PaymentLink (/sandbox/kaspi/pay/<id>) lets a person pay, decline, or let it run
 * out by the sandbox clock. Faults come from the sandbox's fault API under the method names
 * `KaspiCreateLink`, `KaspiCreateQr` and `KaspiStatus`: 500, 429, timeout, `unavailable` (−999)
 * and, for the status, `wait` (it says Wait whatever happened). Status requests are counted by the
 * real second (GET /sandbox/kaspi/test/stats) so a benchmark can show the rate it was asked at.
 * State lives in memory only: a restarted sandbox forgets its Kaspi payments.
 */
export const KASPI_SANDBOX = {
  /** How often the stand-in asks to be polled (seconds). */
  pollSeconds: 5,
  /** How long a link takes money (LinkActivationWaitTimeout, seconds). */
  linkSeconds: 15 * 60,
  confirmSeconds: 65,
};

const CODES = {
  auth: { code: -10000, message: 'Invalid Api-Key' },
  device: { code: -1501, message: 'Device not found' },
  notFound: { code: -1601, message: 'Purchase not found' },
  wrongPurchase: { code: -99000011, message: 'Wrong purchase' },
  amount: { code: 990000028, message: 'Wrong amount' },
  unavailable: { code: -999, message: 'Service unavailable' },
} as const;

interface KaspiPayment {
  id: number;
  externalId: string;
  /** Tenge, as asked. */
  amount: number;
  /** What the status reports as paid (the emulator may say the payer paid another sum). */
  paidAmount: number;
  status: string;
  expiresAt: number;
  transactionId: string | null;
}

export interface KaspiStandIn {
  apiKey: string;
  deviceToken: string;
  api: Hono;
}

const WAITING = new Set(['QrTokenCreated', 'Wait']);
const STATS_KEEP = 200_000;

export function kaspiStandIn(core: SandboxCore): KaspiStandIn {
  const apiKey = `sbx-kaspi-${randomBytes(16).toString('hex')}`;
  const deviceToken = randomUUID();
  const payments = new Map<number, KaspiPayment>();
  const byExternal = new Map<string, number>();
  let nextId = 700_000_001;
  /** Real-time arrival (ms) of each status request, for the rate a benchmark reports. */
  let statusHits: number[] = [];
  let calls = 0;

  const envelope = (c: Context, code: number, data?: unknown, message?: string) =>
    c.json({
      StatusCode: code,
      ...(message ? { Message: message } : {}),
      ...(data === undefined ? {} : { Data: data }),
    });
  const refuse = (c: Context, error: { code: number; message: string }) =>
    envelope(c, error.code, undefined, error.message);

  /** The status now: a link nobody paid runs out by the sandbox clock. */
  const current = (p: KaspiPayment): string => {
    if (WAITING.has(p.status) && core.clock.now().getTime() >= p.expiresAt) p.status = 'Expired';
    return p.status;
  };

  /** A fault the test queued for this method, answered as Kaspi or the network would; null for none. */
  const faulted = async (c: Context, method: string): Promise<Response | 'wait' | null> => {
    const fault = core.faults.take(method);
    if (!fault) return null;
    if (fault.kind === '500') return c.json({ error: 'Internal Server Error' }, 500);
    if (fault.kind === '429') return c.json({ error: 'Too Many Requests' }, 429);
    if (fault.kind === 'unavailable') return refuse(c, CODES.unavailable);
    if (fault.kind === 'wait') return 'wait';
    await sleep(120_000, AbortSignal.any([c.req.raw.signal, core.closing.signal]));
    return c.json({ error: 'Gateway Timeout' }, 504);
  };

  const body = async (c: Context): Promise<Record<string, unknown>> => {
    const text = await c.req.text();
    if (text.length > 10_000) return {};
    try {
      const value = JSON.parse(text || '{}') as unknown;
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };

  const api = new Hono();
  // Kaspi checks the key before anything else (our reading of the basic scheme).
  api.use('/r1/*', async (c, next) => {
    calls += 1;
    if (c.req.header('api-key') !== apiKey) return refuse(c, CODES.auth);
    await next();
  });

  const create = (kind: 'link' | 'qr') => async (c: Context) => {
    const fault = await faulted(c, kind === 'link' ? 'KaspiCreateLink' : 'KaspiCreateQr');
    if (fault instanceof Response) return fault;
    const input = await body(c);
    if (input.DeviceToken !== deviceToken) return refuse(c, CODES.device);
    const amount = input.Amount;
    if (typeof amount !== 'number' || !(amount > 0) || Math.round(amount * 100) !== amount * 100)
      return refuse(c, CODES.amount);
    const externalId = typeof input.ExternalId === 'string' ? input.ExternalId : null;
    // The same ExternalId is the same purchase (our reading: Kaspi's idempotency key).
    let payment = externalId ? payments.get(byExternal.get(externalId) ?? 0) : undefined;
    if (!payment) {
      payment = {
        id: nextId++,
        externalId: externalId ?? '',
        amount,
        paidAmount: amount,
        status: 'QrTokenCreated',
        expiresAt: core.clock.now().getTime() + KASPI_SANDBOX.linkSeconds * 1000,
        transactionId: null,
      };
      payments.set(payment.id, payment);
      if (externalId) byExternal.set(externalId, payment.id);
    }
    const expireDate = new Date(payment.expiresAt).toISOString();
    if (kind === 'qr')
      return envelope(c, 0, {
        QrToken: `https://qr.kaspi.kz/sandbox/${payment.id}`,
        ExpireDate: expireDate,
        QrPaymentId: payment.id,
        PaymentMethods: ['Gold', 'Red', 'Loan'],
        QrPaymentBehaviorOptions: {
          StatusPollingInterval: KASPI_SANDBOX.pollSeconds,
          QrCodeScanWaitTimeout: KASPI_SANDBOX.linkSeconds,
          PaymentConfirmationTimeout: KASPI_SANDBOX.confirmSeconds,
        },
      });
    return envelope(c, 0, {
      // The pay page on the host the adapter called (the server's own address in sandbox mode).
      PaymentLink: `${new URL(c.req.url).origin}/sandbox/kaspi/pay/${payment.id}`,
      ExpireDate: expireDate,
      PaymentId: payment.id,
      PaymentMethods: ['Gold', 'Red', 'Loan'],
      PaymentBehaviorOptions: {
        StatusPollingInterval: KASPI_SANDBOX.pollSeconds,
        LinkActivationWaitTimeout: KASPI_SANDBOX.linkSeconds,
        PaymentConfirmationTimeout: KASPI_SANDBOX.confirmSeconds,
      },
    });
  };
  api.post('/r1/v01/qr/create-link', create('link'));
  api.post('/r1/v01/qr/create', create('qr'));

  api.get('/r1/v02/payment/status/:id', async (c) => {
    statusHits.push(performance.now());
    if (statusHits.length > STATS_KEEP) statusHits = statusHits.slice(-STATS_KEEP / 2);
    const fault = await faulted(c, 'KaspiStatus');
    if (fault instanceof Response) return fault;
    const payment = payments.get(Number(c.req.param('id')));
    if (!payment) return refuse(c, CODES.notFound);
    if (fault === 'wait') return envelope(c, 0, { Status: 'Wait' });
    const status = current(payment);
    return envelope(c, 0, {
      Status: status,
      ...(status === 'Processed'
        ? { TransactionId: payment.transactionId, Amount: payment.paidAmount, ProductType: 'Gold' }
        : {}),
      StoreName: 'Emhana sandbox',
      City: 'Алматы',
    });
  });

  /** The emulator: what a buyer's app would do, as Kaspi's test environment offers it. */
  const emulate = (step: 'scan' | 'confirm' | 'scanerror' | 'confirmerror') => async (c: Context) => {
    const input = await body(c);
    const payment = payments.get(Number(input.QrPaymentId));
    if (!payment) return refuse(c, CODES.notFound);
    const outcome = move(payment, step, typeof input.Amount === 'number' ? input.Amount : undefined);
    return outcome ? refuse(c, outcome) : envelope(c, 0, {});
  };
  const move = (
    payment: KaspiPayment,
    step: 'scan' | 'confirm' | 'scanerror' | 'confirmerror' | 'cancel',
    paidAmount?: number,
  ): { code: number; message: string } | null => {
    const status = current(payment);
    if (step === 'scan' || step === 'scanerror') {
      if (status !== 'QrTokenCreated') return CODES.wrongPurchase;
      payment.status = step === 'scan' ? 'Wait' : 'Error';
      return null;
    }
    if (status !== 'Wait') return CODES.wrongPurchase;
    if (step === 'confirm') {
      payment.status = 'Processed';
      payment.transactionId = String(900_000_000 + payment.id);
      // Sandbox only: the sum the status will report, for a test of a payer who paid another.
      if (paidAmount !== undefined) payment.paidAmount = paidAmount;
    } else payment.status = step === 'cancel' ? 'CancelledByUser' : 'Error';
    return null;
  };
  for (const step of ['scan', 'confirm', 'scanerror', 'confirmerror'] as const)
    api.post(`/r1/v01/test/payment/${step}`, emulate(step));

  // The pay page a person reaches from the bot's button or QR, in the payer's language.
  api.get('/pay/:id', (c) => {
    const language = payLanguage(c.req.raw);
    const t = payTexts(language);
    const payment = payments.get(Number(c.req.param('id')));
    if (!payment) return c.html(payPage(KASPI_LOOK, language, 'Kaspi', `<p>${t.notFound}</p>`), 404);
    const status = current(payment);
    const open = WAITING.has(status);
    const expires = new Date(payment.expiresAt).toISOString().replace('T', ' ').slice(0, 16);
    const action = (step: string) => `/sandbox/kaspi/pay/${payment.id}/${step}?lang=${language}`;
    return c.html(
      payPage(
        KASPI_LOOK,
        language,
        `Kaspi № ${payment.id}`,
        `<p class="sum">${payment.amount.toLocaleString('ru-RU')} ₸</p>
         ${statusLine(t, KASPI_STATES[status] ?? 'failed', status)}
         ${
           open
             ? `<p>${t.validUntil} ${expires} UTC (${t.sandboxClock})</p>
                <form method="post" action="${action('pay')}"><button id="pay">${t.pay}</button></form>
                <form method="post" action="${action('decline')}"><button id="decline">${t.decline}</button></form>`
             : ''
         }`,
        `/sandbox/kaspi/pay/${payment.id}`,
      ),
    );
  });
  api.post('/pay/:id/:action{pay|decline}', (c) => {
    const language = payLanguage(c.req.raw);
    const payment = payments.get(Number(c.req.param('id')));
    if (!payment)
      return c.html(payPage(KASPI_LOOK, language, 'Kaspi', `<p>${payTexts(language).notFound}</p>`), 404);
    if (current(payment) === 'QrTokenCreated') move(payment, 'scan');
    move(payment, c.req.param('action') === 'pay' ? 'confirm' : 'cancel');
    return c.redirect(`/sandbox/kaspi/pay/${payment.id}?lang=${language}`, 303);
  });

  // Sandbox only: the status requests it was sent, for benchmarks (not a Kaspi path).
  api.get('/test/stats', (c) => {
    const hits = statusHits;
    let maxPerSecond = 0;
    for (let i = 0, j = 0; j < hits.length; j++) {
      while (hits[j]! - hits[i]! >= 1000) i++;
      maxPerSecond = Math.max(maxPerSecond, j - i + 1);
    }
    return c.json({
      calls,
      statusRequests: hits.length,
      maxStatusPerSecond: maxPerSecond,
      payments: payments.size,
    });
  });
  api.delete('/test/stats', (c) => {
    statusHits = [];
    calls = 0;
    return c.json({ ok: true });
  });
  api.all('*', (c) => c.json({ StatusCode: -1, Message: 'Unknown method' }, 404));
  return { apiKey, deviceToken, api };
}

const KASPI_LOOK = { name: 'Kaspi', colour: '#f14635' };

/** Kaspi's statuses as the payer reads them (an unknown one reads as an error). */
const KASPI_STATES: Record<string, PayState> = {
  QrTokenCreated: 'waiting',
  Wait: 'waiting',
  Processed: 'paid',
  CancelledByUser: 'declined',
  Error: 'failed',
  Expired: 'expired',
};
