import { describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/log.ts';
import { defineModule, type RouteDeps, type StartupDeps } from '../shared/module.ts';
import { createFetchHandler } from './http.ts';
import { assertDisjoint, mergeHooks, moduleRoutes, modules, runStartup } from './modules.ts';
import { appRouter } from './router.ts';

// The deps a route is made with reach it (the clock here; the documents' upload reads its limit).
const at = new Date('2026-12-01T09:00:00Z');
const deps = {
  clock: { now: () => at },
  log: silentLogger,
  settings: { documents: { maxUploadBytes: 1024 * 1024 } },
} as unknown as RouteDeps;

/** A module that serves one route, as a payment provider's callback would be served. */
const callbacks = defineModule({
  name: 'payments',
  entities: [],
  routes: ({ clock }) => [
    {
      prefix: '/payments/callback',
      handle: async (req) => Response.json({ method: req.method, at: clock.now().toISOString() }),
    },
  ],
});

describe('module routes', () => {
  it('are served beside the API from the module’s description alone', async () => {
    const handle = createFetchHandler({
      router: appRouter,
      createContext: () => Promise.reject(new Error('no API calls here')),
      ready: async () => ({}),
      maxBodyBytes: 1024,
      log: silentLogger,
      mounts: moduleRoutes(deps, { maxBodyBytes: 1024, list: [...modules, callbacks] }),
    });
    const hit = await handle(new Request('http://x/payments/callback/kaspi', { method: 'POST' }));
    expect(hit.status).toBe(200);
    expect(await hit.json()).toEqual({ method: 'POST', at: at.toISOString() });
    expect((await handle(new Request('http://x/payments/other'))).status).toBe(404);
    // A callback is public: a body over the server's limit is refused before the module sees it.
    const huge = await handle(
      new Request('http://x/payments/callback', { method: 'POST', body: 'x'.repeat(2048) }),
    );
    expect(huge.status).toBe(413);
  });

  it('stream a body of their own limit past the server’s, and never more than it', async () => {
    const uploads = defineModule({
      name: 'uploads',
      entities: [],
      routes: () => [
        {
          prefix: '/uploads',
          bodyLimit: 4096,
          handle: async (req) => Response.json({ size: (await req.arrayBuffer()).byteLength }),
        },
      ],
    });
    const handle = createFetchHandler({
      router: appRouter,
      createContext: () => Promise.reject(new Error('no API calls here')),
      ready: async () => ({}),
      maxBodyBytes: 1024,
      log: silentLogger,
      mounts: moduleRoutes(deps, { maxBodyBytes: 1024, list: [uploads] }),
    });
    const within = await handle(new Request('http://x/uploads', { method: 'POST', body: 'x'.repeat(3000) }));
    expect(await within.json()).toEqual({ size: 3000 });
    // A body without a declared length, longer than the route's limit: cut off there.
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(1000)),
    });
    const over = await handle(
      new Request('http://x/uploads', { method: 'POST', body: endless, duplex: 'half' } as RequestInit),
    );
    expect(over.status).toBe(413);
  });

  it('may not take a path the server or another module answers', () => {
    const taking = (prefix: `/${string}`) =>
      defineModule({
        name: 'x',
        entities: [],
        routes: () => [{ prefix, handle: async () => new Response() }],
      });
    expect(() => moduleRoutes(deps, { maxBodyBytes: 1024, list: [taking('/trpc/x')] })).toThrow(
      'module x: route /trpc/x overlaps /trpc of the server',
    );
    expect(() =>
      moduleRoutes(deps, { maxBodyBytes: 1024, list: [taking('/hook')], reserved: ['/hook'] }),
    ).toThrow(/overlaps/);
    expect(() => moduleRoutes(deps, { maxBodyBytes: 1024, list: [callbacks, taking('/payments')] })).toThrow(
      'module x: route /payments overlaps /payments/callback of module payments',
    );
    expect(() => moduleRoutes(deps, { maxBodyBytes: 1024, list: [taking('/files/')] })).toThrow(
      'module x: route /files/ is not /segment[/segment…]',
    );
    expect(
      moduleRoutes(deps, { maxBodyBytes: 1024, list: [callbacks, taking('/payments-report')] }),
    ).toHaveLength(2);
  });

  it('may not give a key another module (or the server) gives: one would silently win', () => {
    expect(() =>
      assertDisjoint('API path', [
        ['module booking', { booking: 1 }],
        ['module payments', { payments: 1, booking: 2 }],
      ]),
    ).toThrow('API path booking is given by module booking and by module payments');
    expect(() =>
      assertDisjoint('x', [
        ['a', { one: 1 }],
        ['b', undefined],
        ['c', { two: 2 }],
      ]),
    ).not.toThrow();
  });
});

describe('hooks', () => {
  // Hook points as two modules would declare them; the test's own names, not the app's.
  const offering = defineModule({ name: 'a', entities: [], hookPoints: ['patientErasure'] });
  const plugging = (name: string) =>
    defineModule({ name, entities: [], hooks: { patientErasure: [name as never] } });

  it('are every offered point, filled by every module that plugs in, in the order of the list', () => {
    expect(mergeHooks([offering])).toEqual({ patientErasure: [] });
    expect(mergeHooks([plugging('b'), offering, plugging('c')])).toEqual({ patientErasure: ['b', 'c'] });
  });

  it('stop the start when a point is offered twice or nobody in the list offers it', () => {
    expect(() => mergeHooks([offering, { ...offering, name: 'z' }])).toThrow(
      'hook point patientErasure is given by module a and by module z',
    );
    expect(() => mergeHooks([plugging('b')])).toThrow(
      'module b plugs into patientErasure, which no module in the list offers',
    );
  });
});

describe('start-up steps', () => {
  it('run one after another in the order of the list, with the environment, and give their lines in that order', async () => {
    const ran: string[] = [];
    const step = (name: string, lines?: string[]) =>
      defineModule({
        name,
        entities: [],
        startup: async (_deps: StartupDeps, env: { GREETING: string }) => {
          ran.push(name);
          return lines?.map((line) => `${env.GREETING} ${line}`);
        },
      });
    const lines = await runStartup({ production: false } as StartupDeps, { GREETING: 'hi' }, [
      step('a', ['one', 'two']),
      defineModule({ name: 'b', entities: [] }),
      step('c'),
      step('d', ['three']),
    ]);
    expect(ran).toEqual(['a', 'c', 'd']);
    expect(lines).toEqual(['hi one', 'hi two', 'hi three']);
  });
});
