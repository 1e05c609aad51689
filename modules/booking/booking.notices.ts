import type { EntityManager } from '@mikro-orm/postgresql';
import { BUTTONS } from '../../shared/buttons.ts';
import { visitCalendarFile } from '../../shared/ics.ts';
import {
  type AttachmentSource,
  type DeliveryMedia,
  type Notice,
  type NoticeCtx,
  queueNotice,
} from '../notifications/index.ts';
import { type AppointmentView, viewOf } from './booking.views.ts';
import { Appointment, UPCOMING } from './entities/appointment.entity.ts';

/** What the clinic and the patient are told when a visit changes (queued in the same transaction). */
export function visitParams(a: AppointmentView) {
  return {
    patient: [a.patient.lastName, a.patient.firstName].join(' '),
    doctor: a.doctor.fullName,
    service: a.service.name,
    branch: a.branch.name,
    address: a.branch.address,
    at: { at: a.startsAt.toISOString(), zone: a.branch.timeZone },
    // An online visit is joined by its link and has no street (see visit-place in the locales).
    place: a.joinUrl ? 'online' : 'clinic',
    link: a.joinUrl ?? '',
  };
}

/** The values of the visit card (bk-card), as the bot shows it after the patient books. */
function cardParams(a: AppointmentView) {
  return {
    ...visitParams(a),
    minutes: a.service.durationMinutes,
    specialty: a.doctor.specialty,
    when: { at: a.startsAt.toISOString(), zone: a.branch.timeZone, style: 'day' as const },
    price: { tiyn: a.priceTiyn },
  };
}

/**
 * The visit's calendar file, made when it is sent (in the reader's language, from the visit as it
 * is then), and for a visit at the branch its place on the map; an online visit has neither street
 * nor pin.
 */
function visitMedia(a: AppointmentView): DeliveryMedia {
  return {
    type: 'document',
    attachment: { kind: VISIT_ICS, appointmentId: a.id },
    ...(a.joinUrl
      ? {}
      : {
          venue: {
            latitude: a.branch.location.latitude,
            longitude: a.branch.location.longitude,
            title: a.branch.name,
            address: a.branch.address,
          },
        }),
  };
}

const VISIT_ICS = 'visit-ics';

/**
 * The calendar file of a visit as it is now (the same UID every time, SEQUENCE its version, so the
 * phone's calendar moves the event it has, or takes it out once the visit is cancelled). Null when
 * the visit is gone (its data deleted).
 */
export const visitIcsAttachment: AttachmentSource = {
  kind: VISIT_ICS,
  async load(em: EntityManager, spec, reader) {
    const appointment = await em.findOne(Appointment, spec.appointmentId as number);
    if (!appointment) return null;
    const view = await viewOf(em, appointment);
    const t = (key: string, params: Record<string, string>) =>
      reader.renderer.plain(reader.language, key, params);
    return visitCalendarFile(view, reader.language, t, appointment.updatedAt);
  },
};

/** Sent only while the visit is still upcoming at this time (not moved again, not cancelled). */
const stillAt = (a: AppointmentView) => ({
  kind: 'appointment',
  appointmentId: a.id,
  startsAt: a.startsAt.toISOString(),
  statuses: [...UPCOMING],
});

export type BookingEvent = 'booked' | 'rescheduled' | 'cancelled_by_patient' | 'cancelled_by_clinic';

/**
 * Posts the change to the staff chat and, when the clinic made it (a booking by phone, a move, a
 * cancellation), tells the patient (and so each guardian: a message about a patient reaches
 * everyone who hears about them). What the patient did in the bot, the bot has already answered.
 */
export async function announce(
  ctx: NoticeCtx,
  a: AppointmentView,
  event: BookingEvent,
  options: { byClinic?: boolean; movedFrom?: Date } = {},
): Promise<void> {
  const target = `appointment:${a.id}@${a.version}`;
  const base = {
    target,
    timeZone: a.branch.timeZone,
    subject: { kind: 'appointment', id: a.id },
    priority: 'urgent' as const,
  };
  const openVisit = [
    [{ label: 'btn-my-appointments', data: BUTTONS.openVisit.data({ appointmentId: a.id }) }],
  ];
  const notices: Notice[] = [
    {
      ...base,
      purpose: `staff.${event}`,
      to: { staffChat: true },
      template: `staff-${event.replaceAll('_', '-')}`,
      // The patient's own words stay on the visit (staff read them there, audited): a group chat
      // is no place for what a patient may write about their health.
      params: {
        ...visitParams(a),
        reason: { text: a.cancelNote ? 'reason-other-noted' : `reason-${a.cancelReason ?? 'other'}` },
      },
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
      // The calendar file that takes the visit out of the phone's calendar (a cancelled visit's
      // file: same UID, a higher SEQUENCE than the booking's and the moves'); no pin.
      media: { type: 'document', attachment: { kind: VISIT_ICS, appointmentId: a.id } },
      buttons: [[{ label: 'btn-rebook', data: BUTTONS.rebook.data({}) }]],
    });
  }
  if (event === 'booked' && options.byClinic) {
    notices.push({
      ...base,
      // The confirmation the bot gives a patient who books: the card, the calendar file, the place.
      purpose: 'patient.booked_by_clinic',
      to: { patientId: a.patient.id },
      template: 'notice-booked-by-clinic',
      params: cardParams(a),
      media: visitMedia(a),
      buttons: openVisit,
      // At once, like a move: a booking by phone is made while the patient is on the line, and
      // the two must arrive in the order they were made (one priority keeps the queue's order).
      // Cancelled or moved before it went: the cancellation or the move's message says it all.
      guard: stillAt(a),
    });
  }
  if (event === 'rescheduled' && options.byClinic) {
    const from = options.movedFrom ?? a.startsAt;
    notices.push({
      ...base,
      purpose: 'patient.moved_by_clinic',
      to: { patientId: a.patient.id },
      template: 'notice-moved-by-clinic',
      params: {
        ...visitParams(a),
        from: { at: from.toISOString(), zone: a.branch.timeZone, style: 'day' },
        to: { at: a.startsAt.toISOString(), zone: a.branch.timeZone, style: 'day' },
      },
      // A fresh calendar file with the new time (same UID, higher SEQUENCE); the place has not
      // changed (a move keeps the branch), so no second pin.
      media: { type: 'document', attachment: { kind: VISIT_ICS, appointmentId: a.id } },
      buttons: openVisit,
      // Moved again or cancelled before it went: the later message tells the patient.
      guard: stillAt(a),
    });
  }
  for (const notice of notices) await queueNotice(ctx, notice);
}

/**
 * A no-show recorded by the clinic: a short note with the way to book again, so the patient who
 * simply forgot is not left without a visit.
 */
export async function announceNoShow(ctx: NoticeCtx, a: AppointmentView): Promise<void> {
  await queueNotice(ctx, {
    purpose: 'patient.no_show',
    target: `appointment:${a.id}@${a.version}`,
    to: { patientId: a.patient.id },
    template: 'notice-no-show',
    params: visitParams(a),
    buttons: [[{ label: 'btn-rebook', data: BUTTONS.rebook.data({}) }]],
    timeZone: a.branch.timeZone,
    subject: { kind: 'appointment', id: a.id },
    priority: 'care',
  });
}
