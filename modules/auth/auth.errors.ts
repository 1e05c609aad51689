import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const authErrors = registerErrors(
  defineErrors('auth', {
    invalid_credentials: 'UNAUTHORIZED',
    account_not_found: 'NOT_FOUND',
    username_taken: 'CONFLICT',
    last_admin: 'CONFLICT',
  }),
);
