import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/log.ts';
import type { Caller } from '../../shared/roles.ts';
import type { ModuleHooks } from '../../shared/trpc.ts';
import type { DocumentsSettings } from '../documents/index.ts';
import type { NotificationSettings } from '../notifications/index.ts';
import type { ProviderKey } from './entities/payment.entity.ts';
import { paymentErrors } from './payments.errors.ts';
import type { PaymentProvider } from './payments.providers.ts';
import type { PaymentsSettings } from './payments.settings.ts';

/** What the payments use cases need of a request, a job or a provider's callback. */
export type PaymentsCtx = {
  em: EntityManager;
  clock: Clock;
  caller: Caller;
  settings: { payments: PaymentsSettings; notifications: NotificationSettings; documents: DocumentsSettings };
  hooks: Pick<ModuleHooks, 'documentKinds'>;
  log: Logger;
};

/** The provider of that key this run has; a provider that is not configured is refused clearly. */
export function providerOf(ctx: Pick<PaymentsCtx, 'settings'>, key: ProviderKey): PaymentProvider {
  const provider = ctx.settings.payments.providers[key];
  if (!provider) throw paymentErrors('provider_off', { provider: key });
  return provider;
}

/** The next value of a named counter (a row lock on it): numbers never come from a count of rows. */
export async function nextCount(em: EntityManager, key: string, start = 1): Promise<number> {
  const [row] = (await em.execute(
    `insert into payments_counter (key, last) values (?, ?)
     on conflict (key) do update set last = payments_counter.last + 1
     returning last`,
    [key, start],
  )) as { last: number }[];
  return row!.last;
}
