/** Booking: free slots, appointments, holds, the rules around them, and the staff's day. */
import { defineModule, foreignKey } from '../../shared/module.ts';
import { bookingErasure } from './booking.erasure.ts';
import { bookingErrors } from './booking.errors.ts';
import { appointmentGuard, dispatchReminders } from './booking.jobs.ts';
import { visitIcsAttachment } from './booking.notices.ts';
import { bookingRouter } from './booking.router.ts';
import { bookingEnv, bookingSettings } from './booking.settings.ts';
import { Appointment } from './entities/appointment.entity.ts';

export type {
  VisitChange,
  VisitChangeCtx,
  VisitChangeListener,
  VisitEvent,
} from './booking.changes.ts';
export type { AppointmentView, AvailabilityView, SlotView } from './booking.views.ts';
export {
  latestBranchSql,
  type VisitAudience,
  visitAudienceSql,
  visitsBookedAfter,
} from './use-cases/audience.ts';
export {
  type AttendanceFigures,
  attendance,
  BOOKING_CHANNELS,
  type BookingChannel,
  bookingsByChannel,
} from './use-cases/figures.ts';
export { isPatientOfDoctor } from './use-cases/list-appointments.ts';
export { completedVisits, type VisitFacts, visitFacts, visitFactsOf } from './use-cases/visit-facts.ts';

export const bookingModule = defineModule({
  name: 'booking',
  entities: [Appointment],
  foreignKeys: [
    foreignKey(Appointment, 'patientId', 'Patient'),
    foreignKey(Appointment, 'doctorId', 'Doctor'),
    foreignKey(Appointment, 'branchId', 'Branch'),
    foreignKey(Appointment, 'serviceId', 'Service'),
  ],
  routers: { booking: bookingRouter },
  errors: bookingErrors,
  dispatch: dispatchReminders,
  deliveryChecks: { appointment: appointmentGuard },
  hookPoints: ['visitChanges'],
  hooks: { patientErasure: [bookingErasure], deliveryAttachments: [visitIcsAttachment] },
  env: bookingEnv,
  settings: bookingSettings,
});
