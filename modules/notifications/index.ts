/** The platform's own messages: one queue, sent once, in the recipient's language, at a polite hour. */
import { defineModule } from '../../shared/module.ts';
import { Delivery } from './entities/delivery.entity.ts';
import { notificationsRouter } from './notifications.router.ts';
import { deliveryWorker } from './notifications.sender.ts';
import { notificationSettings, notificationsEnv } from './notifications.settings.ts';

export type { DeliveryGuardSpec, DeliveryMedia, DeliveryPriority } from './entities/delivery.entity.ts';
export {
  type DeliveryOutcome,
  type Notice,
  type NoticeButton,
  type NoticeCtx,
  type NoticeParam,
  openDeliveries,
  queueNotice,
  type ShownMessage,
  sentAboutSql,
  sentSubjects,
  shownInChat,
  subjectOutcomes,
} from './notifications.notices.ts';
export type {
  AttachmentSource,
  DeliveryGuard,
  RecipientDirectory,
  Renderer,
} from './notifications.sender.ts';
export { quietUntil } from './notifications.sender.ts';
export { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notifications.settings.ts';

export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [Delivery],
  routers: { notifications: notificationsRouter },
  workers: [deliveryWorker],
  hookPoints: ['noticeRecipients', 'deliveryAttachments'],
  env: notificationsEnv,
  settings: notificationSettings,
});
