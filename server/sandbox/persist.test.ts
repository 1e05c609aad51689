import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, InputFile } from 'grammy';
import { afterAll, expect, it } from 'vitest';
import { serveSandbox } from '../../tests/support/sandbox-server.ts';
import { SandboxClient } from '../../tests/support/sandbox-user.ts';

const dir = mkdtempSync(join(tmpdir(), 'emhana-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps token, users, chats, commands and files across a restart when given a persist file', async () => {
  const persistFile = join(dir, 'sandbox.json');
  const first = await serveSandbox({ persistFile });
  const api = new Api(first.sandbox.token, { apiRoot: first.apiRoot });
  const user = await new SandboxClient(first.url).user({ first_name: 'Сохранённый', language_code: 'ru' });
  await user.send('/start');
  await api.sendMessage(user.id, 'remembered');
  const doc = await api.sendDocument(user.id, new InputFile(new TextEncoder().encode('PDF bytes'), 'a.pdf'));
  await api.setMyCommands([{ command: 'start', description: 'Начать' }]);
  const token = first.sandbox.token;
  await first.stop();

  const second = await serveSandbox({ persistFile });
  try {
    expect(second.sandbox.token).toBe(token);
    const again = new Api(second.sandbox.token, { apiRoot: second.apiRoot });
    expect(await again.getMyCommands()).toEqual([{ command: 'start', description: 'Начать' }]);
    const pending = await again.getUpdates({ timeout: 0 });
    expect(pending.map((u) => u.message?.text)).toEqual(['/start']);
    const client = new SandboxClient(second.url);
    const { messages } = await client.request<{ messages: { text?: string; document?: { url: string } }[] }>(
      'GET',
      `/sandbox/api/users/${user.id}/chat`,
    );
    expect(messages.map((m) => m.text ?? m.document?.url.split('/').pop())).toEqual([
      '/start',
      'remembered',
      'a.pdf',
    ]);
    const file = await again.getFile(doc.document.file_id);
    const bytes = await fetch(`${second.apiRoot}/file/bot${token}/${file.file_path}`).then((r) => r.text());
    expect(bytes).toBe('PDF bytes');
    await again.sendMessage(user.id, 'after restart');
  } finally {
    await second.stop();
  }
});
