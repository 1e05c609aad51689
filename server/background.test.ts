import type { PgBoss } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/log.ts';
import { type BackgroundDeps, defineModule, defineWorker } from '../shared/module.ts';
import { startBackground } from './background.ts';

// Only what the background asks of pg-boss: it registers handlers and a schedule.
const boss = {
  work: async () => 'id',
  offWork: async () => {},
  schedule: async () => {},
} as unknown as PgBoss;
const deps = {
  clock: { now: () => new Date() },
  log: silentLogger,
  listen: async () => async () => {},
} as unknown as BackgroundDeps & { listen: never };

/** A module with one worker that records what it was started with and how often it is kicked. */
function recording(needs: ('sms' | 'messenger')[]) {
  const seen = { started: [] as unknown[], kicked: 0, dispatched: 0 };
  const module = defineModule({
    name: 'x',
    entities: [],
    dispatch: async () => {
      seen.dispatched += 1;
    },
    workers: [
      defineWorker({
        name: 'x',
        needs,
        async start({ ports }) {
          seen.started.push(ports);
          return {
            kickDue: async () => {
              seen.kicked += 1;
            },
          };
        },
      }),
    ],
  });
  return { module, seen };
}

describe('module workers', () => {
  it('start once, as soon as every port they need is given, and are kicked after each dispatch', async () => {
    const { module, seen } = recording(['sms', 'messenger']);
    const background = await startBackground({ ...deps, boss, hooks: {} as never }, [module]);
    // Taking the lead runs the dispatch at once; a run asked for meanwhile follows it.
    await background.setLeader(true);
    await background.runDue();
    expect(seen).toEqual({ started: [], kicked: 0, dispatched: 2 });

    const sms = { send: async () => ({ ok: true as const, id: '1' }) };
    await background.provide({ sms });
    expect(seen.started).toEqual([]);
    const messenger = {
      turn: async () => async () => {},
      send: async () => ({ ok: true as const, messageId: 1 }),
      edit: async () => ({ ok: true as const, messageId: 1 }),
    };
    await Promise.all([background.provide({ messenger }), background.provide({ messenger })]);
    expect(seen.started).toEqual([{ sms, messenger }]);

    await background.runDue();
    expect(seen).toMatchObject({ kicked: 1, dispatched: 3 });
  });

  it('never start while a port they need is null (a run without SMS)', async () => {
    const { module, seen } = recording(['sms']);
    const background = await startBackground({ ...deps, boss, hooks: {} as never }, [module]);
    await background.setLeader(true);
    await background.provide({
      sms: null,
      messenger: {
        turn: async () => async () => {},
        send: async () => ({ ok: true as const, messageId: 1 }),
        edit: async () => ({ ok: true as const, messageId: 1 }),
      },
    });
    await background.runDue();
    expect(seen).toEqual({ started: [], kicked: 0, dispatched: 2 });
  });
});
