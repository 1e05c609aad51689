import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const bookingErrors = registerErrors(
  defineErrors('booking', {
    appointment_not_found: 'NOT_FOUND',
    slot_taken: 'CONFLICT',
    slot_unavailable: 'BAD_REQUEST',
    patient_busy: 'CONFLICT',
    too_soon: 'BAD_REQUEST',
    too_far: 'BAD_REQUEST',
    change_too_late: 'BAD_REQUEST',
    limit_active: 'CONFLICT',
    limit_category: 'CONFLICT',
    limit_account: 'CONFLICT',
    age_restricted: 'BAD_REQUEST',
    hold_expired: 'CONFLICT',
    invalid_transition: 'CONFLICT',
    not_started: 'CONFLICT',
    not_your_patient: 'FORBIDDEN',
    /** A doctor's own day needs the signed-in account to be linked to a clinic doctor. */
    no_doctor_linked: 'FORBIDDEN',
    service_not_offered: 'BAD_REQUEST',
    visit_changed: 'CONFLICT',
  }),
);
