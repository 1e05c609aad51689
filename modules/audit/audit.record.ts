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

/** Records a read of each patient a list shows, once per patient however many rows name them. */
export function auditReads(
  em: EntityManager,
  caller: Caller,
  at: Date,
  action: string,
  patientIds: Iterable<number>,
): void {
  for (const patientId of new Set(patientIds)) audit(em, caller, at, action, patientId);
}

/**
 * Records a read that a screen repeats by itself (the day board asks again every few seconds): a
 * patient's entry is written only when the same actor has none for the same action within
 * `withinMs` before `at`. The log still says who saw which patient and when (to that window), but
 * a board left open all day writes a few rows per patient, not thousands. Reads that differ (the
 * visit opened, a change made) are audited as before, each time. Two reads racing may both write:
 * a duplicate row is harmless, a missing one would not be.
 */
export async function auditRepeatedRead(
  em: EntityManager,
  caller: Caller,
  at: Date,
  action: string,
  patientIds: Iterable<number>,
  withinMs: number,
): Promise<void> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return;
  const actor = actorOf(caller);
  const recent = await em.find(
    AuditEntry,
    { actor, action, patientId: { $in: ids }, at: { $gt: new Date(at.getTime() - withinMs), $lte: at } },
    { fields: ['patientId'] },
  );
  const seen = new Set(recent.map((e) => e.patientId));
  auditReads(
    em,
    caller,
    at,
    action,
    ids.filter((id) => !seen.has(id)),
  );
}
