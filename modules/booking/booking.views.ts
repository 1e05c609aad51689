import type { Localized } from '../../shared/localized.ts';
import { type BranchView, branchView } from '../clinic/index.ts';
import { type Appointment, type AppointmentStatus, UPCOMING } from './entities/appointment.entity.ts';

/** An appointment as it leaves the server (needs patient, doctor, branch, service loaded). */
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
  service: { id: number; name: Localized; durationMinutes: number; categoryId: number };
  cancelledBy: 'patient' | 'clinic' | null;
  cancelReason: string | null;
  source: 'bot' | 'staff' | 'api';
}

export function appointmentView(a: Appointment): AppointmentView {
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
      id: a.patient.id,
      lastName: a.patient.lastName,
      firstName: a.patient.firstName,
      middleName: a.patient.middleName ?? null,
    },
    doctor: { id: a.doctor.id, fullName: a.doctor.fullName, specialty: a.doctor.specialty },
    branch: branchView(a.branch),
    service: {
      id: a.service.id,
      name: a.service.name,
      durationMinutes: a.service.durationMinutes,
      categoryId: a.service.category.id,
    },
    cancelledBy: a.cancelledBy ?? null,
    cancelReason: a.cancelReason ?? null,
    source: a.source,
  };
}

export const APPOINTMENT_POPULATE = ['patient', 'doctor', 'branch', 'service', 'service.category'] as const;

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
