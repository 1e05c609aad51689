import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const feedbackErrors = registerErrors(
  defineErrors('feedback', {
    not_completed: 'BAD_REQUEST',
    already_answered: 'CONFLICT',
    not_answered: 'BAD_REQUEST',
    follow_up_not_found: 'NOT_FOUND',
    follow_up_closed: 'CONFLICT',
  }),
);
