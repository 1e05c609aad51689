import { defineErrors, registerErrors } from '../../shared/errors.ts';

export const broadcastErrors = registerErrors(
  defineErrors('broadcasts', {
    broadcast_not_found: 'NOT_FOUND',
    audience_not_found: 'NOT_FOUND',
    automation_not_found: 'NOT_FOUND',
    /** The change needs another state (an edit while sending, a resume of a finished one). */
    wrong_state: 'CONFLICT',
    /** Both languages are needed to test, approve or send. */
    text_missing: 'BAD_REQUEST',
    /** With a photo the text is its caption: Telegram takes 1,024 characters. */
    caption_too_long: 'BAD_REQUEST',
    /** Approval needs a test send of this very version first. */
    not_tested: 'CONFLICT',
    /** Sending needs an admin's approval of this very version. */
    not_approved: 'CONFLICT',
    /** A test goes to the staff member's own Telegram chat: none is set on the account. */
    no_own_chat: 'BAD_REQUEST',
    service_not_found: 'NOT_FOUND',
    /** A tap on a button of a broadcast sent to someone else, or one that has none. */
    button_not_found: 'NOT_FOUND',
    visit_not_found: 'NOT_FOUND',
  }),
);
