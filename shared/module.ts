import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnyTRPCRouter } from '@trpc/server';
import type { z } from 'zod';
import type { Clock } from './clock.ts';
import type { ErrorTable, ModuleErrors } from './errors.ts';
import type { JobQueue, WorkerHost } from './jobs.ts';
import type { Logger } from './log.ts';
import type { Caller } from './roles.ts';
import type { TokenService } from './tokens.ts';
import type { ModuleHooks, ModuleSettings } from './trpc.ts';
import type { Vault } from './vault.ts';

/** An entity class, as MikroORM's defineEntity(...).setClass gives it. */
type EntityClass = new (...args: never[]) => object;

/**
 * A column of one of a module's tables that holds the id of another module's row (an appointment's
 * patient). Modules keep their entities to themselves, so the entity declares a plain integer
 * property; the composition root keeps it a real foreign key in the database (server/orm.ts).
 */
export interface ForeignKey {
  entity: EntityClass;
  property: string;
  /** The other module's entity, by name: the module never imports it. */
  references: string;
}

/** Declares `entity.property` a foreign key to the named entity of another module. */
export function foreignKey<E extends EntityClass>(
  entity: E,
  property: keyof InstanceType<E> & string,
  references: string,
): ForeignKey {
  return { entity, property, references };
}

/** What a module's own work gets outside the API: its minutely dispatch and its HTTP routes. */
export interface BackgroundDeps {
  em: () => EntityManager;
  clock: Clock;
  jobs: JobQueue;
  settings: ModuleSettings;
  vault: Vault;
  /** Signs and checks tokens: a link that proves what it grants (a document's download). */
  tokens: TokenService;
  log: Logger;
}

