/** Booking: free slots, appointments, holds, the rules around them, and the staff's day. */
import { bookingErrors } from './booking.errors.ts';
import { Appointment } from './entities/appointment.entity.ts';

export { bookingErasure } from './booking.erasure.ts';
export { appointmentGuard, type DispatchDeps, dispatchReminders } from './booking.jobs.ts';
export { bookingRouter } from './booking.router.ts';
export type { AppointmentView, AvailabilityView, SlotView } from './booking.views.ts';
export { Appointment };

export const bookingModule = { name: 'booking', entities: [Appointment], errors: bookingErrors };
