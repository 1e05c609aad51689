import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.ts';
import type { Caller } from '../../shared/roles.ts';
import { botProcedure, router } from '../../shared/trpc.ts';
import { botStateErrors } from './bot-state.errors.ts';
import { BotState } from './entities/bot-state.entity.ts';

/** The bot reaches its state only through the API, and only under keys of the user it acts for. */
const keyInput = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*:\d+$/, 'a key is "<namespace>:<telegram user id>"'),
});

function ownKey(caller: Caller, key: string): string {
  const owner = Number(key.slice(key.lastIndexOf(':') + 1));
  if (caller.kind !== 'bot' || caller.telegramUserId !== owner) throw botStateErrors('foreign_key');
  return key;
}

type Ctx = { em: EntityManager; clock: Clock; caller: Caller };

async function read(ctx: Ctx, key: string): Promise<unknown> {
  const row = await ctx.em.findOne(BotState, ownKey(ctx.caller, key));
  return row ? row.value : null;
}

async function write(ctx: Ctx, key: string, value: unknown): Promise<void> {
  await ctx.em.upsert(BotState, { key: ownKey(ctx.caller, key), value, updatedAt: ctx.clock.now() });
}

async function remove(ctx: Ctx, key: string): Promise<void> {
  await ctx.em.nativeDelete(BotState, { key: ownKey(ctx.caller, key) });
}

/** Every key of the acting user (after "delete my data"). */
async function forgetMe(ctx: Ctx): Promise<void> {
  if (ctx.caller.kind !== 'bot' || ctx.caller.telegramUserId === null) return;
  await ctx.em.nativeDelete(BotState, { key: { $like: `%:${ctx.caller.telegramUserId}` } });
}

export const botStateRouter = router({
  read: botProcedure.input(keyInput).query(({ ctx, input }) => read(ctx, input.key)),
  write: botProcedure
    .input(keyInput.extend({ value: z.unknown() }))
    .mutation(({ ctx, input }) => write(ctx, input.key, input.value)),
  delete: botProcedure.input(keyInput).mutation(({ ctx, input }) => remove(ctx, input.key)),
  forgetMe: botProcedure.mutation(({ ctx }) => forgetMe(ctx)),
});
