import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const patientErrors = registerErrors(
  defineErrors('patients', {
    telegram_user_required: 'BAD_REQUEST',
    iin_format: 'BAD_REQUEST',
    iin_century: 'BAD_REQUEST',
    iin_date: 'BAD_REQUEST',
    iin_future: 'BAD_REQUEST',
    iin_checksum: 'BAD_REQUEST',
    iin_taken: 'CONFLICT',
    phone_invalid: 'BAD_REQUEST',
    contact_not_own: 'BAD_REQUEST',
    name_invalid: 'BAD_REQUEST',
    consent_outdated: 'CONFLICT',
    consents_required: 'FORBIDDEN',
    registration_incomplete: 'BAD_REQUEST',
    not_registered: 'FORBIDDEN',
    patient_not_found: 'NOT_FOUND',
    dependant_not_found: 'NOT_FOUND',
    dependant_is_self: 'BAD_REQUEST',
    dependant_exists: 'CONFLICT',
    dependant_name_mismatch: 'BAD_REQUEST',
    dependant_has_account: 'CONFLICT',
  }),
);