/**
 * The outside services the server builds and hands to modules (Telegram, an SMS provider, the
 * texts in both languages). Each module declares the ports it uses by declaration merging, as
 * ModuleSettings and ModuleHooks are filled; the server provides them, some only later (Telegram
 * once the server listens), and a null port is one this run goes without.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by modules through declaration merging
export interface ModulePorts {}

/** What a module's worker gets: the ports it needs (each there and not null), hooks, a job host. */
export interface WorkerDeps<P extends keyof ModulePorts = keyof ModulePorts> extends BackgroundDeps {
  host: WorkerHost;
  ports: { [K in P]: NonNullable<ModulePorts[K]> };
  hooks: ModuleHooks;
  /** Every module's delivery checks by kind (see ModuleDefinition.deliveryChecks). */
  deliveryChecks: Record<string, DeliveryCheck>;
  /**
   * Calls `onNotify` whenever a PostgreSQL NOTIFY on the channel is committed, from any instance;
   * resolves to the way to stop listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

/**
 * A module's long-running work beside its queues (sending SMS codes, the delivery queue): started
 * once, as soon as every port it `needs` has been provided and is not null, so a run without an
 * SMS provider never starts the SMS worker. `kickDue`, when given, runs after every dispatch.
 * `leaderOnly`: it runs in exactly one instance of those sharing the database, the leader, and
 * is stopped (`stop`) when that instance loses the lead.
 */
export interface ModuleWorker<P extends keyof ModulePorts = keyof ModulePorts> {
  /** Names its log lines (`component`). */
  name: string;
  needs: readonly P[];
  leaderOnly?: boolean;
  start(deps: WorkerDeps<P>): Promise<{ kickDue?(): Promise<unknown>; stop?(): Promise<void> } | undefined>;
}

/** Checks a worker's description, typing its ports by what it needs. */
export function defineWorker<const P extends keyof ModulePorts>(worker: ModuleWorker<P>): ModuleWorker<P> {
  return worker;
}

/** Whether this run is production (NODE_ENV): what a module may make up or assume differs. */
export interface RunMode {
  production: boolean;
}

/** What a module's start-up step gets. */
export interface StartupDeps extends BackgroundDeps, RunMode {}

/** A problem with a module's variables that their own schemas cannot see (a pair, or production). */
export interface EnvProblem {
  variable: string;
  message: string;
}

/** What a module's HTTP routes get besides the background's: the hooks, and who is calling. */
export interface RouteDeps extends BackgroundDeps {
  hooks: ModuleHooks;
  /**
   * The caller a request's bearer token names, checked exactly as the API checks it (an expired,
   * forged or revoked token is `unauthorized`); anonymous without a token.
   */
  callerOf(req: Request): Promise<Caller | 'unauthorized'>;
}

/**
 * An HTTP route a module serves beside the API (a provider's callback, a file download): every
 * path at or under `prefix`, any method, the body already read within the server's limit. The
 * module checks whatever the caller must prove; `client.address` is the caller's (behind a
 * trusted proxy, the one it forwarded).
 */
export interface ModuleRoute {
  prefix: `/${string}`;
  /**
   * The largest body this route takes, when it is not the server's (MAX_BODY_BYTES): a file
   * upload. The body then reaches `handle` unread, to be streamed, and is cut off past this.
   */
  bodyLimit?: number;
  handle(req: Request, client: { address: string | null }): Promise<Response>;
}

/** A check run just before a queued message goes out (its `kind` names it): still worth sending? */
export type DeliveryCheck = (
  em: EntityManager,
  spec: { kind: string; [key: string]: unknown },
) => Promise<boolean>;

/**
 * Everything a feature module brings, described once in its index.ts; server/ derives all wiring
 * (the ORM's entities, the API, job queues and workers, the minutely dispatch, HTTP routes,
 * delivery checks, hooks, the environment it reads and the settings it gets) from the list of
 * these in server/modules.ts.
 */
export interface ModuleDefinition<Name extends string = string> {
  name: Name;
  /** Its MikroORM entities (its tables). */
  entities: readonly EntityClass[];
  /** Its integer properties that hold other modules' ids: real foreign keys in the database. */
  foreignKeys?: readonly ForeignKey[];
  /** Top-level API paths it serves: `{ booking: bookingRouter }`. */
  routers?: Record<string, AnyTRPCRouter>;
  errors?: ModuleErrors<Name, ErrorTable>;
  /** pg-boss queues it sends to (created at boot, before anything sends). */
  queues?: readonly string[];
  /** Its workers, each started once the ports it needs are provided. */
  workers?: readonly ModuleWorker[];
  /** Runs every minute (and at once when the sandbox moves the clock): queue what became due. */
  dispatch?: (deps: BackgroundDeps) => Promise<unknown>;
  /** Its HTTP routes outside the API, made once at start. */
  routes?: (deps: RouteDeps) => ModuleRoute[];
  /** Delivery checks by kind (see notifications: Notice.guard). */
  deliveryChecks?: Record<string, DeliveryCheck>;
  /**
   * The hook points it offers (declared by it in ModuleHooks): each is a list of what modules plug
   * in, empty when none does.
   */
  hookPoints?: readonly (keyof ModuleHooks)[];
  /** What it plugs into hook points (its own or other modules'). */
  hooks?: Partial<ModuleHooks>;
  /** The environment variables it reads (zod, with defaults and a description each). */
  env?: z.ZodRawShape;
  /** Rules over its parsed variables that one schema cannot say, reported with every other problem. */
  checkEnv?: (env: never, mode: RunMode) => readonly EnvProblem[];
  /** Defaults of its variables that depend on production, for those left unset. */
  envDefaults?: (mode: RunMode) => Record<string, unknown>;
  /**
   * Its settings, from its variables once parsed (typed by the module, see ModuleSettings) and the
   * ports provided at boot (whether this run has an SMS provider, say).
   */
  settings?: (env: never, ports: Partial<ModulePorts>) => unknown;
  /**
   * Runs once at every start, after migrations and before any worker, in the order of the list,
   * with its variables as parsed (typed by the module). The lines it returns are shown to the
   * person at the terminal once the server is ready (a generated password), never logged.
   */
  startup?: (deps: StartupDeps, env: never) => Promise<readonly string[] | undefined>;
}

/** Checks a module's description against the shape server/ expects, keeping its exact types. */
export function defineModule<const M extends ModuleDefinition>(definition: M): M {
  return definition;
}
