import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../../shared/roles.ts';
import { type ConsentPurpose, ConsentRecord } from '../entities/consent.entity.ts';
import { actingPatient } from '../patients.access.ts';
import { consentVersionOf } from '../patients.policy.ts';

/** A person's current answer for one purpose: the latest ledger row, or null when never asked. */
export async function currentConsent(
  em: EntityManager,
  patientId: number,
  purpose: ConsentPurpose,
): Promise<boolean | null> {
  const latest = await em.findOne(
    ConsentRecord,
    { patient: patientId, purpose },
    { orderBy: { at: 'desc', id: 'desc' } },
  );
  return latest ? latest.granted : null;
}

/**
 * Records an answer given in Telegram, with the version of the text the person saw. The ledger
 * only grows when the answer changes (a second "yes" says nothing new). Flushed by the caller,
 * with the change it goes with.
 */
export async function recordConsent(
  em: EntityManager,
  answer: { patientId: number; purpose: ConsentPurpose; granted: boolean; at: Date },
): Promise<void> {
  if ((await currentConsent(em, answer.patientId, answer.purpose)) === answer.granted) return;
  em.persist(
    em.create(ConsentRecord, {
      patient: answer.patientId,
      purpose: answer.purpose,
      textVersion: consentVersionOf(answer.purpose),
      granted: answer.granted,
      at: answer.at,
      channel: 'telegram',
    }),
  );
}

/** The patient a bot call acts for (whose chat the bot writes to). */
export async function actingPatientId(em: EntityManager, caller: Caller): Promise<number> {
  return (await actingPatient(em, caller)).patient.id;
}
