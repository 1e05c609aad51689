import { z } from 'zod';
import type { EnvProblem, RunMode, StartupDeps } from '../../shared/module.ts';
import { ensureFirstAdmin } from './use-cases/manage-accounts.ts';

/** The first admin's account (created at start when no active admin exists). */
export const authEnv = {
  ADMIN_USERNAME: z.string().min(3).optional().describe('first admin account, created when no admin exists'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
};
type AuthEnv = z.output<z.ZodObject<typeof authEnv>>;

/** Production never makes a password up, so a username comes with its password. */
export function checkAuthEnv(env: AuthEnv, { production }: RunMode): EnvProblem[] {
  return production && env.ADMIN_USERNAME && !env.ADMIN_PASSWORD
    ? [{ variable: 'ADMIN_PASSWORD', message: 'is required with ADMIN_USERNAME in production' }]
    : [];
}

/**
 * At start: the first admin when there is no active one. A password made up here (never in
 * production) is shown once at the terminal, and nowhere else.
 */
export async function createFirstAdmin(deps: StartupDeps, env: AuthEnv): Promise<string[] | undefined> {
  const admin = await ensureFirstAdmin(
    { em: deps.em() },
    { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD, generate: !deps.production },
  );
  if (admin?.password)
    return [`First admin created: username "${admin.username}", password "${admin.password}" (shown once).`];
  if (admin)
    deps.log.info({ username: admin.username }, 'first admin created from ADMIN_USERNAME/ADMIN_PASSWORD');
  return undefined;
}
