import type { ConversationData, ConversationStorage } from '@grammyjs/conversations';
import type { Middleware } from 'grammy';
import superjson from 'superjson';
import type { ApiFactory, BaseContext, BotContext, SessionData } from './context.ts';

/**
 * Sessions and conversation state live in PostgreSQL, reached through the API like everything
 * else the bot stores, under keys "<namespace>:<telegram user id>" (each call acts for that user,
 * so the API refuses a key that is not theirs). superjson keeps Dates intact.
 *
 * An update costs one read: `openUpdate` asks the API once for the account and both states, and
 * the session and the conversations take theirs from what it brought. Each is written back only
 * when it changed, so a tap that changes neither writes nothing.
 */
const SESSION = 'session';
const CONVERSATION = 'conversation';

/** What the update's read brought: the stored (superjson) values, null where none. */
interface Opened {
  session: unknown;
  conversation: unknown;
}
const opened = new WeakMap<object, Opened>();

/** The updates being handled now, by user: conversations find their account here. */
const inFlight = new Map<number, BaseContext>();

const keyOf = (namespace: string, ctx: BaseContext) => `${namespace}:${ctx.from!.id}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every update gets an API client acting for its sender, that sender's account (language,
 * registered or not) and their stored session and conversations, in one API call.
 */
export function openUpdate(apiFor: ApiFactory): Middleware<BaseContext> {
  return async (ctx, next) => {
    if (!ctx.from) return;
    const user = ctx.from.id;
    ctx.emhana = apiFor(user);
    const { account, states } = await ctx.emhana.botState.open.query({ namespaces: [SESSION, CONVERSATION] });
    ctx.account = account;
    opened.set(ctx, { session: states[SESSION] ?? null, conversation: states[CONVERSATION] ?? null });
    inFlight.set(user, ctx);
    try {
      await next();
    } finally {
      if (inFlight.get(user) === ctx) inFlight.delete(user);
    }
  };
}

/**
 * The account inside conversations, whose context objects are their own (one for each update
 * the conversation replays): the one the update being handled read, else asked for anew.
 */
export function accountInConversation(apiFor: ApiFactory): Middleware<BaseContext> {
  return async (ctx, next) => {
    if (!ctx.from) return;
    const outside = inFlight.get(ctx.from.id);
    ctx.emhana = outside?.emhana ?? apiFor(ctx.from.id);
    ctx.account = outside ? { ...outside.account } : await ctx.emhana.patients.me.query();
    await next();
  };
}

/** `ctx.session`, from what `openUpdate` read; saved after the update when it changed. */
export function apiSession(): Middleware<BotContext> {
  return async (ctx, next) => {
    const stored = opened.get(ctx)?.session ?? null;
    const initial: SessionData = {};
    ctx.session = stored === null ? initial : superjson.deserialize<SessionData>(stored as never);
    const before = stored ?? superjson.serialize(initial);
    await next();
    const session = ctx.session as SessionData | null | undefined;
    if (session == null) {
      if (stored !== null) await ctx.emhana.botState.delete.mutate({ key: keyOf(SESSION, ctx) });
      return;
    }
    const value = superjson.serialize(session);
    if (!same(value, before)) await ctx.emhana.botState.write.mutate({ key: keyOf(SESSION, ctx), value });
  };
}

/** Where conversations keep their state: what `openUpdate` read, written back when it changed. */
export function apiConversations<C extends BaseContext>(): ConversationStorage<C, ConversationData> {
  return {
    type: 'context',
    adapter: {
      read(ctx) {
        const stored = opened.get(ctx)?.conversation ?? null;
        return stored === null ? undefined : superjson.deserialize(stored as never);
      },
      async write(ctx, state) {
        const value = superjson.serialize(state);
        if (same(value, opened.get(ctx)?.conversation ?? null)) return;
        await ctx.emhana.botState.write.mutate({ key: keyOf(CONVERSATION, ctx), value });
      },
      async delete(ctx) {
        await ctx.emhana.botState.delete.mutate({ key: keyOf(CONVERSATION, ctx) });
      },
    },
  };
}
