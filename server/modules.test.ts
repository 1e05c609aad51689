import { describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/log.ts';
import { type BackgroundDeps, defineModule } from '../shared/module.ts';
import { createFetchHandler } from './http.ts';
import { moduleRoutes, modules } from './modules.ts';
import { appRouter } from './router.ts';

// The deps a route is made with reach it (only the clock matters here).
const at = new Date('2026-12-01T09:00:00Z');
const deps = { clock: { now: () => at }, log: silentLogger } as unknown as BackgroundDeps;

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
      mounts: moduleRoutes(deps, { list: [...modules, callbacks] }),
    });
    const hit = await handle(new Request('http://x/payments/callback/kaspi', { method: 'POST' }));
    expect(hit.status).toBe(200);
    expect(await hit.json()).toEqual({ method: 'POST', at: at.toISOString() });
    expect((await handle(new Request('http://x/payments/other'))).status).toBe(404);
  });

  it('may not take a path the server or another module answers', () => {
    const taking = (prefix: `/${string}`) =>
      defineModule({
        name: 'x',
        entities: [],
        routes: () => [{ prefix, handle: async () => new Response() }],
      });
    expect(() => moduleRoutes(deps, { list: [taking('/trpc/x')] })).toThrow(
      'module x: route /trpc/x overlaps /trpc of the server',
    );
    expect(() => moduleRoutes(deps, { list: [taking('/hook')], reserved: ['/hook'] })).toThrow(/overlaps/);
    expect(() => moduleRoutes(deps, { list: [callbacks, taking('/payments')] })).toThrow(
      'module x: route /payments overlaps /payments/callback of module payments',
    );
    expect(moduleRoutes(deps, { list: [callbacks, taking('/payments-report')] })).toHaveLength(2);
  });
});
