import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import type { Localized } from '../../../shared/localized.ts';
import type { AudienceFilter, BroadcastButton, BroadcastPhoto } from '../broadcasts.schemas.ts';

/** marketing: needs the reader's marketing consent and an admin's approval; service: a notice about their visits. */
export const BROADCAST_KINDS = ['marketing', 'service'] as const;
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];

export const BROADCAST_STATES = ['draft', 'scheduled', 'sending', 'paused', 'done', 'cancelled'] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

/**
 * One message to many: its audience (a filter, evaluated when sending starts), its text in both
 * languages, an optional photo and buttons, and where it is in its life. `version` grows with
 * every edit: a test send and an approval are of one version, and an edit undoes the approval.
 */
export const BroadcastSchema = defineEntity({
  name: 'Broadcast',
  tableName: 'broadcasts_broadcast',
  properties: {
    id: p.integer().primary(),
    kind: p.enum(BROADCAST_KINDS),
    /** The staff's own name for it (never shown to patients). */
    title: p.string().length(200),
    audience: p.json<AudienceFilter>(),
    text: p.json<Partial<Localized>>(),
    photo: p.json<BroadcastPhoto>().nullable(),
    buttons: p.json<BroadcastButton[]>(),
    state: p.enum(BROADCAST_STATES).default('draft'),
    /** When it goes (null: as soon as it is started). */
    sendAt: p.datetime().nullable(),
    version: p.integer().default(1),
    /** The version last sent to its author's own chat, in both languages. */
    testedVersion: p.integer().nullable(),
    approvedVersion: p.integer().nullable(),
    approvedBy: p.string().length(100).nullable(),
    approvedAt: p.datetime().nullable(),
    /** Set when an automation made it (one run of it). */
    automationId: p.integer().nullable(),
    createdBy: p.string().length(100),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    /** How many readers the audience gave when sending started (before send-time checks). */
    targeted: p.integer().nullable(),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
  indexes: [{ properties: ['state', 'sendAt'] }, { properties: ['automationId', 'startedAt'] }],
});
export class Broadcast extends BroadcastSchema.class {}
BroadcastSchema.setClass(Broadcast);

/**
 * pending: still to go; queued: handed to the delivery queue (its outcome is the delivery's);
 * skipped: not sent, for `reason` (consent withdrawn, cancelled, sent by this automation lately).
 */
export const RECIPIENT_STATES = ['pending', 'queued', 'skipped'] as const;

/**
 * A reader of one broadcast, frozen when sending starts: one per Telegram account, so nobody gets
 * it twice (a guardian of two children is one reader). The table is the broadcast's outbox: a
 * restart goes on with the pending ones. `attempt` names the delivery: a message taken back by a
 * pause goes again as the next attempt, never as a second copy of a sent one.
 */
export const BroadcastRecipientSchema = defineEntity({
  name: 'BroadcastRecipient',
  tableName: 'broadcasts_recipient',
  properties: {
    id: p.bigint('number').primary(),
    broadcastId: p.integer(),
    telegramUserId: p.bigint('number'),
    /** The reader's own record (whose consent and name count). */
    patientId: p.integer(),
    language: p.enum(['ru', 'kk'] as const),
    /** The zone whose night is quiet for this reader (their branch's). */
    timeZone: p.string().length(64),
    state: p.enum(RECIPIENT_STATES).default('pending'),
    reason: p.string().length(60).nullable(),
    attempt: p.integer().default(0),
    queuedAt: p.datetime().nullable(),
    /** Names the reader in a link button's address (taps are counted by it); unguessable. */
    token: p.string().length(32).unique(),
    firstTapAt: p.datetime().nullable(),
    taps: p.integer().default(0),
    /** A visit booked through the broadcast's own "book" button. */
    bookedAppointmentId: p.integer().nullable(),
  },
  uniques: [{ properties: ['broadcastId', 'telegramUserId'] }],
  indexes: [{ properties: ['broadcastId', 'state', 'id'] }, { properties: ['patientId'] }],
});
export class BroadcastRecipient extends BroadcastRecipientSchema.class {}
BroadcastRecipientSchema.setClass(BroadcastRecipient);

/** An audience staff composed and kept under a name. */
export const SavedAudienceSchema = defineEntity({
  name: 'SavedAudience',
  tableName: 'broadcasts_audience',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(200),
    filter: p.json<AudienceFilter>(),
    createdBy: p.string().length(100),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});
export class SavedAudience extends SavedAudienceSchema.class {}
SavedAudienceSchema.setClass(SavedAudience);

/** recall: no visit for a while for chosen services; win_back: a visit cancelled or missed, nothing booked. */
export const AUTOMATION_KINDS = ['recall', 'win_back'] as const;

/**
 * A marketing message that sends itself: each day at `sendAt` (clinic time) its audience is taken
 * again and a broadcast is made of it for those who did not get this automation's message in the
 * last `periodDays`. Approved once by an admin (per version), like a broadcast.
 */
export const AutomationSchema = defineEntity({
  name: 'Automation',
  tableName: 'broadcasts_automation',
  properties: {
    id: p.integer().primary(),
    kind: p.enum(AUTOMATION_KINDS),
    title: p.string().length(200),
    audience: p.json<AudienceFilter>(),
    text: p.json<Localized>(),
    photo: p.json<BroadcastPhoto>().nullable(),
    buttons: p.json<BroadcastButton[]>(),
    /** HH:MM in the clinic's zone. */
    sendAt: p.string().length(5),
    periodDays: p.integer(),
    active: p.boolean().default(false),
    version: p.integer().default(1),
    approvedVersion: p.integer().nullable(),
    approvedBy: p.string().length(100).nullable(),
    /** The clinic day it last ran (YYYY-MM-DD): once a day. */
    lastRunOn: p.string().length(10).nullable(),
    createdBy: p.string().length(100),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});
export class Automation extends AutomationSchema.class {}
AutomationSchema.setClass(Automation);
