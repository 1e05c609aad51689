import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const authErrors = registerErrors(
  defineErrors('auth', {
    invalid_credentials: 'UNAUTHORIZED',
    /** Too many failed sign-ins for this username or from this address; `retryAfterSeconds` says when. */
    too_many_attempts: 'TOO_MANY_REQUESTS',
    account_not_found: 'NOT_FOUND',
    username_taken: 'CONFLICT',
    last_admin: 'CONFLICT',
    token_not_found: 'NOT_FOUND',
    /** An account linked to a clinic doctor that does not exist. */
    doctor_not_found: 'NOT_FOUND',
  }),
);
