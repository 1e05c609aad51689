import type { EntityManager } from '@mikro-orm/postgresql';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import type { JobQueue } from './jobs.ts';
import type { Logger } from './log.ts';
import {
  type Access,
  type BotCaller,
  type Caller,
  isAllowed,
  type StaffCaller,
  type StaffRole,
} from './roles.ts';
import type { TokenService } from './tokens.ts';
import type { Vault } from './vault.ts';

/**
 * Settings from the configuration that use cases need. Each module adds its own part by
 * declaration merging (see modules/booking/booking.settings.ts), so shared code stays free of
 * feature knowledge and the composition root fills in all of it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by modules through declaration merging
export interface ModuleSettings {}

/**
 * What one module lets others plug into (e.g. what "delete my data" must undo in booking). Each
 * module declares its hook points by declaration merging; the composition root fills them in, so
 * no module imports one that depends on it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by modules through declaration merging
export interface ModuleHooks {}

/**
 * What every procedure gets. Use cases take only the parts they need (usually `{ em, clock }`),
 * so they stay plain functions that tests can call directly.
 */
export interface ApiContext {
  caller: Caller;
  /** A fork of the entity manager for this request: its identity map dies with the request. */
  em: EntityManager;
  clock: Clock;
  log: Logger;
  tokens: TokenService;
  /** Encrypts and hashes IINs; the only way personal identifiers reach the database. */
  vault: Vault;
  settings: ModuleSettings;
  hooks: ModuleHooks;
  jobs: JobQueue;
  /** The client's network address (for throttling sign-in); null in process or when unknown. */
  clientAddress: string | null;
}

export interface ProcedureMeta {
  access?: Access;
}

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

function fieldIssues(cause: unknown): FieldIssue[] | null {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  return issues.map(
    (issue: {
      path?: readonly PropertyKey[] | readonly { key: PropertyKey }[];
      message: string;
      code?: string;
    }) => ({
      path: (issue.path ?? []).map((p) => String(typeof p === 'object' && p !== null ? p.key : p)).join('.'),
      message: issue.message,
      code: issue.code,
    }),
  );
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    isDev: false,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const domain =
        cause instanceof DomainError
          ? { module: cause.module, code: cause.code, params: cause.params }
          : null;
      const fields = error.code === 'BAD_REQUEST' && !domain ? fieldIssues(cause) : null;
      return {
        ...shape,
        // Unexpected errors are logged in full on the server; the client gets no internals.
        message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          domain,
          fields,
        },
      };
    },
  });

/** Domain errors become tRPC errors with the status their module declared for them. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    return { ...result, error: new TRPCError({ code: cause.status, message: cause.message, cause }) };
  }
  return result;
});

/** Every procedure declares who may call it in its meta; one without a declaration is closed. */
const authorize = t.middleware(({ meta, ctx, next }) => {
  const verdict = isAllowed(meta?.access, ctx.caller);
  if (verdict === 'unauthorized')
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'A valid token is required' });
  if (verdict === 'forbidden')
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This caller may not do this' });
  return next();
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

const base = t.procedure.use(domainErrors).use(authorize);

/** Anyone, no token needed: public catalog reads, login. */
export const publicProcedure = base.meta({ access: { kind: 'public' } });

/** Staff or an internal tool holding one of these roles (`system` jobs always pass). */
export function staffProcedure(...roles: [StaffRole, ...StaffRole[]]) {
  return base
    .meta({ access: { kind: 'staff', roles } })
    .use(({ ctx, next }) => next({ ctx: { caller: ctx.caller as StaffCaller } }));
}

/** The bot service acting for one Telegram user. */
export const botProcedure = base
  .meta({ access: { kind: 'bot' } })
  .use(({ ctx, next }) => next({ ctx: { caller: ctx.caller as BotCaller } }));

/** Scheduled jobs inside the server. */
export const systemProcedure = base.meta({ access: { kind: 'system' } });
