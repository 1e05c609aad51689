/**
 * The composition root's list of feature modules. Each describes itself once in its index.ts
 * (shared/module.ts: ModuleDefinition); everything server/ wires — the ORM's entities, the API's
 * routers, job queues and workers, the minutely dispatch, HTTP routes, delivery checks, hooks,
 * environment variables and settings — is derived from this list. Adding a module is adding it here.
 */
import { analyticsModule } from '../modules/analytics/index.ts';
import { auditModule } from '../modules/audit/index.ts';
import { authModule } from '../modules/auth/index.ts';
import { bookingModule } from '../modules/booking/index.ts';
import { botStateModule } from '../modules/bot-state/index.ts';
import { broadcastsModule } from '../modules/broadcasts/index.ts';
import { clinicModule } from '../modules/clinic/index.ts';
import { documentsModule } from '../modules/documents/index.ts';
import { feedbackModule } from '../modules/feedback/index.ts';
import { notificationsModule } from '../modules/notifications/index.ts';
import { patientsModule } from '../modules/patients/index.ts';
import { paymentsModule } from '../modules/payments/index.ts';
import { supportModule } from '../modules/support/index.ts';
import { capBody, limitBody } from '../shared/body.ts';
import type {
  BackgroundDeps,
  DeliveryCheck,
  EnvProblem,
  ModuleDefinition,
  ModulePorts,
  ModuleRoute,
  ModuleWorker,
  RouteDeps,
  RunMode,
  StartupDeps,
} from '../shared/module.ts';
import type { ModuleHooks, ModuleSettings } from '../shared/trpc.ts';
import { foreignKeysHook } from './foreign-keys.ts';

export const modules = [
  authModule,
  auditModule,
  clinicModule,
  patientsModule,
  botStateModule,
  bookingModule,
  notificationsModule,
  feedbackModule,
  documentsModule,
  paymentsModule,
  supportModule,
  broadcastsModule,
  analyticsModule,
] as const;

type AnyModule = (typeof modules)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
/** Every module's top-level routers in one record: the API's shape, as precise as each module's. */
export type ModuleRouters = UnionToIntersection<Extract<AnyModule, { routers: object }>['routers']>;
/** Every module's environment variables in one zod shape. */
export type ModuleEnv = UnionToIntersection<Extract<AnyModule, { env: object }>['env']>;

const all: readonly ModuleDefinition[] = modules;

/** The minutely job that runs every module's dispatch (reminders, NPS questions, housekeeping). */
export const DISPATCH_QUEUE = 'dispatch.minutely';

/** Two owners giving the same key stop the start: merged, one of them would silently win. */
export function assertDisjoint(
  what: string,
  parts: readonly (readonly [owner: string, record: object | undefined])[],
): void {
  const seen = new Map<string, string>();
  for (const [owner, record] of parts) {
    for (const key of Object.keys(record ?? {})) {
      const first = seen.get(key);
      if (first) throw new Error(`${what} ${key} is given by ${first} and by ${owner}`);
      seen.set(key, owner);
    }
  }
}

/** Every module's record of one kind in one, each key from one module only. */
function mergeModules<T extends object>(
  what: string,
  pick: (m: ModuleDefinition) => T | undefined,
  list: readonly ModuleDefinition[] = all,
): T {
  const parts = list.map((m) => [`module ${m.name}`, pick(m)] as const);
  assertDisjoint(what, parts);
  return Object.assign({}, ...parts.map(([, record]) => record));
}

export const entities = all.flatMap((m) => m.entities);
/** Keeps the ids one module holds of another's rows real foreign keys (see foreign-keys.ts). */
export const foreignKeys = foreignKeysHook(all);
export const queues = [...all.flatMap((m) => m.queues ?? []), DISPATCH_QUEUE];
export const routers = mergeModules('API path', (m) => m.routers) as ModuleRouters;
export const moduleEnv = mergeModules('environment variable', (m) => m.env) as ModuleEnv;

/** Every module's own checks of its variables (ModuleDefinition.checkEnv), in the order of the list. */
export function checkModuleEnv(env: Record<string, unknown>, mode: RunMode): EnvProblem[] {
  type Check = (env: unknown, mode: RunMode) => readonly EnvProblem[];
  return all.flatMap((m) => (m.checkEnv as Check | undefined)?.(env, mode) ?? []);
}

/** The parsed environment with every module's production-dependent defaults for what is unset. */
export function withModuleEnvDefaults<E extends Record<string, unknown>>(env: E, mode: RunMode): E {
  const filled: Record<string, unknown> = {};
  for (const m of all) {
    for (const [key, value] of Object.entries(m.envDefaults?.(mode) ?? {})) {
      // A default for a variable the module does not declare would never be checked by a schema.
      if (!m.env || !(key in m.env))
        throw new Error(`module ${m.name} gives a default for ${key}, not its variable`);
      if (env[key] === undefined) filled[key] = value;
    }
  }
  return { ...env, ...filled };
}
/** Every module's delivery checks by kind, each kind from one module only. */
export function deliveryChecksOf(list: readonly ModuleDefinition[] = all): Record<string, DeliveryCheck> {
  return mergeModules('delivery check', (m) => m.deliveryChecks, list);
}

