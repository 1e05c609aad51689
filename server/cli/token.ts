import { issueServiceToken, listServiceTokens, revokeServiceToken } from '../../modules/auth/index.ts';
import { systemClock } from '../../shared/clock.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/roles.ts';
import { TokenService } from '../../shared/tokens.ts';
import { migrate, openOrm } from '../orm.ts';
import { resolveSecrets } from '../secrets.ts';
import { argValue, cliSetup, withDatabase } from './cli.ts';

/**
 * npm run token -- --role <role> [--name <tool>] [--days <n>]   issues a token (printed once)
 * npm run token -- --list                                       lists the issued tokens
 * npm run token -- --revoke <id>                                takes one back at once
 * Tokens are for an internal tool (one staff role) or for the bot (`--role bot`); every one is
 * registered in the database, which is what makes it revocable.
 */
const args = process.argv.slice(2);
const role = argValue(args, '--role');
const revoke = argValue(args, '--revoke');
const list = args.includes('--list');
const name = argValue(args, '--name') ?? (role === 'bot' ? 'bot' : `tool-${role}`);
const days = Number(argValue(args, '--days') ?? 365);
const roles = [...STAFF_ROLES, 'bot'];
const usage =
  `Usage: npm run token -- --role <${roles.join('|')}> [--name <tool>] [--days <n>]\n` +
  '       npm run token -- --list\n' +
  '       npm run token -- --revoke <token id>';

if (!list && !revoke && (!role || !roles.includes(role))) {
  console.error(usage);
  process.exit(2);
}
if (role && (!/^[a-z0-9._-]{1,64}$/i.test(name) || !Number.isInteger(days) || days < 1 || days > 3650)) {
  console.error(
    '--name takes 1–64 letters, digits, dots, dashes or underscores; --days a whole number from 1 to 3650',
  );
  process.exit(2);
}
if (revoke && !/^[0-9a-f-]{36}$/i.test(revoke)) {
  console.error('--revoke takes the id of a token, as --list shows it');
  process.exit(2);
}

const { env, log } = cliSetup();
const tokens = new TokenService(resolveSecrets(env).jwtSecret, systemClock);
const code = await withDatabase(env, log, async (url) => {
  const orm = await openOrm(url, log, 2);
  try {
    await migrate(orm);
    const ctx = { em: orm.em.fork(), clock: systemClock, tokens };
    if (list) {
      for (const t of await listServiceTokens(ctx)) {
        const state = t.revokedAt
          ? `revoked ${t.revokedAt.toISOString()}`
          : `expires ${t.expiresAt.toISOString()}`;
        console.log(`${t.id}  ${t.kind === 'bot' ? 'bot' : t.roles.join(',')}  ${t.name}  ${state}`);
      }
      return 0;
    }
    if (revoke) {
      const revoked = await revokeServiceToken(ctx, { id: revoke, revokedBy: 'cli' }).catch(() => null);
      if (!revoked) {
        console.error(`No token with id ${revoke} (npm run token -- --list shows them).`);
        return 1;
      }
      console.log(`Revoked ${revoked.id} (${revoked.name}): it is refused from the next request on.`);
      return 0;
    }
    const issued = await issueServiceToken(ctx, {
      name,
      role: role as StaffRole | 'bot',
      days,
      createdBy: 'cli',
    });
    console.error(`Token ${issued.info.id} for ${name}, valid until ${issued.info.expiresAt.toISOString()}:`);
    console.log(issued.token);
    return 0;
  } finally {
    await orm.close(true);
  }
});
process.exit(code);
