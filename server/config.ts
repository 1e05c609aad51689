import { Buffer } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { envBool } from '../shared/env.ts';
import { webhookPathSecrets } from '../shared/redact.ts';
import { assertDisjoint, checkModuleEnv, moduleEnv, withModuleEnvDefaults } from './modules.ts';

/**
 * The whole environment in one schema: the server's own variables here, each module's from its
 * description (server/modules.ts). Each variable says how to fix it, so a bad start-up prints
 * one message listing every problem at once instead of failing on them one by one.
 */
const bool = envBool;

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must look like postgres://user:password@host:5432/database');

const base64Key32 = z
  .string()
  .refine(
    (v) => Buffer.from(v, 'base64').length === 32,
    'must be 32 bytes in base64 (openssl rand -base64 32)',
  );

const serverEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1').describe('interface the HTTP server listens on, e.g. 0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('HTTP port, 1–65535'),
  TRUST_PROXY: bool
    .default(false)
    .describe('true behind a reverse proxy: client addresses come from its X-Forwarded-For'),
  PUBLIC_URL: z.url().optional().describe('public base URL of this server, e.g. https://emhana.example.kz'),
  DATABASE_URL: postgresUrl.optional().describe('leave unset to use the embedded PostgreSQL'),
  DATA_DIR: z.string().min(1).default('.data').describe('folder for the embedded database and dev secrets'),
  EMBEDDED_PG_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .default(54329)
    .describe('local port of the embedded PostgreSQL'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 48)').optional(),
  IIN_ENCRYPTION_KEY: base64Key32.optional(),
  ACCESS_TOKEN_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30)
    .describe('staff login token lifetime'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024)
    .describe('largest accepted request body'),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{30,}$/, 'must be the token BotFather gave you, like 123456:ABC-DEF…')
    .optional()
    .describe('unset = the local Telegram sandbox at /sandbox'),
  TELEGRAM_WEBHOOK_URL: z
    .url()
    .optional()
    .describe('public HTTPS URL Telegram posts updates to; unset = long polling'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 letters, digits, _ or -')
    .optional(),
  TELEGRAM_API_ROOT: z
    .url()
    .refine((url) => !url.endsWith('/'), 'must not end with /')
    .optional()
    .describe("the Bot API's root URL: a local Bot API server; unset = Telegram's, or the sandbox"),
  TELEGRAM_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(30)
    .describe("messages per second over all chats (Telegram's limit: about 30)"),
  TELEGRAM_CHAT_PER_SECOND: z.coerce
    .number()
    .min(0.1)
    .max(100)
    .default(1)
    .describe('messages per second sustained into one chat (Telegram: about 1)'),
  TELEGRAM_CHAT_BURST: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe('messages one chat may take at once before its sustained rate applies'),
  BOT_ENABLED: bool.default(true).describe('false runs the API without the bot'),
  API_URL: z.url().optional().describe('the bot calls this Emhana API over HTTP instead of in process'),
  API_TOKEN: z
    .string()
    .min(20)
    .optional()
    .describe('service token for the bot (npm run token -- --role bot)'),
  SMS_PROVIDER: z
    .enum(['mobizon', 'off'])
    .optional()
    .describe(
      'mobizon, or off (identity then proven at the desk only); unset = the sandbox stand-in when the Telegram sandbox runs',
    ),
  MOBIZON_API_URL: z.url().default('https://api.mobizon.kz').describe("Mobizon's API host for Kazakhstan"),
  MOBIZON_API_KEY: z.string().min(10).optional().describe('the API key from the Mobizon account'),
  SMS_SENDER: z.string().min(1).max(11).optional().describe('an approved sender name (alpha name) for SMS'),
  SANDBOX: bool
    .optional()
    .describe(
      'true serves the Telegram sandbox even when HOST is not a loopback address; false never serves it',
    ),
  SANDBOX_GLOBAL_PER_SECOND: z.coerce.number().int().min(1).default(30),
  SANDBOX_CHAT_PER_SECOND: z.coerce.number().min(0.1).default(1),
  SANDBOX_CHAT_BURST: z.coerce.number().int().min(1).default(4),
};
assertDisjoint('environment variable', [
  ['the server', serverEnv],
  ['a module', moduleEnv],
]);

