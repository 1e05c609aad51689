import { actorOf } from '../../shared/actor.ts';
import { botProcedure, publicProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import { findPatients } from '../patients/index.ts';
import * as s from './booking.schemas.ts';
import { answerArrival, confirmAttendance, reminderShown } from './use-cases/answer-reminder.ts';
import { availability, nearestAlternatives } from './use-cases/availability.ts';
import { bookAsPatient, bookSlot, confirmHold, releaseHold } from './use-cases/book-appointment.ts';
import { cancelAppointment, changeStatus, moveAppointment } from './use-cases/change-appointment.ts';
import {
  dayBoard,
  getAppointment,
  myAppointments,
  myDay,
  ownerCheck,
} from './use-cases/list-appointments.ts';
import { servicesForPatient, servicesForStaff } from './use-cases/offer-services.ts';

const frontDesk = () => staffProcedure('admin', 'registrar');
const clinical = () => staffProcedure('admin', 'registrar', 'doctor');

export const bookingRouter = router({
  /** Free slots; the catalog is public, so is its availability. */
  availability: publicProcedure
    .input(s.availabilityInput)
    .query(({ ctx, input }) => availability(ctx, input)),
  nearest: publicProcedure.input(s.nearestInput).query(({ ctx, input }) => nearestAlternatives(ctx, input)),

  /** The patient's side, through the bot: always for the acting patient or their dependant. */
  services: botProcedure
    .input(s.patientServicesInput)
    .query(({ ctx, input }) => servicesForPatient(ctx, input)),
  hold: botProcedure
    .input(s.patientBookInput)
    .mutation(({ ctx, input }) => bookAsPatient(ctx, input, 'hold')),
  confirm: botProcedure
    .input(s.appointmentIdInput)
    .mutation(({ ctx, input }) => confirmHold(ctx, input.appointmentId, ownerCheck(ctx))),
  release: botProcedure
    .input(s.appointmentIdInput)
    .mutation(({ ctx, input }) => releaseHold(ctx, input.appointmentId, ownerCheck(ctx))),
  book: botProcedure
    .input(s.patientBookInput)
    .mutation(({ ctx, input }) => bookAsPatient(ctx, input, 'book')),
  mine: botProcedure.query(({ ctx }) => myAppointments(ctx)),
  get: botProcedure
    .input(s.appointmentIdInput)
    .query(({ ctx, input }) => getAppointment(ctx, input.appointmentId)),
  reschedule: botProcedure
    .input(s.moveInput)
    .mutation(({ ctx, input }) => moveAppointment(ctx, { ...input, asStaff: false }, ownerCheck(ctx))),
  attend: botProcedure.input(s.versionedInput).mutation(({ ctx, input }) => confirmAttendance(ctx, input)),
  arrival: botProcedure.input(s.arrivalInput).mutation(({ ctx, input }) => answerArrival(ctx, input)),
  reminderShown: botProcedure.input(s.chatMessageInput).query(({ ctx, input }) => reminderShown(ctx, input)),
  cancel: botProcedure
    .input(s.patientCancelInput)
    .mutation(({ ctx, input }) => cancelAppointment(ctx, { ...input, by: 'patient' }, ownerCheck(ctx))),

  /** The clinic's side. */
  staff: router({
    dayBoard: clinical()
      .input(s.dayBoardInput)
      .query(({ ctx, input }) => dayBoard(ctx, input)),
    /** The signed-in doctor's own visits of a day, at every branch. */
    myDay: staffProcedure('doctor')
      .input(s.myDayInput)
      .query(({ ctx, input }) => myDay(ctx, input)),
    get: clinical()
      .input(s.appointmentIdInput)
      .query(({ ctx, input }) => getAppointment(ctx, input.appointmentId)),
    /**
     * Free slots as the desk books them: without the patients' minimum notice (staff may book a
     * walk-in into the next free half hour; book and move accept it for staff already).
     */
    availability: frontDesk()
      .input(s.availabilityInput)
      .query(({ ctx, input }) => availability(ctx, { ...input, ignoreNotice: true })),
    /** The same offer as the patient's, for a patient staff book for (no account limit). */
    services: frontDesk()
      .input(s.staffServicesInput)
      .query(({ ctx, input }) => servicesForStaff(ctx, input)),
    findPatients: frontDesk()
      .input(s.findPatientInput)
      .query(({ ctx, input }) => findPatients(ctx, input)),
    book: frontDesk()
      .input(s.staffBookInput)
      .mutation(({ ctx, input }) =>
        bookSlot(ctx, { ...input, mode: 'book', source: 'staff', actor: actorOf(ctx.caller), asStaff: true }),
      ),
    move: frontDesk()
      .input(s.moveInput)
      .mutation(({ ctx, input }) => moveAppointment(ctx, { ...input, asStaff: true }, ownerCheck(ctx))),
    cancel: frontDesk()
      .input(s.clinicCancelInput)
      .mutation(({ ctx, input }) => cancelAppointment(ctx, { ...input, by: 'clinic' }, ownerCheck(ctx))),
    setStatus: clinical()
      .input(s.staffStatusInput)
      .mutation(({ ctx, input }) => changeStatus(ctx, input, ownerCheck(ctx))),
  }),
});