/** Each module's part of the dispatch, in the order of the list. */
export async function dispatchAll(
  deps: BackgroundDeps,
  list: readonly ModuleDefinition[] = all,
): Promise<void> {
  for (const m of list) await m.dispatch?.(deps);
}

/** Every module's workers, in the order of the list; two of one name stop the start (logs tell them apart by it). */
export function workersOf(list: readonly ModuleDefinition[] = all): ModuleWorker[] {
  const workers = list.flatMap((m) => (m.workers ?? []).map((worker) => ({ module: m.name, worker })));
  assertDisjoint(
    'worker',
    workers.map(({ module, worker }) => [`module ${module}`, { [worker.name]: true }]),
  );
  return workers.map(({ worker }) => worker);
}

/**
 * Paths the server itself answers (the sandbox's file downloads at /file; the webhook's path is
 * configured and passed in); no module route may take them.
 */
const RESERVED = ['/trpc', '/healthz', '/readyz', '/sandbox', '/file'];
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * Every module's HTTP routes, each reading at most `maxBodyBytes` of a body (more: 413) unless it
 * states its own limit (a file upload streams its body, cut off past that); two that would answer
 * the same path stop the start.
 */
export function moduleRoutes(
  deps: RouteDeps,
  options: { maxBodyBytes: number; reserved?: readonly string[]; list?: readonly ModuleDefinition[] },
): ModuleRoute[] {
  const { maxBodyBytes, reserved = [], list = all } = options;
  const routes = list.flatMap((m) => (m.routes?.(deps) ?? []).map((route) => ({ module: m.name, route })));
  const taken = [...RESERVED, ...reserved].map((prefix) => ({ prefix, by: 'the server' }));
  for (const { module, route } of routes) {
    if (!/^(\/[^/]+)+$/.test(route.prefix))
      throw new Error(`module ${module}: route ${route.prefix} is not /segment[/segment…]`);
    const clash = taken.find((t) => overlaps(t.prefix, route.prefix));
    if (clash)
      throw new Error(`module ${module}: route ${route.prefix} overlaps ${clash.prefix} of ${clash.by}`);
    taken.push({ prefix: route.prefix, by: `module ${module}` });
  }
  return routes.map(({ route }) => ({
    prefix: route.prefix,
    handle: async (req, client) =>
      route.handle(
        route.bodyLimit ? capBody(req, route.bodyLimit) : await limitBody(req, maxBodyBytes),
        client,
      ),
  }));
}

/**
 * Every hook point offered by a module, filled with what every module plugs into it, in the order
 * of the list. Plugging into a point no module offers stops the start: its owner is not in the list.
 */
export function mergeHooks(list: readonly ModuleDefinition[]): ModuleHooks {
  const merged: Record<string, unknown[]> = {};
  assertDisjoint(
    'hook point',
    list.map((m) => [`module ${m.name}`, Object.fromEntries((m.hookPoints ?? []).map((p) => [p, true]))]),
  );
  for (const point of list.flatMap((m) => m.hookPoints ?? [])) merged[point] = [];
  for (const m of list) {
    for (const [point, plugged] of Object.entries(m.hooks ?? {})) {
      const into = merged[point];
      if (!into) throw new Error(`module ${m.name} plugs into ${point}, which no module in the list offers`);
      into.push(...(plugged as unknown[]));
    }
  }
  return merged as unknown as ModuleHooks;
}

export const hooks = mergeHooks(all);

/**
 * Each module's settings (keyed by module name), read from the parsed environment and the ports
 * provided at boot.
 */
export function settingsFrom(env: Record<string, unknown>, ports: Partial<ModulePorts> = {}): ModuleSettings {
  type Read = (env: unknown, ports: Partial<ModulePorts>) => unknown;
  return Object.fromEntries(
    all.filter((m) => m.settings).map((m) => [m.name, (m.settings as Read)(env, ports)]),
  ) as unknown as ModuleSettings;
}

/**
 * Every module's start-up step, one after another in the order of the list, each with the parsed
 * environment; the lines they return (for the terminal), in that order.
 */
export async function runStartup(
  deps: StartupDeps,
  env: Record<string, unknown>,
  list: readonly ModuleDefinition[] = all,
): Promise<string[]> {
  type Step = (deps: StartupDeps, env: unknown) => Promise<readonly string[] | undefined>;
  const lines: string[] = [];
  for (const m of list) lines.push(...((await (m.startup as Step | undefined)?.(deps, env)) ?? []));
  return lines;
}
