import { Hono } from 'hono';
import type { ModuleRoute } from './module.ts';

/** What a module's Hono handlers see besides the request: the client the server passed in. */
export interface RouteEnv {
  Bindings: { client: { address: string | null } };
}

/**
 * A module's own routes, as a Hono app: paths and methods are declared, not parsed by hand.
 *
 * - It routes on the URL's pathname as it came (as server/http.ts does), so a pattern such as
 *   `:token{[A-Za-z0-9_.-]+}` sees what the client sent, not a percent-decoded path.
 * - A failure is thrown on to the server, which logs it and answers 500 as for any route; Hono's
 *   own answer would be a bare 500 with nothing logged.
 * - Hono answers HEAD with the GET route (body dropped): a GET that must not run for HEAD (one
 *   that records a download) says so itself.
 */
export function routeApp<E extends RouteEnv = RouteEnv>(): Hono<E> {
  const app = new Hono<E>({ getPath: (req) => new URL(req.url).pathname });
  app.onError((error) => {
    throw error;
  });
  return app;
}

/** The ModuleRoute that hands every request at or under `prefix` to the app. */
export function appRoute<E extends RouteEnv>(
  prefix: ModuleRoute['prefix'],
  app: Hono<E>,
  options: Pick<ModuleRoute, 'bodyLimit'> = {},
): ModuleRoute {
  return { prefix, ...options, handle: async (req, client) => app.fetch(req, { client }) };
}

/** The answer to a method the path does not take, naming those it does. */
export const methodNotAllowed = (allow: string, headers: Record<string, string> = {}) =>
  new Response('method not allowed', { status: 405, headers: { allow, ...headers } });
