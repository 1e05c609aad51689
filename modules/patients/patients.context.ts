import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { KAZAKHSTAN_ZONE, localDate } from '../../shared/time.ts';
import type { ApiContext } from '../../shared/trpc.ts';
import { type NoticeButton, type NoticeParam, queueNotice } from '../notifications/index.ts';

/** What the patients use cases need of a request's context. */
export type PatientsCtx = Pick<ApiContext, 'em' | 'clock' | 'vault' | 'caller' | 'jobs' | 'settings'>;

/** Today in Kazakhstan (YYYY-MM-DD): ages and IIN dates are counted by it. */
export const todayOf = (ctx: Pick<PatientsCtx, 'clock'>) => localDate(ctx.clock.now(), KAZAKHSTAN_ZONE);

/**
 * A message to one Telegram account through the delivery queue, in the caller's transaction
 * (so it goes exactly when the change it tells of is committed). `urgent`: the person is in the
 * chat right now (it goes first and ignores quiet hours).
 */
export function tellAccount(
  ctx: Pick<PatientsCtx, 'em' | 'clock' | 'settings'>,
  message: {
    telegramUserId: number;
    purpose: string;
    target: string;
    template: string;
    params?: Record<string, NoticeParam>;
    buttons?: NoticeButton[][];
    urgent?: boolean;
  },
): Promise<boolean> {
  return queueNotice(ctx, {
    purpose: message.purpose,
    target: message.target,
    to: { telegramUserId: message.telegramUserId },
    template: message.template,
    params: message.params,
    buttons: message.buttons,
    priority: message.urgent ? 'urgent' : 'care',
    timeZone: KAZAKHSTAN_ZONE,
  });
}

/**
 * Two people creating a record for one IIN at the same moment: the unique IIN hash lets one win;
 * the other tries once more, and then finds the record (and takes the way for a known IIN).
 */
export async function onceMore<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return task();
  }
}
