import type { PgBoss } from 'pg-boss';
import { AdjustableClock } from '../shared/clock.ts';
import type { BackgroundDeps, ModuleDefinition, ModulePorts, WorkerDeps } from '../shared/module.ts';
import type { ModuleHooks } from '../shared/trpc.ts';
import { workerHost } from './jobs.ts';
import { DISPATCH_QUEUE, deliveryChecksOf, dispatchAll, modules, workersOf } from './modules.ts';

export interface Background {
  /** Finds what became due by the app clock and sends what may go now. */
  runDue(): Promise<void>;
  /**
   * Hands outside services to the modules and resolves once every worker that now has all the
   * ports it needs (not null) has started; a worker starts once, with the ports it found.
   */
  provide(ports: Partial<ModulePorts>): Promise<void>;
  stop(): void;
}

/**
 * The scheduled side of the platform: a pg-boss cron job every minute runs the modules'
 * dispatchers (reminders and arrival checks, NPS questions, the patients' housekeeping), which
 * queue work for the modules' workers (the delivery queue, SMS codes); after each run, every
 * started worker that asks for it is kicked (what the run made due goes now). When the sandbox
 * moves the clock, all of it runs at once.
 */
export async function startBackground(
  deps: BackgroundDeps & { boss: PgBoss; hooks: ModuleHooks },
  list: readonly ModuleDefinition[] = modules,
): Promise<Background> {
  const { boss, hooks, ...shared } = deps;
  const base: BackgroundDeps = { ...shared, log: deps.log.child({ component: 'dispatch' }) };
  const { clock, log } = base;
  const host = workerHost(boss);
  const deliveryChecks = deliveryChecksOf(list);
  const workers = workersOf(list).map((worker) => ({ worker, started: false }));
  const given: Partial<ModulePorts> = {};
  const kicks: (() => Promise<unknown>)[] = [];

  // One run at a time; a request during a run asks for one more run right after it.
  let running: Promise<void> | null = null;
  let again = false;
  const runOnce = async () => {
    await dispatchAll(base, list);
    for (const kick of kicks) await kick();
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
      if (entry.started || !worker.needs.every((port) => given[port] !== undefined && given[port] !== null))
        continue;
      entry.started = true;
      try {
        const handle = await worker.start({
          ...shared,
          log: deps.log.child({ component: worker.name }),
          host,
          ports: { ...given } as WorkerDeps['ports'],
          hooks,
          deliveryChecks,
        });
        const kickDue = handle?.kickDue?.bind(handle);
        if (kickDue) kicks.push(kickDue);
      } catch (error) {
        // Not started: a later provide may try again.
        entry.started = false;
        throw error;
      }
    }
  };
  // Starts run one after another, so no worker starts twice when ports arrive together.
  let starting: Promise<void> = Promise.resolve();
  const provide = (ports: Partial<ModulePorts>) => {
    Object.assign(given, ports);
    starting = starting.catch(() => {}).then(startReady);
    return starting;
  };

  await host.work(DISPATCH_QUEUE, () => runDue(), 1);
  await boss.schedule(DISPATCH_QUEUE, '* * * * *');
  const off = clock instanceof AdjustableClock ? clock.onAdvance(() => void runDue()) : () => {};

  return { runDue, provide, stop: off };
}
