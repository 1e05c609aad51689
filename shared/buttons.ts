/**
 * Callback data: what an inline button sends back when tapped (Telegram allows 64 bytes). Each
 * kind of button has one codec that builds its data where the button is made and parses it where
 * the tap is handled, so the two sides agree by construction. The buttons below are the contract
 * between the server's queued messages (reminders, notices, requests) and the bot's handlers; the
 * bot's own buttons are in bot/buttons.ts. Every prefix is unique across both.
 */

/** A value in a button's data: a whole number, one of some words, a date, a month or a short token. */
export type Field = 'int' | 'date' | 'month' | 'token' | readonly string[];
type ValuesOf<F extends Record<string, Field>> = {
  [K in keyof F]: F[K] extends readonly (infer E)[] ? E : F[K] extends 'int' ? number : string;
};
const SHAPES = { int: '\\d{1,10}', date: '\\d{4}-\\d{2}-\\d{2}', month: '\\d{4}-\\d{2}', token: '[\\w.-]+' };

const MAX_BYTES = 64;
/** Ids are PostgreSQL integers: a larger number in forged data is no button's. */
const MAX_INT = 2_147_483_647;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface ButtonCodec<V> {
  readonly prefix: string;
  /** The values the data carries after the prefix, in order, and their shape. */
  readonly fields: Readonly<Record<string, Field>>;
  /** The data for a button with these values. */
  data(values: V): string;
  /** Matches this button's data; parse also checks the numbers are ids. */
  readonly pattern: RegExp;
  /** The values in a tapped button's data, or null when it is not this button's. */
  parse(data: string): V | null;
}

/** A button whose data is `prefix:value:value…`, the values in the order the fields are given. */
export function button<const F extends Record<string, Field>>(
  prefix: string,
  fields: F,
): ButtonCodec<ValuesOf<F>> {
  const keys = Object.keys(fields) as (keyof F & string)[];
  const part = (field: Field) =>
    `:(${typeof field === 'string' ? SHAPES[field] : field.map(escapeRegExp).join('|')})`;
  const pattern = new RegExp(`^${escapeRegExp(prefix)}${keys.map((k) => part(fields[k]!)).join('')}$`);
  const parse = (data: string): ValuesOf<F> | null => {
    const match = pattern.exec(data);
    if (!match) return null;
    const values = keys.map((k, i) => [k, fields[k] === 'int' ? Number(match[i + 1]) : match[i + 1]]);
    if (values.some(([, v]) => typeof v === 'number' && v > MAX_INT)) return null;
    return Object.fromEntries(values) as ValuesOf<F>;
  };
  return {
    prefix,
    fields,
    pattern,
    parse,
    data(values) {
      const data = [prefix, ...keys.map((k) => String(values[k]))].join(':');
      if (new TextEncoder().encode(data).length > MAX_BYTES)
        throw new RangeError(`callback data over ${MAX_BYTES} bytes: ${data}`);
      // A value that would not read back (a colon in a token, a negative id) is a bug here, not a tap.
      if (!parse(data)) throw new RangeError(`callback data ${data} does not fit ${pattern}`);
      return data;
    },
  };
}

export const BUTTONS = {
  /** A reminder's "I'm coming", for the visit at that version. */
  imComing: button('rm:ok', { appointmentId: 'int', version: 'int' }),
  /** "Have you arrived?": I'm here, running late, can't come. */
  arrival: button('ar', { answer: ['here', 'late', 'no'], appointmentId: 'int', version: 'int' }),
  /** "Running late", then by how many minutes (the bot offers a few choices). */
  lateBy: button('ar:m', { minutes: 'int', appointmentId: 'int', version: 'int' }),
  /** Move a visit: opens the choice of a day. */
  reschedule: button('r:d', { appointmentId: 'int', version: 'int' }),
  /** Cancel a visit: asks for the reason. */
  cancelVisit: button('a:x', { appointmentId: 'int', version: 'int' }),
  /** Show one visit as it is now. */
  openVisit: button('a:v', { appointmentId: 'int' }),
  /** Open a document: the file (or its link) arrives in the chat. */
  openDocument: button('d:o', { documentId: 'int' }),
  /** Show an invoice with its ways to pay (a new invoice, a link that expired). */
  openInvoice: button('p:i', { invoiceId: 'int' }),
  /** A support request's 1–5 rating, once it is closed (by the patient or the clinic). */
  rateTicket: button('h:r', { ticketId: 'int', rating: 'int' }),
  /** Start booking anew. */
  rebook: button('b:new', {}),
  /** The NPS question's 0–10. */
  npsScore: button('nps', { appointmentId: 'int', score: 'int' }),
  /** No comment after a score. */
  npsSkip: button('nps:skip', { appointmentId: 'int' }),
  /** Allow or decline someone managing a person's visits. */
  familyRequest: button('fr', { answer: ['ok', 'no'], requestId: 'int' }),
  /** Keep (give back) a guardian's access to one's visits. */
  keepGuardian: button('gk', { linkId: 'int' }),
  /** A broadcast's "book this service": its reader (0 in a staff test) and which button. */
  broadcastBook: button('bc:b', { recipientId: 'int', button: 'int' }),
  /** End a guardian's access to one's visits. */
  endGuardian: button('gd:end', { linkId: 'int' }),
} as const;
