import type { Composer, Context, Filter } from 'grammy';
import { type ButtonCodec, button } from '../shared/buttons.ts';
import { LANGUAGES } from '../shared/localized.ts';
import type { ApiInputs } from './context.ts';

/** The reasons a patient may give for cancelling, and who a dependant is to the patient: the API's words. */
export const CANCEL_REASONS = [
  'plans_changed',
  'feel_better',
  'booked_elsewhere',
  'other',
] as const satisfies readonly ApiInputs['booking']['cancel']['reason'][];
export const RELATIONS = [
  'child',
  'parent',
  'spouse',
  'other',
] as const satisfies readonly ApiInputs['patients']['family']['add']['relation'][];

/**
 * The bot's own buttons (the server's are in shared/buttons.ts): each built and parsed by one
 * codec. Booking buttons carry the whole choice so far, so that flow needs no session.
 */
const choice = { patientId: 'int', branchId: 'int', serviceId: 'int', doctorId: 'int' } as const;

export const REGISTRATION = {
  language: button('reg:lang', { language: LANGUAGES }),
  accept: button('reg:consent:yes', { version: 'token' }),
  decline: button('reg:consent:no', {}),
  reconsider: button('reg:consent:show', {}),
  marketing: button('reg:mkt', { optIn: ['1', '0'] }),
  skipMiddleName: button('reg:skipmiddle', {}),
  edit: button('reg:edit', { field: ['phone', 'name', 'iin'] }),
  confirm: button('reg:confirm', {}),
  codeAgain: button('reg:code:again', {}),
  desk: button('reg:desk', {}),
} as const;

export const BOT_BUTTONS = {
  /** Change the language (from /language or the profile). */
  language: button('lang', { language: LANGUAGES }),

  /** The profile card (drawn again when a text is typed at it). */
  profile: button('prof:show', {}),
  profileLanguage: button('prof:lang', {}),
  profilePhone: button('prof:phone', {}),
  profileMarketing: button('prof:mkt', { optIn: ['1', '0'] }),
  profileDocuments: button('prof:docs', { optIn: ['1', '0'] }),
  deleteData: button('prof:del', {}),
  deleteDataYes: button('prof:del:yes', {}),
  deleteDataNo: button('prof:del:no', {}),

  family: button('fam:list', {}),
  familyAdd: button('fam:add', {}),
  familySkip: button('fam:skip', {}),
  familyRelation: button('fam:rel', { relation: RELATIONS }),
  familyRemove: button('fam:rm', { patientId: 'int' }),
  familyRemoveYes: button('fam:rm:yes', { patientId: 'int' }),
  familyRequestCancel: button('fam:rq:x', { requestId: 'int' }),
  guardians: button('fam:gd', {}),

  /** Booking: for whom → branch → category → service → doctor (0: any) → month/day → time. */
  bookFor: button('b:w', { patientId: 'int' }),
  bookBranch: button('b:b', { patientId: 'int', branchId: 'int' }),
  bookCategory: button('b:c', { patientId: 'int', branchId: 'int', categoryId: 'int' }),
  bookService: button('b:s', { patientId: 'int', branchId: 'int', serviceId: 'int' }),
  bookDoctor: button('b:d', choice),
  /** "Another day" after the nearest times of any doctor: the calendar of the choice. */
  bookCalendar: button('b:k', choice),
  bookMonth: button('b:m', { ...choice, month: 'month' }),
  bookDay: button('b:t', { ...choice, date: 'date' }),
  /** A time, in minutes since 1970 (UTC). */
  bookTime: button('b:h', { ...choice, minute: 'int' }),
  /** Back from the summary: releases the hold. */
  bookBack: button('b:no', { appointmentId: 'int', ...choice }),
  bookConfirm: button('b:ok', { appointmentId: 'int' }),
  /**
   * Booking opened at one service (a broadcast's "book this service"): whom for. Not a button,
   * the step's name (drawn again from it when a text is typed there).
   */
  bookServiceWhom: button('b:sw', { serviceId: 'int' }),
  /** For this person at this service: the branches offering it (straight on when one does). */
  bookServiceFor: button('b:sf', { patientId: 'int', serviceId: 'int' }),
  /** A calendar cell that is not a free day. */
  inert: button('b:x', {}),

  /** "My documents", at a page (0 first); a document opens with the server's BUTTONS.openDocument. */
  documents: button('d:l', { page: 'int' }),
  /** "Receive medical documents here in Telegram?": the answer, and the document it was asked for. */
  documentsConsent: button('d:c', { answer: ['yes', 'no'], documentId: 'int' }),

  /** "Payments": balances and unpaid invoices; an invoice opens in place with `payInvoice`. */
  payments: button('p:l', {}),
  payInvoice: button('p:o', { invoiceId: 'int' }),
  /** Pay this invoice through this provider: a link (and for Kaspi a QR) comes. */
  payWith: button('p:w', { provider: ['kaspi', 'halyk'], invoiceId: 'int' }),

  visits: button('a:list', {}),
  /** The last past visits, each opening its details (where "I was not at this visit" is). */
  pastVisits: button('a:past', {}),
  /** "I was not at this visit": the question, then the report. */
  absence: button('a:abs', { appointmentId: 'int' }),
  absenceYes: button('a:absy', { appointmentId: 'int' }),

  /** Help: the FAQ's topics, a topic's questions, an answer, the clinic's contacts. */
  supportHelp: button('h:m', {}),
  supportCategory: button('h:c', { categoryId: 'int' }),
  supportEntry: button('h:e', { entryId: 'int' }),
  supportContacts: button('h:k', {}),
  /** "Talk to a person": the next message opens a request. */
  supportTalk: button('h:t', {}),
  supportClose: button('h:x', { ticketId: 'int' }),
  /**
   * Not a button: the step a text typed right after a reminder opened (its buttons shown again),
   * named by the reminder's message in the chat.
   */
  reminderAgain: button('rm:again', { messageId: 'int' }),
  cancelReason: button('a:xr', { appointmentId: 'int', version: 'int', reason: CANCEL_REASONS }),
  cancelYes: button('a:xy', { appointmentId: 'int', version: 'int', reason: CANCEL_REASONS }),
  rescheduleMonth: button('r:m', { appointmentId: 'int', version: 'int', month: 'month' }),
  rescheduleDay: button('r:t', { appointmentId: 'int', version: 'int', date: 'date' }),
  rescheduleTime: button('r:h', { appointmentId: 'int', version: 'int', minute: 'int' }),
  rescheduleConfirm: button('r:ok', { appointmentId: 'int', version: 'int', minute: 'int' }),
} as const;

/**
 * Handles taps on one kind of button, with the values its data carries. Data that is not this
 * button's (forged, or from an older build) passes on to the "stale button" answer.
 */
export function onTap<C extends Context, V>(
  composer: Composer<C>,
  codec: ButtonCodec<V>,
  handler: (ctx: Filter<C, 'callback_query:data'>, values: V) => unknown,
): void {
  composer.on('callback_query:data', (ctx, next) => {
    const values = codec.parse(ctx.callbackQuery.data);
    return values ? handler(ctx, values) : next();
  });
}
