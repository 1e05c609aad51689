import type { BackgroundDeps, ModuleRoute } from '../../shared/module.ts';
import { TAP_PATH } from './broadcasts.message.ts';
import { linkTap } from './use-cases/taps.ts';

/**
 * A broadcast's link button (`/b/<reader token>/<button>`): the tap is counted, then the browser
 * goes on to the address staff gave. An unknown token or button is a plain 404.
 */
export function broadcastRoutes(deps: BackgroundDeps): ModuleRoute[] {
  return [
    {
      prefix: TAP_PATH,
      async handle(req) {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
        const match = /^\/b\/([^/]+)\/(\d)$/.exec(new URL(req.url).pathname);
        const target = match
          ? await linkTap({ em: deps.em(), clock: deps.clock }, match[1]!, Number(match[2]))
          : null;
        if (!target)
          return new Response('not found', { status: 404, headers: { 'cache-control': 'no-store' } });
        return new Response(null, {
          status: 302,
          headers: { location: target, 'cache-control': 'no-store' },
        });
      },
    },
  ];
}
