import { json } from './bot-api.ts';
import type { SandboxCore } from './core.ts';
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

const envelope = (code: number, data: unknown, message = '') => json(200, { code, data, message });

async function formOf(req: Request): Promise<URLSearchParams> {
  const text = await req.text();
  if ((req.headers.get('content-type') ?? '').includes('application/json')) {
    const body = JSON.parse(text || '{}') as Record<string, unknown>;
    return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
  }
  return new URLSearchParams(text);
}

export async function handleMobizon(core: SandboxCore, req: Request, path: string): Promise<Response> {
  const url = new URL(req.url);
  if (url.searchParams.get('apiKey') !== core.store.smsKey)
    return envelope(SMS_ERRORS.auth.code, '', SMS_ERRORS.auth.message);
  const method = /^\/service\/([A-Za-z]+)\/([A-Za-z]+)$/.exec(path);
  if (!method) return json(404, { code: 404, data: '', message: 'Unknown method' });
  const [, module, name] = method;
  if (module === 'Message' && name === 'SendSmsMessage') {
    const fault = core.faults.take('SendSmsMessage');
    if (fault?.kind === '500') return json(500, { code: 500, data: '', message: 'Internal error' });
    if (fault?.kind === '429') return json(429, { code: 429, data: '', message: 'Too many requests' });
    if (fault?.kind === 'timeout') {
      await sleep(120_000, req.signal);
      return json(504, { code: 504, data: '', message: 'Timeout' });
    }
    const form = await formOf(req);
    const recipient = (form.get('recipient') ?? '').replace(/\D/g, '');
    const text = form.get('text') ?? '';
    if (!/^\d{11,15}$/.test(recipient) || !text.trim() || text.length > 1000)
      return envelope(SMS_ERRORS.invalid.code, '', SMS_ERRORS.invalid.message);
    const record = {
      id: (core.store.sms.at(-1)?.id ?? 0) + 1,
      recipient,
      text,
      ...(form.get('from') ? { from: form.get('from')! } : {}),
      at: core.clock.now().toISOString(),
    };
    core.store.sms.push(record);
    core.store.changed();
    core.smsArrived.notify(recipient);
    return envelope(0, { campaignId: String(100_000 + record.id), messageId: String(record.id), status: 1 });
  }
  if (module === 'Message' && name === 'GetSMSStatus') {
    const form = await formOf(req);
    const ids = [...form.entries()].filter(([k]) => k.startsWith('ids')).map(([, v]) => Number(v));
    const known = new Set(core.store.sms.map((m) => m.id));
    return envelope(
      0,
      ids.filter((id) => known.has(id)).map((id) => ({ id: String(id), status: 'DELIVRD', segNum: '1' })),
    );
  }
  if (module === 'User' && name === 'GetOwnBalance')
    return envelope(0, { balance: '1000.0000', currency: 'KZT' });
  return json(404, { code: 404, data: '', message: 'Unknown method' });
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
