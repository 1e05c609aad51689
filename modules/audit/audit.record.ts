import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf, viaOf } from '../../shared/actor.ts';
import type { Caller } from '../../shared/roles.ts';
import { AuditEntry } from './entities/audit-entry.entity.ts';

/**
 * Records who did what to whose data, and through what (flushed with the change it describes).
 * Who and through what come from the caller alone, so no use case names them.
 */
export function audit(
  em: EntityManager,
  caller: Caller,
  at: Date,
  action: string,
  patientId: number | null,
): void {
  em.persist(em.create(AuditEntry, { actor: actorOf(caller), via: viaOf(caller), action, patientId, at }));
}
