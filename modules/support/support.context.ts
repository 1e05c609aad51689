import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { Caller } from '../../shared/roles.ts';
import type { NotificationSettings } from '../notifications/index.ts';
import type { SupportSettings } from './support.settings.ts';

/** What the support use cases need of a request or a job. */
export type SupportCtx = {
  em: EntityManager;
  clock: Clock;
  caller: Caller;
  settings: { support: SupportSettings; notifications: NotificationSettings };
};

/** The PostgreSQL NOTIFY channel a committed ticket message wakes the topic relay on. */
export const SUPPORT_CHANNEL = 'emhana_support';
