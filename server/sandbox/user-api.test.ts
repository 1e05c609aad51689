import { request } from 'node:http';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedSandbox, serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient } from '../../tests/support/sandbox-user.ts';

let s: ServedSandbox;
let api: Api;
let users: SandboxClient;

beforeAll(async () => {
  s = await serveSandbox();
  api = new Api(s.sandbox.token, { apiRoot: s.apiRoot });
  users = new SandboxClient(s.url);
});
afterAll(() => s.stop());

describe('user-side API', () => {
  it('validates input and names unknown users', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${s.url}/sandbox/api${path}`, { method: 'POST', body: JSON.stringify(body) });
    const bad = await post('/users', { last_name: 'Нет имени' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, error: 'first_name is required' });
    expect((await post('/users/123/messages', { text: 'hi' })).status).toBe(404);
    const user = await users.user({ first_name: 'Проверка' });
    expect(
      (await post(`/users/${user.id}/messages`, { text: 'a', contact: { phone_number: '1' } })).status,
    ).toBe(400);
    expect((await post(`/users/${user.id}/messages`, { text: '   ' })).status).toBe(400);
    expect((await post(`/users/${user.id}/callbacks`, { message_id: 1, data: 'x' })).status).toBe(400);
    expect(user.id).toBeGreaterThanOrEqual(1e9);
    expect(user.id).toBeLessThan(2e9);
    const list = await users.request<{ users: { id: number }[] }>('GET', '/sandbox/api/users');
    expect(list.users.map((u) => u.id)).toContain(user.id);
  });

  it('refuses cross-site requests, so a web page elsewhere cannot move the clock or talk as a user', async () => {
    const before = await users.clock();
    const attempt = (headers: Record<string, string>) =>
      fetch(`${s.url}/sandbox/api/clock`, {
        method: 'POST',
        // text/plain: a "simple" request a browser sends cross-site without asking first.
        headers: { 'content-type': 'text/plain', ...headers },
        body: JSON.stringify({ advance_minutes: 600 }),
      });
    const fromElsewhere = await attempt({ origin: 'https://evil.example' });
    expect(fromElsewhere.status).toBe(403);
    expect(await fromElsewhere.json()).toEqual({
      ok: false,
      error: 'the sandbox user API refuses cross-site requests',
    });
    expect((await attempt({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await attempt({ 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:1' })).status).toBe(403);
    // A rebound DNS name pointing at this machine is not a name the sandbox answers to.
    // (fetch may not set Host, so plain node:http does.)
    const rebound = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(s.url);
      const req = request({
        port,
        host: '127.0.0.1',
        path: '/sandbox/api/users',
        headers: { host: 'evil.example' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    expect((await users.clock()).offsetMinutes).toBe(before.offsetMinutes);
    // The web chat's own page (same origin) and programs (no Origin) go on working.
    expect((await attempt({ origin: s.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('refuses to press a button that is not on the message', async () => {
    const user = await users.user({ first_name: 'Кнопка' });
    await user.send('/start');
    const sent = await api.sendMessage(user.id, 'choose', {
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
    });
    const response = await fetch(`${s.url}/sandbox/api/users/${user.id}/callbacks`, {
      method: 'POST',
      body: JSON.stringify({ message_id: sent.message_id, data: 'no' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: `message ${sent.message_id} has no button with this callback data`,
    });
  });

  it('moves the app clock forward (never back), and dates follow it', async () => {
    const before = await users.clock();
    const now = await users.advanceClock(24 * 60);
    expect(now.getTime() - before.now.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
    expect((await users.clock()).offsetMinutes).toBe(before.offsetMinutes + 24 * 60);
    for (const body of [{ advance_minutes: -5 }, { advance_minutes: 'soon' }, {}]) {
      const response = await fetch(`${s.url}/sandbox/api/clock`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    }
    const user = await users.user({ first_name: 'Часы' });
    await user.send('/start');
    const sent = await api.sendMessage(user.id, 'tomorrow already');
    expect(sent.date * 1000).toBeGreaterThanOrEqual(now.getTime() - 1000);
    expect(new Date((await user.expectMessage()).date).getTime()).toBe(sent.date * 1000);
  });

  it('long-polls the chat view and reports edits of older messages', async () => {
    const user = await users.user({ first_name: 'Ожидание' });
    await user.send('/start');
    const sent = await api.sendMessage(user.id, 'v1');
    await user.expectMessage('v1');
    const chat = `/sandbox/api/users/${user.id}/chat?after=${sent.message_id}`;
    const { edit_seq } = await users.request<{ edit_seq: number }>('GET', chat);
    const waiting = users.request<{ messages: { message_id: number; text: string; edited?: boolean }[] }>(
      'GET',
      `${chat}&edits_after=${edit_seq}&wait=10`,
    );
    await api.editMessageText(user.id, sent.message_id, 'v2');
    const { messages } = await waiting;
    expect(messages).toEqual([
      expect.objectContaining({ message_id: sent.message_id, text: 'v2', edited: true }),
    ]);
    await user.expectNoMessage(150);
  });
});
