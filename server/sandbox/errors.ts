import type { ResponseParameters } from '@grammyjs/types';

/** A Bot API failure exactly as Telegram reports it: `{ ok: false, error_code, description }`. */
export class BotApiError extends Error {
  readonly code: number;
  readonly parameters?: ResponseParameters;

  constructor(code: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }

  toResponse(): Response {
    const body = {
      ok: false,
      error_code: this.code,
      description: this.message,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.parameters?.retry_after) headers['retry-after'] = String(this.parameters.retry_after);
    return new Response(JSON.stringify(body), { status: this.code, headers });
  }
}

export const tooManyRequests = (seconds: number) =>
  new BotApiError(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });

export const chatNotFound = () => new BotApiError(400, 'Bad Request: chat not found');
export const blockedByUser = () => new BotApiError(403, 'Forbidden: bot was blocked by the user');

/** A user-side API failure: `{ ok: false, error }` with an HTTP status. */
export class UserApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
