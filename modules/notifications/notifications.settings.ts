import { z } from 'zod';
import { toMinutes } from '../../shared/time.ts';

/**
 * How the platform's own messages go out (environment: STAFF_CHAT_*, QUIET_HOURS). Telegram's rate
 * limits are the server's (TELEGRAM_*_PER_SECOND): the bot's replies share them.
 */
export interface NotificationSettings {
  /** The staff chat for booking posts and alerts; null: none. */
  staffChatId: number | null;
  staffChatLanguage: 'ru' | 'kk';
  /** Non-urgent messages wait while the recipient's local time is in [start, end) (minutes). */
  quietStartMinute: number;
  quietEndMinute: number;
  /** Transient failures (5xx, timeouts) are retried this many times with backoff. */
  maxAttempts: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  staffChatId: null,
  staffChatLanguage: 'ru',
  quietStartMinute: 22 * 60,
  quietEndMinute: 8 * 60,
  maxAttempts: 8,
};

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    notifications: NotificationSettings;
  }
}

/** The environment variables the delivery queue reads. */
export const notificationsEnv = {
  STAFF_CHAT_ID: z.coerce
    .number()
    .int()
    .optional()
    .describe('Telegram chat (e.g. a staff group) for booking posts and alerts'),
  STAFF_CHAT_LANGUAGE: z.enum(['ru', 'kk']).default('ru'),
  QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be like 22:00-08:00, or off')
    .default('22:00-08:00')
    .describe('local hours when non-urgent messages wait (off: none)'),
};

export function notificationSettings(
  env: z.output<z.ZodObject<typeof notificationsEnv>>,
): NotificationSettings {
  // `off` is an empty window (start = end), which quietUntil never finds itself inside.
  const [start, end] = (env.QUIET_HOURS === 'off' ? '00:00-00:00' : env.QUIET_HOURS).split('-') as [
    string,
    string,
  ];
  return {
    ...DEFAULT_NOTIFICATION_SETTINGS,
    staffChatId: env.STAFF_CHAT_ID ?? null,
    staffChatLanguage: env.STAFF_CHAT_LANGUAGE,
    quietStartMinute: toMinutes(start),
    quietEndMinute: toMinutes(end),
  };
}
