import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedSandbox, serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient } from '../../tests/support/sandbox-user.ts';
import { mobizonSender } from './mobizon.ts';

/**
 * The Mobizon adapter against the sandbox's stand-in of Mobizon's published contract, over real
 * HTTP: what it sends, what it makes of each answer, and that a failure is told apart from a
 * refusal (the first is retried, the second is not).
 */
let s: ServedSandbox;
let users: SandboxClient;
beforeAll(async () => {
  s = await serveSandbox();
  users = new SandboxClient(s.url);
});
afterAll(() => s.stop());

const sender = (overrides: Partial<Parameters<typeof mobizonSender>[0]> = {}) =>
  mobizonSender({ apiUrl: `${s.url}/sandbox/mobizon`, apiKey: s.sandbox.smsApiKey, ...overrides });

describe('Mobizon', () => {
  it('sends a text to a Kazakh number, and the phone receives it', async () => {
    const outcome = await sender({ from: 'Emhana' }).send('+7 701 765 43 21', 'Emhana: код 123456');
    expect(outcome).toMatchObject({ ok: true });
    const [sms] = await users.sms('+77017654321');
    expect(sms).toMatchObject({ recipient: '77017654321', text: 'Emhana: код 123456' });
  });

  it('reports a wrong key and a number Mobizon will not take as refusals', async () => {
    expect(await sender({ apiKey: 'not-the-key-at-all' }).send('+77017654321', 'x')).toMatchObject({
      ok: false,
      kind: 'rejected',
      description: 'Mobizon refused it: code 8 (Wrong API key)',
    });
    expect(await sender().send('12345', 'x')).toMatchObject({ ok: false, kind: 'rejected' });
  });

  it('reports a server error, a flood answer and a hang as transient, and sends nothing then', async () => {
    const before = (await users.sms('+77017654322')).length;
    await users.fault({ method: 'SendSmsMessage', kind: '500', count: 1 });
    expect(await sender().send('+77017654322', 'x')).toMatchObject({ ok: false, kind: 'transient' });
    await users.fault({ method: 'SendSmsMessage', kind: '429', count: 1 });
    expect(await sender().send('+77017654322', 'x')).toMatchObject({ ok: false, kind: 'transient' });
    await users.fault({ method: 'SendSmsMessage', kind: 'timeout', count: 1 });
    expect(await sender({ timeoutMs: 300 }).send('+77017654322', 'x')).toMatchObject({
      ok: false,
      kind: 'transient',
      description: 'Mobizon did not answer in time',
    });
    expect(await users.sms('+77017654322')).toHaveLength(before);
    // The next call goes through.
    expect(await sender().send('+77017654322', 'x')).toMatchObject({ ok: true });
  });

  it('treats an unreachable host as transient', async () => {
    const outcome = await mobizonSender({ apiUrl: 'http://127.0.0.1:9', apiKey: 'k' }).send(
      '+77017654321',
      'x',
    );
    expect(outcome).toMatchObject({
      ok: false,
      kind: 'transient',
      description: 'Mobizon could not be reached',
    });
  });
});
