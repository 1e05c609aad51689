import { z } from 'zod';
import { envInt } from '../../shared/env.ts';

/** How support runs (environment: SUPPORT_*). */
export interface SupportSettings {
  /** An open ticket waiting this long for its first answer alerts the staff group. */
  firstResponseMinutes: number;
  /** When operators answer, in the clinic's zone: minutes from midnight, and weekdays (1 = Monday). */
  hours: { start: number; end: number; days: number[]; timeZone: string };
  /** The staff group with forum topics (one topic per ticket); null: tickets live in the API only. */
  groupChatId: number | null;
}

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    support: SupportSettings;
  }
}

const time = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

export const supportEnv = {
  SUPPORT_FIRST_RESPONSE_MINUTES: envInt(1, 7 * 24 * 60)
    .default(30)
    .describe('alert the staff group when a ticket waits this long for its first answer'),
  SUPPORT_HOURS: z
    .string()
    .regex(time, 'must be like 09:00-20:00')
    .default('09:00-20:00')
    .describe('when operators answer (clinic time)'),
  SUPPORT_DAYS: z
    .string()
    .regex(/^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$/, 'must be like 1-5 or 1-5,7 (1 = Monday)')
    .default('1-6')
    .describe('the weekdays operators answer (1 = Monday)'),
  SUPPORT_CHAT_ID: z.coerce
    .number()
    .int()
    .optional()
    .describe('the staff group with topics where tickets are answered (default: STAFF_CHAT_ID)'),
};

type Env = z.output<z.ZodObject<typeof supportEnv>> & { STAFF_CHAT_ID?: number };

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** "1-5,7" → [1, 2, 3, 4, 5, 7]. */
export function weekdays(spec: string): number[] {
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    for (let d = from; d <= (to ?? from); d++) days.add(d);
  }
  return [...days].sort();
}

export const supportSettings = (env: Env): SupportSettings => {
  const [start, end] = env.SUPPORT_HOURS.split('-') as [string, string];
  return {
    firstResponseMinutes: env.SUPPORT_FIRST_RESPONSE_MINUTES,
    hours: {
      start: minutes(start),
      end: minutes(end),
      days: weekdays(env.SUPPORT_DAYS),
      timeZone: 'Asia/Almaty',
    },
    groupChatId: env.SUPPORT_CHAT_ID ?? env.STAFF_CHAT_ID ?? null,
  };
};
