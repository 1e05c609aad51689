/**
 * Analytics: the clinic's numbers for staff and the console's charts — the registration and
 * booking funnels the bot reports (without personal data), and the figures other modules compute
 * behind their doors (bookings by channel, attendance, NPS, broadcast conversions, payments).
 */
import { defineModule } from '../../shared/module.ts';
import { analyticsRouter } from './analytics.router.ts';
import { FunnelEvent } from './entities/funnel-event.entity.ts';

export { FUNNELS, type Funnel, type FunnelStep, type StepCount } from './analytics.funnels.ts';

export const analyticsModule = defineModule({
  name: 'analytics',
  entities: [FunnelEvent],
  routers: { analytics: analyticsRouter },
});
