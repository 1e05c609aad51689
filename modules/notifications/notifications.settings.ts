/** How the platform's own messages go out (environment: STAFF_CHAT_*, QUIET_HOURS, DELIVERY_*). */
export interface NotificationSettings {
  /** The staff chat for booking posts and alerts; null: none. */
  staffChatId: number | null;
  staffChatLanguage: 'ru' | 'kk';
  /** Non-urgent messages wait while the recipient's local time is in [start, end) (minutes). */
  quietStartMinute: number;
  quietEndMinute: number;
  /** Telegram's limits: messages per second overall, and the gap between two into one chat. */
  globalPerSecond: number;
  perChatGapMs: number;
  /** Transient failures (5xx, timeouts) are retried this many times with backoff. */
  maxAttempts: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  staffChatId: null,
  staffChatLanguage: 'ru',
  quietStartMinute: 22 * 60,
  quietEndMinute: 8 * 60,
  globalPerSecond: 30,
  perChatGapMs: 1000,
  maxAttempts: 8,
};

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    notifications: NotificationSettings;
  }
}
