import type { ModulePorts } from '../../shared/module.ts';

/** The port as the patients module declares it: the server implements it, knowing no module. */
type SmsSender = NonNullable<ModulePorts['sms']>;
type SmsOutcome = Awaited<ReturnType<SmsSender['send']>>;

export interface MobizonOptions {
  /** The API host for the country, e.g. https://api.mobizon.kz (or the sandbox's stand-in). */
  apiUrl: string;
  apiKey: string;
  /** An approved sender name; without it Mobizon uses the account's default. */
  from?: string;
  /** How long one call may take before it counts as a transient failure. */
  timeoutMs?: number;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/**
 * Mobizon (serves Kazakhstan at api.mobizon.kz), the SMS provider for one-time codes. Its API is a
 * path per method, `/service/Message/SendSmsMessage`, with the key as the `apiKey` query parameter,
 * form fields `recipient` (international digits, no plus) and `text`, and a JSON envelope
 * `{ code, data, message }` where code 0 is success. Any other code is a refusal we do not retry
 * (a wrong key, a number it will not take); a 5xx, a 429, a timeout or an unreadable answer is
 * transient and retried by the job queue. Phones and texts are never logged.
 */
export function mobizonSender(options: MobizonOptions): SmsSender {
  const base = options.apiUrl.replace(/\/+$/, '');
  const call = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(phone: string, text: string): Promise<SmsOutcome> {
      const query = new URLSearchParams({ output: 'json', api: 'v1', apiKey: options.apiKey });
      const body = new URLSearchParams({ recipient: phone.replace(/\D/g, ''), text });
      if (options.from) body.set('from', options.from);
      let response: Response;
      try {
        response = await call(`${base}/service/Message/SendSmsMessage?${query}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: body.toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        return {
          ok: false,
          kind: 'transient',
          description: timedOut ? 'Mobizon did not answer in time' : 'Mobizon could not be reached',
        };
      }
      if (response.status >= 500 || response.status === 429) {
        await response.body?.cancel();
        return { ok: false, kind: 'transient', description: `Mobizon answered HTTP ${response.status}` };
      }
      const answer = (await response.json().catch(() => null)) as {
        code?: unknown;
        data?: { messageId?: unknown } | string;
        message?: unknown;
      } | null;
      if (!answer || typeof answer.code !== 'number')
        return {
          ok: false,
          kind: 'transient',
          description: `Mobizon answered HTTP ${response.status} without its envelope`,
        };
      if (answer.code === 0) {
        const id = typeof answer.data === 'object' && answer.data ? String(answer.data.messageId ?? '') : '';
        return { ok: true, id };
      }
      return {
        ok: false,
        kind: 'rejected',
        description: `Mobizon refused it: code ${answer.code}${typeof answer.message === 'string' && answer.message ? ` (${answer.message})` : ''}`,
      };
    },
  };
}
