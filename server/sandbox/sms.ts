import { type Context, Hono } from 'hono';
import { BodyTooLarge, readLimitedText } from '../../shared/body.ts';
import type { SandboxCore } from './core.ts';
import { BODY_LIMITS } from './limits.ts';
import { sleep } from './notifier.ts';

/**
 * A stand-in for Mobizon's HTTP API (what ../shared/integrations/sms.md describes), at
 * /sandbox/mobizon/service/<Module>/<Method>: the app's real Mobizon adapter sends its codes here
 * when no SMS provider is configured, and a person reads them in the web chat (the user's phone is
 * the one Telegram knows). Same paths, fields and envelope as Mobizon: `apiKey` in the query, the
 * form fields `recipient` (digits, no plus), `text`, optional `from`, and `{ code, data, message }`
 * answers with code 0 for success. Faults come from the sandbox's fault API under the method name
 * `SendSmsMessage` (500, 429, or a hang). The error codes other than 0 are our choice: Mobizon's
 * exact numbers are not confirmed, and the adapter does not depend on them.
 */
export const SMS_ERRORS = {
  /** An unknown or missing API key. */
  auth: { code: 8, message: 'Wrong API key' },
  /** A recipient that is not a phone number, or an empty text. */
  invalid: { code: 1, message: 'Validation error' },
} as const;

const envelope = (c: Context, code: number, data: unknown, message = '') => c.json({ code, data, message });
const failure = (c: Context, status: 404 | 413 | 429 | 500 | 504, message: string) =>
  c.json({ code: status, data: '', message }, status);

/** The call's fields, from a form or JSON body read within the limit; null when it is over. */
async function formOf(req: Request): Promise<URLSearchParams | null> {
  let text: string;
  try {
    text = await readLimitedText(req, BODY_LIMITS.sms);
  } catch (error) {
    if (error instanceof BodyTooLarge) return null;
    throw error;
  }
  if ((req.headers.get('content-type') ?? '').includes('application/json')) {
    const body = JSON.parse(text || '{}') as Record<string, unknown>;
    return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
  }
  return new URLSearchParams(text);
}

/** The stand-in as a Hono router, mounted at /sandbox/mobizon; any HTTP method, as before. */
export function mobizonApi(core: SandboxCore): Hono {
  const api = new Hono();
  // Mobizon checks the key before it looks at the method.
  api.use(async (c, next) => {
    if (c.req.query('apiKey') !== core.store.smsKey)
      return envelope(c, SMS_ERRORS.auth.code, '', SMS_ERRORS.auth.message);
    await next();
  });
  api.all('/service/Message/SendSmsMessage', async (c) => {
    const fault = core.faults.take('SendSmsMessage');
    if (fault?.kind === '500') return failure(c, 500, 'Internal error');
    if (fault?.kind === '429') return failure(c, 429, 'Too many requests');
    if (fault?.kind === 'timeout') {
      await sleep(120_000, c.req.raw.signal);
      return failure(c, 504, 'Timeout');
    }
    const form = await formOf(c.req.raw);
    if (!form) return failure(c, 413, 'Request Entity Too Large');
    const recipient = (form.get('recipient') ?? '').replace(/\D/g, '');
    const text = form.get('text') ?? '';
    if (!/^\d{11,15}$/.test(recipient) || !text.trim() || text.length > 1000)
      return envelope(c, SMS_ERRORS.invalid.code, '', SMS_ERRORS.invalid.message);
    const record = {
      id: (core.store.sms.at(-1)?.id ?? 0) + 1,
      recipient,
      text,
      ...(form.get('from') ? { from: form.get('from')! } : {}),
      at: core.clock.now().toISOString(),
    };
    core.store.addSms(record);
    core.smsArrived.notify(recipient);
    return envelope(c, 0, {
      campaignId: String(100_000 + record.id),
      messageId: String(record.id),
      status: 1,
    });
  });
  api.all('/service/Message/GetSMSStatus', async (c) => {
    const form = await formOf(c.req.raw);
    if (!form) return failure(c, 413, 'Request Entity Too Large');
    const ids = [...form.entries()].filter(([k]) => k.startsWith('ids')).map(([, v]) => Number(v));
    const known = new Set(core.store.sms.map((m) => m.id));
    return envelope(
      c,
      0,
      ids.filter((id) => known.has(id)).map((id) => ({ id: String(id), status: 'DELIVRD', segNum: '1' })),
    );
  });
  api.all('/service/User/GetOwnBalance', (c) => envelope(c, 0, { balance: '1000.0000', currency: 'KZT' }));
  api.all('*', (c) => failure(c, 404, 'Unknown method'));
  return api;
}

/** The SMS a phone received, newer than `after` (the user API and the web chat read them). */
export async function smsFor(
  core: SandboxCore,
  phone: string,
  after: number,
  waitSeconds: number,
  signal: AbortSignal,
) {
  const recipient = phone.replace(/\D/g, '');
  const deadline = performance.now() + waitSeconds * 1000;
  const slice = () => core.store.sms.filter((m) => m.recipient === recipient && m.id > after);
  let messages = slice();
  while (!messages.length && !signal.aborted && !core.smsArrived.closed) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    await core.smsArrived.wait(recipient, left, signal);
    messages = slice();
  }
  return messages;
}
