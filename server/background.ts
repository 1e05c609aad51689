import type { PgBoss } from 'pg-boss';
import { AdjustableClock } from '../shared/clock.ts';
import type {
  BackgroundDeps,
  ModuleDefinition,
  ModulePorts,
  ModuleWorker,
  WorkerDeps,
} from '../shared/module.ts';
import type { ModuleHooks } from '../shared/trpc.ts';
import { workerHost } from './jobs.ts';
import { DISPATCH_QUEUE, deliveryChecksOf, dispatchAll, modules, workersOf } from './modules.ts';

export interface Background {
  /** Finds what became due by the app clock and sends what may go now (where this instance leads). */
  runDue(): Promise<void>;
  /**
   * Hands outside services to the modules and resolves once every worker that now has all the
   * ports it needs (not null) has started; a worker starts once, with the ports it found.
   */
  provide(ports: Partial<ModulePorts>): Promise<void>;
  /**
   * This instance now leads, or no longer does: the dispatchers and the leader-only workers start
   * or stop here. Resolves when they have.
   */
  setLeader(leader: boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The scheduled side of the platform: a pg-boss cron job every minute runs the modules'
 * dispatchers (reminders and arrival checks, NPS questions, the patients' housekeeping), which
 * queue work for the modules' workers (the delivery queue, SMS codes); after each run, every
 * started worker that asks for it is kicked (what the run made due goes now). When the sandbox
 * moves the clock, all of it runs at once. The dispatchers and leader-only workers run only while
 * this instance leads (see server/leadership.ts); the others run in every instance.
 */
export async function startBackground(
  deps: BackgroundDeps & {
    boss: PgBoss;
    hooks: ModuleHooks;
    listen: WorkerDeps['listen'];
  },
  list: readonly ModuleDefinition[] = modules,
): Promise<Background> {
  const { boss, hooks, listen, ...shared } = deps;
  const base: BackgroundDeps = { ...shared, log: deps.log.child({ component: 'dispatch' }) };
  const { clock, log } = base;
  const host = workerHost(boss);
  const deliveryChecks = deliveryChecksOf(list);
  const workers = workersOf(list).map((worker) => ({
    worker,
    started: false,
    handle: undefined as Awaited<ReturnType<ModuleWorker['start']>>,
  }));
  const given: Partial<ModulePorts> = {};
  let leader = false;

  // One run at a time; a request during a run asks for one more run right after it.
  let running: Promise<void> | null = null;
  let again = false;
  const runOnce = async () => {
    if (!leader) return;
    await dispatchAll(base, list);
    for (const { handle } of workers) await handle?.kickDue?.();
  };
  const runDue = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce().catch((error: unknown) => log.error({ err: error }, 'dispatch failed'));
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };

  const startReady = async () => {
    for (const entry of workers) {
      const { worker } = entry;
      if (entry.started || (worker.leaderOnly && !leader)) continue;
      if (!worker.needs.every((port) => given[port] !== undefined && given[port] !== null)) continue;
      entry.started = true;
      try {
        entry.handle = await worker.start({
          ...shared,
          log: deps.log.child({ component: worker.name }),
          host,
          ports: { ...given } as WorkerDeps['ports'],
          hooks,
          deliveryChecks,
          listen,
        });
      } catch (error) {
        // Not started: a later provide may try again.
        entry.started = false;
        throw error;
      }
    }
  };
  const stopLeaderOnly = async () => {
    for (const entry of workers) {
      if (!entry.worker.leaderOnly || !entry.started) continue;
      entry.started = false;
      const handle = entry.handle;
      entry.handle = undefined;
      await handle?.stop?.().catch((error: unknown) => log.error({ err: error }, 'a worker did not stop'));
    }
  };
  // Starts and stops run one after another, so no worker starts twice when ports arrive together.
  let changing: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>) => {
    changing = changing.catch(() => {}).then(step);
    return changing;
  };
  const provide = (ports: Partial<ModulePorts>) => {
    Object.assign(given, ports);
    return serially(startReady);
  };
  const setLeader = (lead: boolean) =>
    serially(async () => {
      if (lead === leader) return;
      leader = lead;
      if (lead) {
        await host.work(DISPATCH_QUEUE, () => runDue(), 1);
        await startReady();
        void runDue();
      } else {
        await boss.offWork(DISPATCH_QUEUE);
        await stopLeaderOnly();
      }
    });

  await boss.schedule(DISPATCH_QUEUE, '* * * * *');
  const off = clock instanceof AdjustableClock ? clock.onAdvance(() => void runDue()) : () => {};

  return {
    runDue,
    provide,
    setLeader,
    async stop() {
      off();
      await serially(async () => {
        leader = false;
        await stopLeaderOnly();
      });
    },
  };
}
