/**
 * The longest texts people may type where the platform keeps them, in characters: the API's
 * input schemas refuse anything longer, and the bot names the limit before asking again, so
 * nothing typed is lost without a word.
 */
export const TEXT_LIMITS = {
  /** A last, first or middle name (see person-name.ts). */
  personName: 60,
  /** A typed phone number, with spaces and punctuation. */
  phone: 40,
  /** A one-time code as typed. */
  code: 20,
  /** The comment after an NPS score. */
  npsComment: 2000,
  /** The reason a patient writes when cancelling for "another reason". */
  cancelNote: 500,
  /** A message to the clinic in a support request. */
  ticketMessage: 4000,
} as const;

/** An IIN has exactly this many digits. */
export const IIN_DIGITS = 12;
