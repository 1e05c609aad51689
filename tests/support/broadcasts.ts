import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { EmhanaClient } from '../../server/client.ts';
import type { TestApp } from './app.ts';
import { registerPatient } from './patients.ts';
import type { SandboxUser } from './sandbox-user.ts';

/**
 * Broadcast tests' common steps: staff with their own chats (test sends go there), readers
 * registered in bulk, a broadcast taken from draft to sending the way staff do it, and reading
 * what reached each chat from the sandbox, once everything in flight has settled.
 */

/** A staff account with its own Telegram chat (where test sends go), signed in. */
export async function staffWithChat(
  t: TestApp,
  roles: ('admin' | 'marketer')[],
  username: string,
  options: { botAnswers?: boolean } = {},
): Promise<{ api: EmhanaClient; user: SandboxUser }> {
  const admin = t.client(await t.tokenFor('admin'));
  const user = await t.sandbox.user({ first_name: username, language_code: 'ru' });
  // Telegram lets a bot write only to someone who wrote to it first.
  await user.send('/start');
  if (options.botAnswers ?? true) await user.expectMessage();
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

/** Names take letters only: the n-th reader's name ends in its own two letters. */
const LETTERS = 'абвгдежзиклмнопрстуфхцчшэюя';
const suffix = (n: number) =>
  `${LETTERS[Math.floor(n / LETTERS.length) % LETTERS.length]}${LETTERS[n % LETTERS.length]}`;

export interface Reader {
  user: SandboxUser;
  patientId: number;
  language: 'ru' | 'kk';
  firstName: string;
}

/**
 * Patients registered through the API as the bot would, each of whom wrote /start to the bot (so
 * it may write to them) — without waiting for the bot's answer: for audiences of dozens.
 */
export async function readers(
  t: TestApp,
  count: number,
  options: { marketing?: boolean; language?: 'ru' | 'kk'; name?: string; birthDate?: string } = {},
): Promise<Reader[]> {
  const one = async (i: number): Promise<Reader> => {
    const language = options.language ?? (i % 2 ? 'kk' : 'ru');
    const user = await t.sandbox.user({ first_name: `Читатель ${i}`, language_code: language });
    await user.send('/start');
    const profile = await registerPatient(t.app, user.id, {
      language,
      firstName: `${options.name ?? 'Читатель'}${suffix(i)}`,
      marketing: options.marketing ?? true,
      birthDate: options.birthDate,
    });
    return { user, patientId: profile.id, language, firstName: profile.firstName };
  };
  // A score at a time: most of one registration is waiting for its SMS code.
  const made: Reader[] = [];
  for (let i = 0; i < count; i += 20)
    made.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, k) => one(i + k)))));
  return made;
}

/** The bot procedures as the bot calls them for one Telegram user. */
export const asBot = (t: TestApp, user: { id: number }) =>
  t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id });

/**
 * A broadcast drafted, tested in the admin's chat, approved and scheduled (now, or at `sendAt`).
 * The admin is both author and approver here: the roles are the access tests' concern.
 */
export async function approvedBroadcast(
  admin: { api: EmhanaClient; user: SandboxUser },
  input: Parameters<EmhanaClient['broadcasts']['staff']['create']['mutate']>[0],
  sendAt: Date | null = null,
) {
  const draft = await admin.api.broadcasts.staff.create.mutate(input);
  await admin.api.broadcasts.staff.testSend.mutate({ broadcastId: draft.id });
  await admin.api.broadcasts.staff.approve.mutate({ broadcastId: draft.id });
  await admin.api.broadcasts.staff.schedule.mutate({ broadcastId: draft.id, sendAt });
  return draft.id;
}

/**
 * Waits until a broadcast is past sending (done or cancelled) and nothing of it is queued or on
 * the wire; returns it.
 */
export async function settle(t: TestApp, broadcastId: number, api: EmhanaClient) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const b = await api.broadcasts.staff.get.query({ broadcastId });
    if ((b.state === 'done' || b.state === 'cancelled') && (await openOf(t, broadcastId)) === 0) return b;
    if (Date.now() > deadline) throw new Error(`broadcast ${broadcastId} did not finish: ${b.state}`);
    await t.app.runDue();
    await sleep(50);
  }
}

/** Messages of a broadcast queued for now or on the wire (the delivery timeline, by subject). */
export async function openOf(t: TestApp, broadcastId: number): Promise<number> {
  const registrar = t.client(await t.tokenFor('registrar'));
  const rows = await registrar.notifications.timeline.query({
    subject: { kind: 'broadcast', id: broadcastId },
  });
  return rows.filter((d) => d.status === 'sending' || (d.status === 'queued' && d.notBefore <= t.clock.now()))
    .length;
}

/** Waits until nothing of the broadcast is queued for now or on the wire (its state aside). */
export async function settleDeliveries(t: TestApp, broadcastId: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await openOf(t, broadcastId)) > 0) {
    if (Date.now() > deadline) throw new Error(`deliveries of broadcast ${broadcastId} still in flight`);
    await sleep(50);
  }
}

/** How many bot messages matching `pattern` reached each reader's chat (read from the sandbox). */
export async function received(
  t: Pick<TestApp, 'sandbox'>,
  users: { id: number }[],
  pattern: RegExp,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const { id } of users) {
    const { messages } = await t.sandbox.request<{
      messages: { from: string; text?: string; caption?: string }[];
    }>('GET', `/sandbox/api/users/${id}/chat?after=0`);
    counts.set(
      id,
      messages.filter((m) => m.from === 'bot' && pattern.test(m.text ?? m.caption ?? '')).length,
    );
  }
  return counts;
}

/** The sum of a broadcast's outcomes: each reader is in exactly one of them. */
export const outcomesSum = (n: {
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  pending: number;
}) => n.sent + n.failed + n.blocked + n.skipped + n.pending;

/** A marketing broadcast to everyone with this text (no photo, no buttons). */
export const marketing = (text: { ru: string; kk: string }) => ({
  kind: 'marketing' as const,
  title: 'Акция',
  audience: {},
  text,
  photo: null,
  buttons: [],
});

/** Polls the broadcast's numbers until `ready` holds. */
export async function statsWhen(
  api: Awaited<ReturnType<typeof staffWithChat>>['api'],
  broadcastId: number,
  ready: (s: Awaited<ReturnType<typeof api.broadcasts.staff.stats.query>>) => boolean,
) {
  await expect
    .poll(async () => ready(await api.broadcasts.staff.stats.query({ broadcastId })), {
      timeout: 20_000,
      interval: 20,
    })
    .toBe(true);
  return api.broadcasts.staff.stats.query({ broadcastId });
}
