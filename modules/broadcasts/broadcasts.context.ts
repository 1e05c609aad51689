import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { Caller } from '../../shared/roles.ts';
import type { NotificationSettings } from '../notifications/index.ts';

/** What the broadcasts use cases need of a request or a job. */
export type BroadcastsCtx = {
  em: EntityManager;
  clock: Clock;
  caller: Caller;
  settings: { notifications: NotificationSettings };
};

/** The PostgreSQL NOTIFY channel that wakes the broadcast sender (a broadcast started or resumed). */
export const BROADCASTS_CHANNEL = 'emhana_broadcasts';
