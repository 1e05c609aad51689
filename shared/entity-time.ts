import type { EntityManager } from '@mikro-orm/core';
import { type Clock, systemClock } from './clock.ts';

/**
 * Entities stamp their createdAt/updatedAt by the app clock (the sandbox and tests move it), not the
 * wall clock. Each ORM is tied to its app's clock when it opens (server/orm.ts); keyed by the ORM's
 * configuration, which every entity manager forked from it shares, so two apps in one process
 * (tests) each keep their own.
 */
const clocks = new WeakMap<object, Clock>();

export function useClockFor(config: object, clock: Clock): void {
  clocks.set(config, clock);
}

/** For a property's onCreate/onUpdate: "now" by the clock of the ORM the entity manager belongs to. */
export const appNow = (_entity: unknown, em: EntityManager): Date =>
  (clocks.get(em.config) ?? systemClock).now();
