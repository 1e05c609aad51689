import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const clinicErrors = registerErrors(
  defineErrors('clinic', {
    branch_not_found: 'NOT_FOUND',
    category_not_found: 'NOT_FOUND',
    service_not_found: 'NOT_FOUND',
    doctor_not_found: 'NOT_FOUND',
    exception_not_found: 'NOT_FOUND',
    doctor_not_in_branch: 'BAD_REQUEST',
    invalid_age_range: 'BAD_REQUEST',
    schedule_overlap: 'CONFLICT',
  }),
);
