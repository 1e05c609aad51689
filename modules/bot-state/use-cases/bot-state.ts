import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import type { Caller } from '../../../shared/roles.ts';
import type { Vault } from '../../../shared/vault.ts';
import { accountView, type MeView } from '../../patients/index.ts';
import { botStateErrors } from '../bot-state.errors.ts';
import { BotState } from '../entities/bot-state.entity.ts';

/** How long a session or an open conversation is kept without use. */
export const BOT_STATE_TTL_MS = 24 * 3_600_000;

type Ctx = { em: EntityManager; clock: Clock; caller: Caller; vault: Vault };

function ownKey(caller: Caller, key: string): string {
  const owner = Number(key.slice(key.lastIndexOf(':') + 1));
  if (caller.kind !== 'bot' || caller.telegramUserId !== owner) throw botStateErrors('foreign_key');
  return key;
}

/**
 * A session or a conversation holds what the person typed (a family form's IIN and names), so
 * it is stored sealed like every personal identifier: `{ sealed }`, AES-GCM by the vault.
 */
async function unseal(ctx: Ctx, stored: unknown): Promise<unknown> {
  const value = stored as { sealed?: unknown } | null;
  // Rows written before sealing are read as they are and sealed on their next write.
  if (typeof value?.sealed !== 'string') return value;
  return JSON.parse(await ctx.vault.decrypt(value.sealed));
}

export async function readState(ctx: Ctx, key: string): Promise<unknown> {
  const row = await ctx.em.findOne(BotState, ownKey(ctx.caller, key));
  return row ? unseal(ctx, row.value) : null;
}

/**
 * What the bot reads first on every update, in one call: who the user is (as `patients.me`
 * answers) and their state under each namespace (null where there is none). Plain rows, no
 * entities: this runs for every message and tap.
 */
export async function openState(
  ctx: Ctx,
  namespaces: string[],
): Promise<{ account: MeView; states: Record<string, unknown> }> {
  if (ctx.caller.kind !== 'bot' || ctx.caller.telegramUserId === null) throw botStateErrors('foreign_key');
  const user = ctx.caller.telegramUserId;
  const account = await accountView(ctx.em, user);
  const rows = (await ctx.em.execute('select key, value from bot_state where key in (?)', [
    namespaces.map((namespace) => `${namespace}:${user}`),
  ])) as { key: string; value: unknown }[];
  const states: Record<string, unknown> = {};
  for (const namespace of namespaces) {
    const row = rows.find((r) => r.key === `${namespace}:${user}`);
    states[namespace] = row ? await unseal(ctx, row.value) : null;
  }
  return { account, states };
}

/** One statement, no entity: it runs after most updates (the session keeps the last prompt). */
export async function writeState(ctx: Ctx, key: string, value: unknown): Promise<void> {
  const sealed = await ctx.vault.encrypt(JSON.stringify(value ?? null));
  await ctx.em.execute(
    `insert into bot_state (key, value, updated_at) values (?, ?, ?)
     on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    [ownKey(ctx.caller, key), JSON.stringify({ sealed }), ctx.clock.now()],
  );
}

export async function removeState(ctx: Ctx, key: string): Promise<void> {
  await ctx.em.nativeDelete(BotState, { key: ownKey(ctx.caller, key) });
}

/** Every key of the acting user (after "delete my data"). */
export async function forgetMe(ctx: Ctx): Promise<void> {
  if (ctx.caller.kind !== 'bot' || ctx.caller.telegramUserId === null) return;
  await ctx.em.nativeDelete(BotState, { key: { $like: `%:${ctx.caller.telegramUserId}` } });
}

/** Runs with the minutely dispatch: state nobody touched for a day (an abandoned form) goes. */
export async function purgeStaleBotState(deps: { em: () => EntityManager; clock: Clock }): Promise<number> {
  return deps
    .em()
    .nativeDelete(BotState, { updatedAt: { $lt: new Date(deps.clock.now().getTime() - BOT_STATE_TTL_MS) } });
}
