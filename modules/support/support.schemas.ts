import { z } from 'zod';
import { rowIdSchema as id } from '../../shared/ids.ts';
import { LANGUAGES, localizedSchema } from '../../shared/localized.ts';
import { TICKET_STATUSES } from './entities/support.entity.ts';

export const languageInput = z.object({ language: z.enum(LANGUAGES) });
export const categoryIdInput = z.object({ categoryId: id });
export const entryIdInput = z.object({ entryId: id });
export const ticketIdInput = z.object({ ticketId: id });

/** What a patient typed, as searched in the FAQ. */
export const searchInput = z.object({
  text: z.string().trim().min(2).max(500),
  language: z.enum(LANGUAGES),
  limit: z.number().int().min(1).max(5).default(3),
});

export const categoryInput = z.object({
  name: localizedSchema(100),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
  active: z.boolean().default(true),
});
export const updateCategoryInput = categoryInput.partial().extend({ categoryId: id });

export const entryInput = z.object({
  categoryId: id,
  question: localizedSchema(300),
  answer: localizedSchema(3000),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
  published: z.boolean().default(false),
});
export const updateEntryInput = entryInput.partial().extend({ entryId: id });

/** A photo or a file as Telegram gave it to the bot (its file id). */
export const mediaInput = z.object({
  type: z.enum(['photo', 'document']),
  fileId: z.string().min(1).max(200),
  fileName: z.string().max(200).optional(),
  mimeType: z.string().max(100).optional(),
});

/** A message: text, or a photo or file with an optional caption; the key makes a retry one message. */
const messageFields = {
  text: z.string().trim().max(4000).optional(),
  media: mediaInput.optional(),
  /** Where it came from, unique (the chat's message id, an API request's key). */
  sourceKey: z.string().min(1).max(100),
};

export const openTicketInput = z.object(messageFields);
export const writeInput = z.object({ ticketId: id, ...messageFields });
export const rateInput = z.object({ ticketId: id, rating: z.number().int().min(1).max(5) });
export const reportAbsenceInput = z.object({
  appointmentId: id,
  text: z.string().trim().max(1000).optional(),
});

export const inboxInput = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  assigneeId: id.optional(),
  limit: z.number().int().min(1).max(100).default(30),
  /** The last ticket id of the previous page. */
  cursor: id.optional(),
});
export const replyInput = z.object({
  ticketId: id,
  text: z.string().trim().min(1).max(4000),
  /** The caller's key: the same key twice is one reply. */
  idempotencyKey: z.string().min(8).max(80),
});
export const assignInput = z.object({ ticketId: id, assigneeId: id.nullable() });

/** Where a message of the staff group's topic is: the group, the topic (its thread), the message. */
const topicPlace = {
  chatId: z
    .number()
    .int()
    .min(-(2 ** 53))
    .max(2 ** 53),
  threadId: id,
  messageId: id,
  /** The member's first name, as the patient will read it under the answer. */
  senderName: z.string().trim().min(1).max(100),
};

/**
 * What a member of the staff group wrote in a ticket's topic, as the bot saw it (the sender is the
 * Telegram user the bot acts for): text, or a photo or file with an optional caption.
 */
export const topicMessageInput = z.object({
  ...topicPlace,
  // As long as Telegram lets a member write; what fits the patient's message is the use case's say.
  text: z.string().trim().max(4096).optional(),
  media: mediaInput.optional(),
});

/** A command typed in a ticket's topic. */
export const topicCommandInput = z.object({
  ...topicPlace,
  command: z.enum(['assign', 'close', 'reopen']),
});
