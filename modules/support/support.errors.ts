import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const supportErrors = registerErrors(
  defineErrors('support', {
    category_not_found: 'NOT_FOUND',
    entry_not_found: 'NOT_FOUND',
    ticket_not_found: 'NOT_FOUND',
    ticket_closed: 'CONFLICT',
    answer_to_closed: 'CONFLICT',
    ticket_not_closed: 'CONFLICT',
    already_rated: 'CONFLICT',
    message_empty: 'BAD_REQUEST',
    assignee_not_found: 'NOT_FOUND',
    visit_not_found: 'NOT_FOUND',
    visit_not_past: 'BAD_REQUEST',
  }),
);
