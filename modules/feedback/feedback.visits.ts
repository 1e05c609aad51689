import type { EntityManager } from '@mikro-orm/postgresql';
import type { Localized } from '../../shared/localized.ts';
import type { VisitFacts } from '../booking/index.ts';
import { catalogViews } from '../clinic/index.ts';
import { patientBriefs } from '../patients/index.ts';

/** How a message about a visit names it. */
export interface VisitNames {
  doctor: string;
  service: Localized;
  branch: Localized;
  timeZone: string;
  /** "Last First", when asked for (staff messages). */
  patient: string;
}

/**
 * The names for messages about visits, asked of the clinic (and of patients, for staff alerts)
 * once for all of them: a fixed number of queries whatever the number of visits.
 */
export async function visitNames(
  em: EntityManager,
  visits: readonly VisitFacts[],
  options: { patients: boolean },
): Promise<(visit: VisitFacts) => VisitNames> {
  const catalog = await catalogViews(em, {
    branchIds: visits.map((v) => v.branchId),
    doctorIds: visits.map((v) => v.doctorId),
    serviceIds: visits.map((v) => v.serviceId),
  });
  const patients = options.patients
    ? await patientBriefs(
        em,
        visits.map((v) => v.patientId),
      )
    : null;
  return (visit) => {
    const branch = catalog.branches.get(visit.branchId);
    const doctor = catalog.doctors.get(visit.doctorId);
    const service = catalog.services.get(visit.serviceId);
    const patient = patients?.get(visit.patientId);
    // Foreign keys keep these rows: a missing one is a broken database, not a case to handle.
    if (!branch || !doctor || !service || (patients && !patient))
      throw new Error(`names of visit ${visit.id} not found`);
    return {
      doctor: doctor.fullName,
      service: service.name,
      branch: branch.name,
      timeZone: branch.timeZone,
      patient: patient ? [patient.lastName, patient.firstName].join(' ') : '',
    };
  };
}
