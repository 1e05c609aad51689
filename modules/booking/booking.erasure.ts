import type { ErasureStep } from '../patients/index.ts';
import { changeVisitStatus } from './booking.changes.ts';
import { announce } from './booking.notices.ts';
import { appointmentViews } from './booking.views.ts';
import { Appointment, UPCOMING } from './entities/appointment.entity.ts';

const futureVisits = (patientIds: number[], now: Date) => ({
  patientId: { $in: patientIds },
  status: { $in: [...UPCOMING] },
  startsAt: { $gt: now },
});

/**
 * Booking's part in "delete my data": the future visits are cancelled (by the patient, reason
 * "data_deleted", which the day board shows and the staff chat is told), so the time is free
 * again and the clinic is not left waiting for someone it can no longer reach. Holds just go.
 */
export const bookingErasure: ErasureStep = {
  async preview(em, patientIds, now) {
    const visits = await em.find(Appointment, futureVisits(patientIds, now), {
      orderBy: { startsAt: 'asc' },
    });
    return (await appointmentViews(em, visits)).map((a) => ({
      patientId: a.patient.id,
      patientName: `${a.patient.lastName} ${a.patient.firstName}`,
      startsAt: a.startsAt,
      timeZone: a.branch.timeZone,
      title: a.service.name,
      place: a.branch.name,
    }));
  },

  async apply(ctx, patientIds) {
    const { em } = ctx;
    const now = ctx.clock.now();
    await em.nativeDelete(Appointment, { patientId: { $in: patientIds }, status: 'held' });
    const visits = await em.find(Appointment, futureVisits(patientIds, now));
    // Each one as any cancellation is (payments voids what was not paid yet).
    for (const a of visits)
      await changeVisitStatus(ctx, a, 'cancelled', { by: 'patient', reason: 'data_deleted' });
    for (const a of await appointmentViews(em, visits)) await announce(ctx, a, 'cancelled_by_patient');
    return visits.length;
  },
};
