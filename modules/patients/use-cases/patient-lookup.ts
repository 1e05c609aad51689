import type { EntityManager } from '@mikro-orm/postgresql';
import { findByIds } from '../../../shared/find-by-ids.ts';
import { isoDateOf } from '../../../shared/time.ts';
import { Patient } from '../entities/patient.entity.ts';

/** A patient as other modules show and check them (a visit's patient): plain values. */
export interface PatientBrief {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string;
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
      },
    ]),
  );
}
