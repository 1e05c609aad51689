import { systemClock } from '../../shared/clock.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/roles.ts';
import { TokenService } from '../../shared/tokens.ts';
import { resolveSecrets } from '../secrets.ts';
import { argValue, cliSetup } from './cli.ts';

/**
 * npm run token -- --role <role> [--name <tool>] [--days <n>]
 * Prints a service token for an internal tool (a staff role) or for the bot (`--role bot`).
 */
const args = process.argv.slice(2);
const role = argValue(args, '--role');
const name = argValue(args, '--name') ?? (role === 'bot' ? 'bot' : `tool-${role}`);
const days = Number(argValue(args, '--days') ?? 365);
const roles = [...STAFF_ROLES, 'bot'];

if (!role || !roles.includes(role)) {
  console.error(`Usage: npm run token -- --role <${roles.join('|')}> [--name <tool>] [--days <n>]`);
  process.exit(2);
}
if (!/^[a-z0-9._-]{1,64}$/i.test(name) || !Number.isInteger(days) || days < 1 || days > 3650) {
  console.error(
    '--name takes 1–64 letters, digits, dots, dashes or underscores; --days a whole number from 1 to 3650',
  );
  process.exit(2);
}

const { env } = cliSetup();
const tokens = new TokenService(resolveSecrets(env).jwtSecret, systemClock);
const token = await tokens.sign(
  role === 'bot' ? { kind: 'bot', name } : { kind: 'service', name, roles: [role as StaffRole] },
  days * 24 * 3600,
);
console.log(token);
