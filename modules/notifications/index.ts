/** The platform's own messages: one queue, sent once, in the recipient's language, at a polite hour. */
import { defineModule } from '../../shared/module.ts';
import { Delivery } from './entities/delivery.entity.ts';
import { deliveryWorker } from './notifications.jobs.ts';
import { DELIVERY_QUEUE } from './notifications.notices.ts';
import { notificationsRouter } from './notifications.router.ts';
import { notificationSettings, notificationsEnv } from './notifications.settings.ts';

export type { DeliveryGuardSpec } from './entities/delivery.entity.ts';
export type { DeliveryGuard, RecipientDirectory, Renderer } from './notifications.jobs.ts';
export {
  type Notice,
  type NoticeButton,
  type NoticeCtx,
  type NoticeParam,
  queueNotice,
} from './notifications.notices.ts';
export { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notifications.settings.ts';

export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [Delivery],
  routers: { notifications: notificationsRouter },
  queues: [DELIVERY_QUEUE],
  workers: [deliveryWorker],
  hookPoints: ['noticeRecipients'],
  env: notificationsEnv,
  settings: notificationSettings,
});