export const envSchema = z.object({ ...moduleEnv, ...serverEnv });

const checked = envSchema.superRefine((env, ctx) => {
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['TELEGRAM_WEBHOOK_SECRET'],
      message: 'is required with TELEGRAM_WEBHOOK_URL',
    });
  }
  if (env.API_URL && !env.API_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['API_TOKEN'],
      message: 'is required with API_URL (npm run token -- --role bot)',
    });
  }
  if (env.SMS_PROVIDER === 'mobizon' && !env.MOBIZON_API_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['MOBIZON_API_KEY'],
      message: 'is required with SMS_PROVIDER=mobizon',
    });
  }
  const production = env.NODE_ENV === 'production';
  if (production) {
    if (env.SANDBOX) {
      ctx.addIssue({
        code: 'custom',
        path: ['SANDBOX'],
        message: 'cannot be true in production: the sandbox has no authentication and moves the clock',
      });
    }
    const required: [keyof typeof env, string][] = [
      ['JWT_SECRET', 'set a random secret of 32+ characters (openssl rand -base64 48)'],
      [
        'IIN_ENCRYPTION_KEY',
        'set a 32-byte key in base64 (openssl rand -base64 32); keep it safe, IINs cannot be read without it',
      ],
      ['DATABASE_URL', 'point it at your PostgreSQL (15 to 18); the embedded one is for development only'],
    ];
    for (const [key, how] of required) {
      if (!env[key])
        ctx.addIssue({ code: 'custom', path: [key], message: `is required in production: ${how}` });
    }
  }
  for (const { variable, message } of checkModuleEnv(env, { production }))
    ctx.addIssue({ code: 'custom', path: [variable], message });
});

/** Variables left unset whose default depends on production (modules say which) get it. */
const resolved = checked.transform((env) =>
  withModuleEnvDefaults(env, { production: env.NODE_ENV === 'production' }),
);

export type Env = z.output<typeof resolved>;

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `Emhana cannot start: the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet them in the environment or in .env (see env.example).',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads `.env` (when present) under the real environment; the real environment wins. */
export function readEnvironment(
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

export function parseEnv(raw: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as in most shells' `VAR= npm start`.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const result = resolved.safeParse(cleaned);
  if (result.success) return result.data;
  const shape = envSchema.shape as Record<string, z.ZodType>;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const hint = shape[key]?.description;
    const given = cleaned[key] === undefined ? '' : ` (got "${redactValue(key, cleaned[key])}")`;
    return `${key} ${issue.message}${given}${hint && !issue.message.includes(hint) ? ` — ${hint}` : ''}`;
  });
  throw new ConfigError(problems);
}

/** The variables whose values are secrets, by name: never shown in an error, blanked in the logs. */
const SECRET_NAME = /SECRET|KEY|PASSWORD|TOKEN/;

function redactValue(key: string, value: string | undefined): string {
  if (!value) return '';
  if (SECRET_NAME.test(key)) return '…';
  if (key === 'DATABASE_URL') return value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:…@');
  return value;
}

/**
 * The configured secrets a log line must never show, wherever one turns up (an error quoting a
 * URL with the bot token, a webhook path with its secret): what the logger blanks besides the
 * tokens it finds in addresses itself.
 */
export function logSecrets(env: Env): string[] {
  const named = Object.entries(env)
    .filter(([key, value]) => SECRET_NAME.test(key) && typeof value === 'string')
    .map(([, value]) => value as string)
    // A short value (a flag, a number) is no secret, and blanking it would garble every line.
    .filter((value) => value.length >= 12);
  return [...named, ...webhookPathSecrets(env.TELEGRAM_WEBHOOK_URL)];
}
