import { setTimeout as sleep } from 'node:timers/promises';
import type { EmhanaClient } from '../../server/client.ts';
import type { TestApp } from './app.ts';

/** A staff account with its own Telegram chat (where test sends go), signed in. */
export async function staffWithChat(t: TestApp, roles: ('admin' | 'marketer')[], username: string) {
  const admin = t.client(await t.tokenFor('admin'));
  const user = await t.sandbox.user({ first_name: username, language_code: 'ru' });
  // Telegram lets a bot write only to someone who wrote to it first.
  await user.send('/start');
  await user.expectMessage();
  const account = await admin.staff.create.mutate({
    username,
    displayName: username,
    password: 'long-password-1',
    roles,
  });
  await admin.staff.update.mutate({ id: account.id, telegramUserId: user.id });
  const { token } = await t.client().auth.login.mutate({ username, password: 'long-password-1' });
  return { api: t.client(token), user };
}

/** Runs the due jobs until the broadcast is done (or cancelled); its final state. */
export async function settle(t: TestApp, broadcastId: number, api: EmhanaClient) {
  for (let i = 0; i < 200; i++) {
    const b = await api.broadcasts.staff.get.query({ broadcastId });
    if (b.state === 'done' || b.state === 'cancelled') return b;
    await t.app.runDue();
    await sleep(50);
  }
  throw new Error('broadcast did not finish');
}
