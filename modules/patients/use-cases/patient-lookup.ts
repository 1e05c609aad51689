import type { EntityManager } from '@mikro-orm/postgresql';
import { findByIds } from '../../../shared/find-by-ids.ts';
import { maskIin } from '../../../shared/iin.ts';
import type { Language } from '../../../shared/localized.ts';
import { isoDateOf } from '../../../shared/time.ts';
import { FamilyLink, Patient, TelegramAccount } from '../entities/patient.entity.ts';

/** A patient as other modules show and check them (a visit's patient): plain values. */
export interface PatientBrief {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** The IIN as it may be shown (its last four digits). */
  iinMasked: string;
}

/** Patients by id, in at most one query whatever their number. */
export async function patientBriefs(
  em: EntityManager,
  ids: readonly number[],
): Promise<Map<number, PatientBrief>> {
  const patients = await findByIds(em, Patient, ids);
  return new Map(
    patients.map((p) => [
      p.id,
      {
        id: p.id,
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: p.middleName ?? null,
        birthDate: isoDateOf(p.birthDate),
        iinMasked: maskIin(p.iinLast4),
      },
    ]),
  );
}

/**
 * The language to write to a patient in, where nobody chose one for this message (a document the
 * clinic issues): their own account's, else their first guardian's, else Russian.
 */
export async function patientLanguage(em: EntityManager, patientId: number): Promise<Language> {
  const own = await em.findOne(TelegramAccount, { patient: patientId });
  if (own?.language) return own.language;
  const link = await em.findOne(
    FamilyLink,
    { dependant: patientId, status: 'active' },
    { orderBy: { id: 'asc' }, populate: ['guardian'] },
  );
  const guardian = link ? await em.findOne(TelegramAccount, { patient: link.guardian }) : null;
  return guardian?.language ?? 'ru';
}
