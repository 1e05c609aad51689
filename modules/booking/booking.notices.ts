import { BUTTONS } from '../../shared/buttons.ts';
import { type Notice, type NoticeCtx, queueNotice } from '../notifications/index.ts';
import type { AppointmentView } from './booking.views.ts';

/** What the clinic and the patient are told when a visit changes (queued in the same transaction). */
export function visitParams(a: AppointmentView) {
  return {
    patient: [a.patient.lastName, a.patient.firstName].join(' '),
    doctor: a.doctor.fullName,
    service: a.service.name,
    branch: a.branch.name,
    address: a.branch.address,
    at: { at: a.startsAt.toISOString(), zone: a.branch.timeZone },
  };
}

export type BookingEvent = 'booked' | 'rescheduled' | 'cancelled_by_patient' | 'cancelled_by_clinic';

/**
 * Posts the change to the staff chat and, when the clinic cancelled or moved the visit, tells the
 * patient (and so each guardian: a message about a patient reaches everyone who hears about them).
 */
export async function announce(
  ctx: NoticeCtx,
  a: AppointmentView,
  event: BookingEvent,
  options: { byClinic?: boolean } = {},
): Promise<void> {
  const target = `appointment:${a.id}@${a.version}`;
  const base = {
    target,
    timeZone: a.branch.timeZone,
    subject: { kind: 'appointment', id: a.id },
    priority: 'urgent' as const,
  };
  const notices: Notice[] = [
    {
      ...base,
      purpose: `staff.${event}`,
      to: { staffChat: true },
      template: `staff-${event.replaceAll('_', '-')}`,
      params: { ...visitParams(a), reason: { text: `reason-${a.cancelReason ?? 'other'}` } },
    },
  ];
  if (event === 'cancelled_by_clinic') {
    notices.push({
      ...base,
      // The patient hears of it at once: they may be on their way.
      purpose: 'patient.cancelled_by_clinic',
      to: { patientId: a.patient.id },
      template: 'notice-cancelled-by-clinic',
      params: visitParams(a),
      buttons: [[{ label: 'btn-rebook', data: BUTTONS.rebook.data({}) }]],
    });
  }
  if (event === 'rescheduled' && options.byClinic) {
    notices.push({
      ...base,
      purpose: 'patient.moved_by_clinic',
      to: { patientId: a.patient.id },
      template: 'notice-moved-by-clinic',
      params: visitParams(a),
      buttons: [[{ label: 'btn-my-appointments', data: BUTTONS.openVisit.data({ appointmentId: a.id }) }]],
    });
  }
  for (const notice of notices) await queueNotice(ctx, notice);
}
