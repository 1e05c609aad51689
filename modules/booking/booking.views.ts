import type { EntityManager } from '@mikro-orm/postgresql';
import type { Localized } from '../../shared/localized.ts';
import { type BranchView, type CatalogViews, catalogViews } from '../clinic/index.ts';
import { type PatientBrief, patientBriefs } from '../patients/index.ts';
import { type Appointment, type AppointmentStatus, UPCOMING } from './entities/appointment.entity.ts';

/** An appointment as it leaves the server, with the names of its patient, doctor, branch and service. */
export interface AppointmentView {
  id: number;
  version: number;
  status: AppointmentStatus;
  /** Still ahead and in the patient's hands: it may be confirmed, moved or cancelled (see UPCOMING). */
  upcoming: boolean;
  startsAt: Date;
  endsAt: Date;
  heldUntil: Date | null;
  priceTiyn: number;
  patient: { id: number; lastName: string; firstName: string; middleName: string | null };
  doctor: { id: number; fullName: string; specialty: Localized };
  branch: BranchView;
  /** prepaid: paid ahead of the visit (the booking issues its invoice), so the patient is told before confirming. */
  service: { id: number; name: Localized; durationMinutes: number; categoryId: number; prepaid: boolean };
  cancelledBy: 'patient' | 'clinic' | null;
  cancelReason: string | null;
  /** The patient's own words for "another reason". */
  cancelNote: string | null;
  source: 'bot' | 'staff' | 'api';
  /** The patient said they are running late (the latest report), for the day board; null: they did not. */
  runningLate: { minutes: number; reportedAt: Date } | null;
  /**
   * How an online visit is joined (the doctor's standing room or the visit's own); null: the visit
   * is at the branch. Only the visit's owner, their guardians and staff are shown a view.
   */
  joinUrl: string | null;
}

/**
 * The names and places of visits: their patients (asked of patients) and their doctors, branches
 * and services (asked of the clinic), fetched once for a whole list of visits.
 */
export interface VisitDetails {
  patients: Map<number, PatientBrief>;
  catalog: CatalogViews;
}

export async function visitDetails(em: EntityManager, visits: readonly Appointment[]): Promise<VisitDetails> {
  const catalog = await catalogViews(em, {
    branchIds: visits.map((a) => a.branchId),
    doctorIds: visits.map((a) => a.doctorId),
    serviceIds: visits.map((a) => a.serviceId),
  });
  const patients = await patientBriefs(
    em,
    visits.map((a) => a.patientId),
  );
  return { patients, catalog };
}

/** A row another module holds for a visit; foreign keys make a missing one a broken database. */
function known<T>(rows: Map<number, T>, id: number, what: string): T {
  const row = rows.get(id);
  if (!row) throw new Error(`${what} ${id} of a visit not found`);
  return row;
}

export function appointmentView(a: Appointment, details: VisitDetails): AppointmentView {
  const patient = known(details.patients, a.patientId, 'patient');
  const doctor = known(details.catalog.doctors, a.doctorId, 'doctor');
  const service = known(details.catalog.services, a.serviceId, 'service');
  const branch = known(details.catalog.branches, a.branchId, 'branch');
  return {
    id: a.id,
    version: a.version,
    status: a.status,
    upcoming: (UPCOMING as readonly string[]).includes(a.status),
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    heldUntil: a.heldUntil ?? null,
    priceTiyn: a.priceTiyn,
    patient: {
      id: patient.id,
      lastName: patient.lastName,
      firstName: patient.firstName,
      middleName: patient.middleName,
    },
    doctor: { id: doctor.id, fullName: doctor.fullName, specialty: doctor.specialty },
    // Each view its own branch object, as before (visits at one branch share the lookup).
    branch: { ...branch, location: { ...branch.location } },
    service: {
      id: service.id,
      name: service.name,
      durationMinutes: service.durationMinutes,
      categoryId: service.categoryId,
      prepaid: service.prepaid,
    },
    cancelledBy: a.cancelledBy ?? null,
    cancelReason: a.cancelReason ?? null,
    cancelNote: a.cancelNote ?? null,
    source: a.source,
    runningLate:
      a.lateMinutes != null && a.lateReportedAt != null
        ? { minutes: a.lateMinutes, reportedAt: a.lateReportedAt }
        : null,
    joinUrl: a.onlineRoom ?? null,
  };
}

/** The view of one visit. */
export async function viewOf(em: EntityManager, a: Appointment): Promise<AppointmentView> {
  return appointmentView(a, await visitDetails(em, [a]));
}

/** Views of a list of visits, in its order, with a fixed number of queries whatever its length. */
export async function appointmentViews(
  em: EntityManager,
  visits: readonly Appointment[],
): Promise<AppointmentView[]> {
  if (visits.length === 0) return [];
  const details = await visitDetails(em, visits);
  return visits.map((a) => appointmentView(a, details));
}

export interface SlotView {
  startsAt: Date;
  endsAt: Date;
  doctorIds: number[];
}

export interface AvailabilityView {
  timeZone: string;
  durationMinutes: number;
  days: { date: string; slots: SlotView[] }[];
}
