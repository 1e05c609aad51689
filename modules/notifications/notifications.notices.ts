import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import type { Localized } from '../../shared/localized.ts';
import { Delivery, type DeliveryGuardSpec } from './entities/delivery.entity.ts';
import type { NotificationSettings } from './notifications.settings.ts';

export const DELIVERY_QUEUE = 'notifications.delivery';

/** A value in a message, formatted in the recipient's language when the message is sent. */
export type NoticeParam =
  | string
  | number
  | { at: string; zone: string; style?: 'datetime' | 'date' | 'time' }
  | Localized
  | { tiyn: number }
  /** Another locale key, translated in the same language (a cancel reason). */
  | { text: string };

export interface NoticeButton {
  /** A locale key for the label. */
  label: string;
  /** Values for the label (a name on "Keep access for …"). */
  params?: Record<string, NoticeParam>;
  data?: string;
  url?: string;
}

export interface Notice {
  /** What the message is for ("booking.cancelled_by_clinic"); with `target` it is unique. */
  purpose: string;
  /** What it is about ("appointment:12@3"); the same purpose and target are sent once. */
  target: string;
  /**
   * A patient: everyone who hears about them when it is sent (their own account, each guardian's).
   * One Telegram account (about a patient, if given: it goes only while that account still may
   * hear about them). Or the staff chat.
   */
  to: { patientId: number } | { telegramUserId: number; patientId?: number } | { staffChat: true };
  /** A locale key. */
  template: string;
  params?: Record<string, NoticeParam>;
  buttons?: NoticeButton[][];
  urgent?: boolean;
  /** The zone whose night is quiet hours for this message. */
  timeZone: string;
  appointmentId?: number;
  notBefore?: Date;
  /** Checked again just before sending; a message whose reason has gone is skipped, not sent. */
  guard?: DeliveryGuardSpec;
}

export type NoticeCtx = {
  em: EntityManager;
  clock: Clock;
  jobs: JobQueue;
  settings: { notifications: NotificationSettings };
};

/**
 * Queues a message in the caller's transaction (an outbox): the delivery row and its job exist
 * exactly when the change that asked for them is committed. A second call with the same purpose
 * and target changes nothing. Returns whether it queued something new.
 */
export async function queueNotice(ctx: NoticeCtx, notice: Notice): Promise<boolean> {
  const settings = ctx.settings.notifications;
  const to = notice.to;
  if ('staffChat' in to && settings.staffChatId === null) return false;
  const [recipient, key, chatId] =
    'staffChat' in to
      ? (['staff_chat', `chat:${settings.staffChatId}`, settings.staffChatId] as const)
      : 'telegramUserId' in to
        ? (['account', `tg:${to.telegramUserId}`, to.telegramUserId] as const)
        : (['patient', `patient:${to.patientId}`, null] as const);
  const now = ctx.clock.now();
  const notBefore = notice.notBefore && notice.notBefore > now ? notice.notBefore : now;
  const rows = (await ctx.em.execute(
    `insert into notifications_delivery
       (unique_key, purpose, recipient, patient_id, chat_id, appointment_id, template, params, buttons,
        guard, urgent, time_zone, status, not_before, attempts, queued_at)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, 'queued', ?, 0, ?)
     on conflict (unique_key) do nothing
     returning id`,
    [
      `${notice.purpose}:${notice.target}:${key}`.slice(0, 200),
      notice.purpose,
      recipient,
      'patientId' in to ? (to.patientId ?? null) : null,
      chatId,
      notice.appointmentId ?? null,
      notice.template,
      JSON.stringify(notice.params ?? {}),
      notice.buttons ? JSON.stringify(notice.buttons) : null,
      notice.guard ? JSON.stringify(notice.guard) : null,
      notice.urgent ?? false,
      notice.timeZone,
      notBefore,
      now,
    ],
  )) as { id: number | string }[];
  const id = rows[0]?.id;
  if (id === undefined) return false;
  await ctx.jobs.send(DELIVERY_QUEUE, { deliveryId: Number(id) }, { startAfter: notBefore, em: ctx.em });
  return true;
}

export { Delivery };
