import type { ModuleRoute, RouteDeps } from '../../shared/module.ts';
import { appRoute, methodNotAllowed, routeApp } from '../../shared/routes.ts';
import { Payment } from './entities/payment.entity.ts';
import { systemCtx } from './payments.jobs.ts';
import { acceptHalykCallback, type HalykCallback } from './use-cases/halyk-callback.ts';

const CALLBACK_PATH = '/payments/halyk/callback';

/** How soon a payment whose callback came before the status API agreed is asked again. */
const RECHECK_MS = 30_000;

/**
 * Providers' calls to us: Halyk ePay's postLink (`/payments/halyk/callback`, the URL the adapter
 * gives with each payment). ePay expects a quick 200 whatever we make of it, and retries are not
 * documented [verify], so a callback we refuse is answered 200 too (and alerted): answering an
 * error would only invite the same wrong callback again. Only a body that is not JSON gets a 400.
 */
export function paymentRoutes(deps: RouteDeps): ModuleRoute[] {
  const app = routeApp();
  app.post(CALLBACK_PATH, async (c) => {
    const body = (await c.req.json().catch(() => null)) as HalykCallback | null;
    if (!body || typeof body !== 'object') return new Response('bad request', { status: 400 });
    const ctx = systemCtx(deps);
    // The leader's poller asks again at the attempt's next check time (by the app's clock).
    const outcome = await acceptHalykCallback(ctx, body, async (paymentId) => {
      await ctx.em.nativeUpdate(
        Payment,
        { id: paymentId, status: 'pending' },
        { nextCheckAt: new Date(deps.clock.now().getTime() + RECHECK_MS) },
      );
    });
    deps.log.info({ provider: 'halyk', outcome }, 'payment callback');
    return new Response('OK', { status: 200, headers: { 'content-type': 'text/plain' } });
  });
  app.all(CALLBACK_PATH, () => methodNotAllowed('POST'));
  // Nothing else is under the callback's path (the server's own answer to an unknown path).
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return [appRoute(CALLBACK_PATH, app)];
}
