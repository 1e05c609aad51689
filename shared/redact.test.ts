import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { REDACTED, redactSecrets, webhookPathSecrets } from './redact.ts';

const botToken = '7412369850:AAH3kq9ZxV2mPq8rT4sW6yB1nC5dE7fG0hJ';
const sandboxToken = '8000000001:AAabcdefghijklmnopqrstuvwxyz0123456';
const reader = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const signed = 'eyJhbGciOiJIUzI1NiJ9.eyJsIjo0Mn0.c2lnbmF0dXJlLXBhcnQ';
const payId = '5b0e6a7c-2f43-4a1b-9c8d-1e2f3a4b5c6d';

describe('redactSecrets: the addresses that carry a token', () => {
  it.each([
    ['a Bot API path at the root', `/bot${botToken}/sendMessage`, `/bot7412369850:${REDACTED}/sendMessage`],
    [
      'the sandbox Bot API path',
      `/sandbox/bot${sandboxToken}/getUpdates`,
      `/sandbox/bot8000000001:${REDACTED}/getUpdates`,
    ],
    [
      'a percent-encoded colon',
      `/bot7412369850%3A${botToken.split(':')[1]}/getMe`,
      `/bot7412369850%3A${REDACTED}/getMe`,
    ],
    [
      'a Bot API file path',
      `/file/bot${sandboxToken}/documents/1.pdf`,
      `/file/bot8000000001:${REDACTED}/documents/1.pdf`,
    ],
    ['a broadcast tap link', `/b/${reader}/2`, `/b/${REDACTED}/2`],
    ['a signed document link', `/documents/d/${signed}`, `/documents/d/${REDACTED}`],
    ['a signed document file', `/documents/d/${signed}/file`, `/documents/d/${REDACTED}/file`],
    ['a verification code', '/verify/AB12-CD34-EF56', `/verify/${REDACTED}`],
    [
      'a verification code typed in the form',
      '/verify?code=AB12CD34&lang=kk',
      `/verify?code=${REDACTED}&lang=kk`,
    ],
    ['a Kaspi pay page', `/sandbox/kaspi/pay/${payId}/pay`, `/sandbox/kaspi/pay/${REDACTED}/pay`],
    [
      'a Halyk pay page',
      `http://127.0.0.1:3000/sandbox/halyk/pay/${payId}`,
      `http://127.0.0.1:3000/sandbox/halyk/pay/${REDACTED}`,
    ],
  ])('%s', (_kind, path, expected) => {
    expect(redactSecrets(path)).toBe(expected);
  });

  it('blanks a short token only where it sits, not every digit like it in the line', () => {
    expect(redactSecrets('{"pid":12,"path":"/b/1/2"}')).toBe(`{"pid":12,"path":"/b/${REDACTED}/2"}`);
  });

  it('leaves paths without a secret as they are', () => {
    for (const path of [
      '/healthz',
      '/trpc/booking.slots,patients.me',
      '/sandbox/groups',
      '/verify',
      '/console/',
    ])
      expect(redactSecrets(path)).toBe(path);
  });

  it('blanks the same token wherever else the line repeats it (a database error quoting it)', () => {
    const line = JSON.stringify({
      path: `/b/${reader}/1`,
      err: {
        message: `select * from "broadcasts_recipient" where "token" = '${reader}' - relation does not exist`,
      },
    });
    expect(redactSecrets(line)).not.toContain(reader);
  });

  it('blanks a bot token outside any path, and the secrets configuration names', () => {
    expect(redactSecrets(`token ${botToken} refused`)).not.toContain(botToken.split(':')[1]);
    const hook = 'https://clinic.example/telegram/Zq8vR2mX4kP9sL1tW7yB';
    const secrets = webhookPathSecrets(hook);
    expect(secrets).toEqual(['Zq8vR2mX4kP9sL1tW7yB']);
    expect(redactSecrets('/telegram/Zq8vR2mX4kP9sL1tW7yB', secrets)).toBe(`/telegram/${REDACTED}`);
    // A plain webhook path is no secret.
    expect(webhookPathSecrets('https://clinic.example/telegram/webhook')).toEqual([]);
  });
});

describe('createLogger', () => {
  it('writes no token in any field of a line', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', { destination, secrets: ['configured-secret-value'] });
    log.error(
      {
        err: new Error(`GET http://127.0.0.1/sandbox/bot${sandboxToken}/getMe failed`),
        path: `/b/${reader}/0`,
      },
      'request failed with configured-secret-value',
    );
    const line = lines.join('');
    expect(line).toContain('request failed');
    for (const secret of [sandboxToken.split(':')[1]!, reader, 'configured-secret-value'])
      expect(line).not.toContain(secret);
  });
});
