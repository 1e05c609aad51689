/**
 * Broadcasts: one message to many patients — the right ones (an audience from what the clinic
 * knows), in their language, with their consent, at Telegram's pace — and automations that send
 * themselves (recall, win-back).
 */
import { defineModule } from '../../shared/module.ts';
import { broadcastsErasure } from './broadcasts.erasure.ts';
import { broadcastErrors } from './broadcasts.errors.ts';
import { broadcastsRouter } from './broadcasts.router.ts';
import { broadcastRoutes } from './broadcasts.routes.ts';
import { broadcastGuard, broadcastSender } from './broadcasts.sender.ts';
import { broadcastsSettings } from './broadcasts.settings.ts';
import { Automation, Broadcast, BroadcastRecipient, SavedAudience } from './entities/broadcast.entity.ts';
import { dispatchAutomations } from './use-cases/automations.ts';

export type { BroadcastsSettings } from './broadcasts.settings.ts';
export {
  type BroadcastConversion,
  type BroadcastNumbers,
  broadcastConversions,
  CONVERSION_DAYS,
} from './use-cases/stats.ts';

export const broadcastsModule = defineModule({
  name: 'broadcasts',
  entities: [Broadcast, BroadcastRecipient, SavedAudience, Automation],
  routers: { broadcasts: broadcastsRouter },
  errors: broadcastErrors,
  workers: [broadcastSender],
  dispatch: dispatchAutomations,
  deliveryChecks: { broadcast: broadcastGuard },
  hooks: { patientErasure: [broadcastsErasure] },
  routes: broadcastRoutes,
  settings: broadcastsSettings,
});
