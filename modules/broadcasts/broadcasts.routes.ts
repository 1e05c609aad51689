import { z } from 'zod';
import type { BackgroundDeps, ModuleRoute } from '../../shared/module.ts';
import { appRoute, methodNotAllowed, routeApp } from '../../shared/routes.ts';
import { TAP_PATH } from './broadcasts.message.ts';
import { linkTap } from './use-cases/taps.ts';

/** A tap's address: the reader's token and the button's place among the message's buttons. */
const tapParams = z.object({ token: z.string(), button: z.coerce.number().int().min(0).max(9) });

const notFound = () => new Response('not found', { status: 404, headers: { 'cache-control': 'no-store' } });

/**
 * A broadcast's link button (`/b/<reader token>/<button>`): the tap is counted, then the browser
 * goes on to the address staff gave. An unknown token or button is a plain 404.
 */
export function broadcastRoutes(deps: BackgroundDeps): ModuleRoute[] {
  const app = routeApp();
  // HEAD too (Hono answers it with this route): a link preview that fetches it counts as a tap,
  // as it always has.
  app.get(`${TAP_PATH}/:token/:button{\\d}`, async (c) => {
    const tap = tapParams.safeParse(c.req.param());
    const target = tap.success
      ? await linkTap({ em: deps.em(), clock: deps.clock }, tap.data.token, tap.data.button)
      : null;
    if (!target) return notFound();
    return new Response(null, { status: 302, headers: { location: target, 'cache-control': 'no-store' } });
  });
  app.get('*', notFound);
  app.all('*', () => methodNotAllowed('GET, HEAD'));
  return [appRoute(TAP_PATH, app)];
}
