import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const documentErrors = registerErrors(
  defineErrors('documents', {
    document_not_found: 'NOT_FOUND',
    kind_unknown: 'BAD_REQUEST',
    kind_upload_only: 'BAD_REQUEST',
    fields_invalid: 'BAD_REQUEST',
    patient_not_found: 'NOT_FOUND',
    /** A doctor's account asked about a patient who has no visit with that doctor. */
    not_your_patient: 'FORBIDDEN',
    /** A doctor's account tried to revoke a document issued under another doctor's name, or none. */
    not_your_document: 'FORBIDDEN',
    visit_not_of_patient: 'BAD_REQUEST',
    doctor_not_found: 'NOT_FOUND',
    file_type: 'BAD_REQUEST',
    file_too_large: 'BAD_REQUEST',
    file_empty: 'BAD_REQUEST',
    issue_date_future: 'BAD_REQUEST',
    already_revoked: 'CONFLICT',
    revoked: 'CONFLICT',
  }),
);
