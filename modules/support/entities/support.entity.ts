import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import type { Localized } from '../../../shared/localized.ts';

/** A heading of the FAQ ("Документы и справки"), in both languages. */
export const FaqCategorySchema = defineEntity({
  name: 'FaqCategory',
  tableName: 'support_faq_category',
  properties: {
    id: p.integer().primary(),
    name: p.json<Localized>(),
    sortOrder: p.integer().default(0),
    active: p.boolean().default(true),
  },
});
export class FaqCategory extends FaqCategorySchema.class {}
FaqCategorySchema.setClass(FaqCategory);

/**
 * A question the clinic answers once for everyone, in Russian and Kazakh (both required): patients
 * browse them by category and a question typed to the bot is searched in them (see
 * use-cases/search-faq.ts). Only published entries reach patients.
 */
export const FaqEntrySchema = defineEntity({
  name: 'FaqEntry',
  tableName: 'support_faq_entry',
  properties: {
    id: p.integer().primary(),
    category: () => p.manyToOne(FaqCategory),
    question: p.json<Localized>(),
    answer: p.json<Localized>(),
    sortOrder: p.integer().default(0),
    published: p.boolean().default(false),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
  indexes: [{ properties: ['category', 'sortOrder'] }],
});
export class FaqEntry extends FaqEntrySchema.class {}
FaqEntrySchema.setClass(FaqEntry);

/** question: the patient asked for a person; low_score: an NPS of 6 or less; not_at_visit: "I was not there". */
export const TICKET_KINDS = ['question', 'low_score', 'not_at_visit'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** open: the clinic owes an answer; waiting_patient: answered, the patient's turn; closed. */
export const TICKET_STATUSES = ['open', 'waiting_patient', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * A conversation between a patient (through one Telegram account) and the clinic's operators. The
 * patient, the visit and the assignee are other modules' rows, held by id. In the staff group it
 * is one forum topic (chat and thread), named by the ticket's number and the patient's name,
 * never the IIN. Timestamps are what the first-response limit and the inbox's age are made of.
 */
export const TicketSchema = defineEntity({
  name: 'Ticket',
  tableName: 'support_ticket',
  properties: {
    id: p.integer().primary(),
    patientId: p.integer(),
    /** The Telegram account the conversation is with (its replies go there). */
    telegramUserId: p.bigint('number'),
    language: p.enum(['ru', 'kk'] as const),
    kind: p.enum(TICKET_KINDS),
    appointmentId: p.integer().nullable(),
    status: p.enum(TICKET_STATUSES).default('open'),
    /** The staff account answering it. */
    assigneeId: p.integer().nullable(),
    /**
     * Or the staff group's member who took it with /assign in its topic (staff accounts carry no
     * Telegram id): their Telegram id and first name. One assignee at a time: either this or the account.
     */
    assigneeTelegramId: p.bigint('number').nullable(),
    assigneeName: p.string().length(100).nullable(),
    topicChatId: p.bigint('number').nullable(),
    topicThreadId: p.integer().nullable(),
    createdAt: p.datetime().onCreate(appNow),
    /** When an operator first answered. */
    firstResponseAt: p.datetime().nullable(),
    /** When the patient last wrote: the inbox's age of an open ticket. */
    lastPatientAt: p.datetime(),
    lastStaffAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    closedBy: p.string().length(100).nullable(),
    rating: p.smallint().nullable().check('rating >= 1 and rating <= 5'),
    ratedAt: p.datetime().nullable(),
    /** When the staff group was told it waits too long (once per wait). */
    overdueAlertedAt: p.datetime().nullable(),
    version: p.integer().default(1),
  },
  indexes: [
    { properties: ['status', 'lastPatientAt'] },
    { properties: ['patientId', 'createdAt'] },
    { properties: ['telegramUserId', 'status'] },
    // One conversation at a time per account: what the patient writes goes to it.
    {
      name: 'support_ticket_one_open_question',
      expression: `create unique index "support_ticket_one_open_question" on "support_ticket" ("telegram_user_id") where status <> 'closed' and kind = 'question'`,
    },
    // One ticket of a kind per visit while it is not closed (a report sent twice is one).
    {
      name: 'support_ticket_one_per_visit',
      expression: `create unique index "support_ticket_one_per_visit" on "support_ticket" ("appointment_id", "kind") where status <> 'closed' and appointment_id is not null`,
    },
  ],
  uniques: [{ properties: ['topicChatId', 'topicThreadId'] }],
});
export class Ticket extends TicketSchema.class {}
TicketSchema.setClass(Ticket);

/** Who wrote a message of a ticket. */
export const AUTHORS = ['patient', 'operator', 'system'] as const;
export type TicketAuthor = (typeof AUTHORS)[number];

/** A photo or a file sent with a message, as Telegram keeps it (its file id; we keep no bytes). */
export interface TicketMedia {
  type: 'photo' | 'document';
  fileId: string;
  fileName?: string;
  mimeType?: string;
}

/**
 * One message of a ticket. `sourceKey` names where it came from (the patient's chat message, the
 * topic's message, an API request's key) and is unique: an update Telegram delivers twice, or a
 * retried request, is one message.
 */
export const TicketMessageSchema = defineEntity({
  name: 'TicketMessage',
  tableName: 'support_ticket_message',
  properties: {
    id: p.integer().primary(),
    ticket: () => p.manyToOne(Ticket).deleteRule('cascade'),
    author: p.enum(AUTHORS),
    /** The operator's name as the patient sees it, or the staff actor; null for the patient. */
    authorName: p.string().length(100).nullable(),
    /** The staff actor behind an operator's message (`staff:12`, `tg:555` for a group member). */
    actor: p.string().length(100).nullable(),
    text: p.text().nullable(),
    media: p.json<TicketMedia>().nullable(),
    via: p.enum(['bot', 'topic', 'api'] as const),
    sourceKey: p.string().length(120).unique(),
    /** The Telegram message it was (in the patient's chat or the topic), to copy it rather than retell it. */
    telegramMessageId: p.integer().nullable(),
    /**
     * When it reached the other side's chat that is not its own: a patient's or an API reply in the
     * staff group's topic. Null while waiting (an outbox: a crash loses none).
     */
    relayedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(appNow),
  },
  indexes: [{ properties: ['ticket', 'id'] }, { properties: ['relayedAt'] }],
});
export class TicketMessage extends TicketMessageSchema.class {}
TicketMessageSchema.setClass(TicketMessage);
