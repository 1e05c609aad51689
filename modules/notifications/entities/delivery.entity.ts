import { defineEntity, p } from '@mikro-orm/core';
import type { Localized } from '../../../shared/localized.ts';

/** A condition a module checks at send time; `kind` names the module's guard. */
export interface DeliveryGuardSpec {
  kind: string;
  [key: string]: unknown;
}

/**
 * `expanded`: a message about a patient, handed on as one delivery per account that hears about them.
 * `sending`: its Bot API call is on the wire. `unknown`: the process died during that call, so
 * Telegram may or may not have it; it is never sent again (that could send it twice).
 */
export const DELIVERY_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'skipped',
  'expanded',
  'unknown',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * How soon it must go when Telegram's budget is short (the bot's replies come before all three):
 * urgent (the visit in an hour, arrival; it also ignores quiet hours), care (reminders, documents,
 * answers, receipts), bulk (broadcasts).
 */
export const DELIVERY_PRIORITIES = ['urgent', 'care', 'bulk'] as const;
export type DeliveryPriority = (typeof DELIVERY_PRIORITIES)[number];

/**
 * A photo or a document sent with the text as its caption: a file Telegram already has (`fileId`),
 * one at a URL, or one a module produces when it is sent (`attachment`, resolved by that module's
 * attachment source of this kind, e.g. a PDF from the documents module).
 */
export interface DeliveryMedia {
  type: 'photo' | 'document';
  fileId?: string;
  url?: string;
  attachment?: { kind: string; [key: string]: unknown };
  /**
   * A place on the map sent right after the message (a visit's branch), its name and address in
   * both languages. Best effort: the message is what the delivery is about, so a pin that fails
   * does not send the message again.
   */
  venue?: { latitude: number; longitude: number; title: Localized; address: Localized };
}

/**
 * One message the platform sends on its own (not as a reply): its key makes it unique per
 * purpose and target, so it is queued at most once however often the code that wants it runs;
 * its status is the timeline staff see. The text is rendered only when it is sent, in the
 * recipient's language of that moment.
 */
export const DeliverySchema = defineEntity({
  name: 'Delivery',
  tableName: 'notifications_delivery',
  properties: {
    id: p.bigint('number').primary(),
    uniqueKey: p.string().length(200).unique(),
    purpose: p.string().length(60),
    /**
     * patient: about a patient, for everyone who hears about them (expanded at send time);
     * account: one Telegram account (chatId), about `patientId` if set; staff_chat: the staff chat.
     */
    recipient: p.enum(['patient', 'account', 'staff_chat'] as const),
    patientId: p.integer().nullable(),
    chatId: p.bigint('number').nullable(),
    /** Set when the account hears about someone else's visit (a guardian): that person's name. */
    onBehalfOf: p.string().length(200).nullable(),
    /** What it is about (appointment, document, invoice, ticket, broadcast) and its id: the timeline's key. */
    subjectKind: p.string().length(30).nullable(),
    subjectId: p.bigint('number').nullable(),
    template: p.string().length(80),
    params: p.json<Record<string, unknown>>(),
    buttons: p.json<unknown[][]>().nullable(),
    media: p.json<DeliveryMedia>().nullable(),
    /** A condition checked again just before sending (is the visit still at that time?). */
    guard: p.json<DeliveryGuardSpec>().nullable(),
    priority: p.enum(DELIVERY_PRIORITIES).default('care'),
    /** The zone whose night counts as quiet hours (the branch's). */
    timeZone: p.string().length(64),
    status: p.enum(DELIVERY_STATUSES).default('queued'),
    notBefore: p.datetime(),
    attempts: p.integer().default(0),
    lastError: p.string().length(300).nullable(),
    queuedAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    telegramMessageId: p.bigint('number').nullable(),
    /**
     * One account's message to change instead of sending a new one (a payment link edited to
     * "paid"); a message Telegram will not edit any more gets a new one instead.
     */
    editMessageId: p.bigint('number').nullable(),
  },
  indexes: [
    { properties: ['patientId', 'queuedAt'] },
    { properties: ['subjectKind', 'subjectId', 'queuedAt'] },
    { properties: ['status', 'notBefore'] },
  ],
});

export class Delivery extends DeliverySchema.class {}
DeliverySchema.setClass(Delivery);
