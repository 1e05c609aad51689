/**
 * A broadcast's life as staff lead it: a marketer drafts (text in both languages, audience,
 * photo, buttons) and tests it in their own chat in both languages; an admin approves that very
 * version; then it is scheduled (or started at once), and may be paused, resumed or cancelled
 * while it goes. Every step is audited by who did it; an edit takes the approval back.
 */

import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf } from '../../../shared/actor.ts';
import type { Localized } from '../../../shared/localized.ts';
import { pageOf } from '../../../shared/pages.ts';
import { KAZAKHSTAN_ZONE } from '../../../shared/time.ts';
import { staffTelegramId } from '../../auth/index.ts';
import { isActiveService } from '../../clinic/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import { type AudiencePreview, previewAudience } from '../broadcasts.audience.ts';
import { BROADCASTS_CHANNEL, type BroadcastsCtx } from '../broadcasts.context.ts';
import { broadcastErrors } from '../broadcasts.errors.ts';
import { messageOf } from '../broadcasts.message.ts';
import {
  type AudienceFilter,
  type BroadcastButton,
  type BroadcastPhoto,
  CAPTION_MAX,
} from '../broadcasts.schemas.ts';
import {
  Broadcast,
  type BroadcastKind,
  type BroadcastState,
  SavedAudience,
} from '../entities/broadcast.entity.ts';

export interface BroadcastView {
  id: number;
  kind: BroadcastKind;
  title: string;
  audience: AudienceFilter;
  text: Partial<Localized>;
  photo: BroadcastPhoto | null;
  buttons: BroadcastButton[];
  state: BroadcastState;
  sendAt: Date | null;
  version: number;
  tested: boolean;
  approved: boolean;
  approvedBy: string | null;
  automationId: number | null;
  createdBy: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  targeted: number | null;
}

export function broadcastView(b: Broadcast): BroadcastView {
  return {
    id: b.id,
    kind: b.kind,
    title: b.title,
    audience: b.audience,
    text: b.text,
    photo: b.photo ?? null,
    buttons: b.buttons,
    state: b.state,
    sendAt: b.sendAt ?? null,
    version: b.version,
    tested: b.testedVersion === b.version,
    approved: b.approvedVersion === b.version,
    approvedBy: b.approvedVersion === b.version ? (b.approvedBy ?? null) : null,
    automationId: b.automationId ?? null,
    createdBy: b.createdBy,
    startedAt: b.startedAt ?? null,
    finishedAt: b.finishedAt ?? null,
    targeted: b.targeted ?? null,
  };
}

async function locked(em: EntityManager, broadcastId: number): Promise<Broadcast> {
  const broadcast = await em.findOne(Broadcast, broadcastId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!broadcast) throw broadcastErrors('broadcast_not_found', { id: broadcastId });
  return broadcast;
}

function expectState(broadcast: Broadcast, ...states: BroadcastState[]): void {
  if (!states.includes(broadcast.state)) throw broadcastErrors('wrong_state', { state: broadcast.state });
}

/** What every step that sends needs: both languages, a caption Telegram takes, real services. */
async function checkSendable(em: EntityManager, content: Pick<Broadcast, 'text' | 'photo' | 'buttons'>) {
  if (!content.text.ru || !content.text.kk) throw broadcastErrors('text_missing');
  if (content.photo && (content.text.ru.length > CAPTION_MAX || content.text.kk.length > CAPTION_MAX))
    throw broadcastErrors('caption_too_long', { max: CAPTION_MAX });
  await checkButtons(em, content.buttons);
}

async function checkButtons(em: EntityManager, buttons: readonly BroadcastButton[]): Promise<void> {
  for (const button of buttons)
    if (button.kind === 'book' && !(await isActiveService(em, button.serviceId)))
      throw broadcastErrors('service_not_found', { id: button.serviceId });
}

export async function createBroadcast(
  ctx: BroadcastsCtx,
  input: {
    kind: BroadcastKind;
    title: string;
    audience?: AudienceFilter;
    audienceId?: number;
    text: Partial<Localized>;
    photo: BroadcastPhoto | null;
    buttons: BroadcastButton[];
  },
): Promise<BroadcastView> {
  let audience = input.audience ?? {};
  if (input.audienceId !== undefined) {
    const saved = await ctx.em.findOne(SavedAudience, input.audienceId);
    if (!saved) throw broadcastErrors('audience_not_found', { id: input.audienceId });
    audience = saved.filter;
  }
  await checkButtons(ctx.em, input.buttons);
  const broadcast = ctx.em.create(Broadcast, {
    kind: input.kind,
    title: input.title,
    audience,
    text: input.text,
    photo: input.photo,
    buttons: input.buttons,
    createdBy: actorOf(ctx.caller),
  });
  await ctx.em.persist(broadcast).flush();
  return broadcastView(broadcast);
}

/** An edit of a draft (or of a scheduled one, which goes back to draft): approval must be given again. */
export async function updateBroadcast(
  ctx: BroadcastsCtx,
  input: { broadcastId: number } & Partial<
    Pick<BroadcastView, 'title' | 'audience' | 'text' | 'photo' | 'buttons'>
  >,
): Promise<BroadcastView> {
  return ctx.em.transactional(async (em) => {
    const broadcast = await locked(em, input.broadcastId);
    expectState(broadcast, 'draft', 'scheduled');
    if (input.buttons) await checkButtons(em, input.buttons);
    if (input.title !== undefined) broadcast.title = input.title;
    if (input.audience !== undefined) broadcast.audience = input.audience;
    if (input.text !== undefined) broadcast.text = input.text;
    if (input.photo !== undefined) broadcast.photo = input.photo;
    if (input.buttons !== undefined) broadcast.buttons = input.buttons;
    broadcast.version += 1;
    broadcast.state = 'draft';
    return broadcastView(broadcast);
  });
}

export async function getBroadcast(ctx: BroadcastsCtx, broadcastId: number): Promise<BroadcastView> {
  const broadcast = await ctx.em.findOne(Broadcast, broadcastId);
  if (!broadcast) throw broadcastErrors('broadcast_not_found', { id: broadcastId });
  return broadcastView(broadcast);
}

/** Newest first, a page at a time (the cursor is the last id seen). */
export async function listBroadcasts(
  ctx: BroadcastsCtx,
  input: { cursor?: number | null; limit: number },
): Promise<{ items: BroadcastView[]; nextCursor: number | null }> {
  const rows = await ctx.em.find(Broadcast, input.cursor ? { id: { $lt: input.cursor } } : {}, {
    orderBy: { id: 'desc' },
    limit: input.limit + 1,
  });
  return pageOf(rows, input.limit, (b) => b.id, broadcastView);
}

/**
 * The message in both languages to the staff member's own chat, now (at care priority, quiet
 * hours or not: they asked for it), each exactly as a reader of that language gets it, with
 * their own first name where the text says `{first_name}`.
 */
export async function testSend(ctx: BroadcastsCtx, broadcastId: number): Promise<{ sentTo: number }> {
  const caller = ctx.caller;
  const chat = caller.kind === 'staff' ? await staffTelegramId(ctx.em, caller.accountId) : null;
  if (chat === null) throw broadcastErrors('no_own_chat');
  return ctx.em.transactional(async (em) => {
    const broadcast = await locked(em, broadcastId);
    await checkSendable(em, broadcast);
    const now = ctx.clock.now();
    for (const language of ['ru', 'kk'] as const) {
      const message = messageOf(broadcast, {
        language,
        firstName: caller.kind === 'staff' ? caller.name : '',
      });
      await queueNotice(
        { ...ctx, em },
        {
          purpose: 'broadcast.test',
          target: `${broadcast.id}@${broadcast.version}:${language}:${now.getTime()}`,
          to: { staffChat: true, chatId: chat },
          ...message,
          priority: 'urgent',
          timeZone: KAZAKHSTAN_ZONE,
          subject: { kind: 'broadcast_test', id: broadcast.id },
        },
      );
    }
    broadcast.testedVersion = broadcast.version;
    return { sentTo: chat };
  });
}

/** An admin's yes to this version, once it was tested in both languages. */
export async function approveBroadcast(ctx: BroadcastsCtx, broadcastId: number): Promise<BroadcastView> {
  return ctx.em.transactional(async (em) => {
    const broadcast = await locked(em, broadcastId);
    expectState(broadcast, 'draft');
    await checkSendable(em, broadcast);
    if (broadcast.testedVersion !== broadcast.version) throw broadcastErrors('not_tested');
    broadcast.approvedVersion = broadcast.version;
    broadcast.approvedBy = actorOf(ctx.caller);
    broadcast.approvedAt = ctx.clock.now();
    return broadcastView(broadcast);
  });
}

/** Sets when an approved broadcast goes (null: now). The sender starts it then. */
export async function scheduleBroadcast(
  ctx: BroadcastsCtx,
  input: { broadcastId: number; sendAt: Date | null },
): Promise<BroadcastView> {
  return ctx.em.transactional(async (em) => {
    const broadcast = await locked(em, input.broadcastId);
    expectState(broadcast, 'draft', 'scheduled');
    await checkSendable(em, broadcast);
    if (broadcast.approvedVersion !== broadcast.version) throw broadcastErrors('not_approved');
    const now = ctx.clock.now();
    broadcast.sendAt = input.sendAt && input.sendAt > now ? input.sendAt : now;
    broadcast.state = 'scheduled';
    await em.execute('select pg_notify(?, ?)', [BROADCASTS_CHANNEL, '']);
    return broadcastView(broadcast);
  });
}

const TRANSITIONS = {
  pause: { from: ['sending'], to: 'paused' },
  resume: { from: ['paused'], to: 'sending' },
  cancel: { from: ['draft', 'scheduled', 'sending', 'paused'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly BroadcastState[]; to: BroadcastState }>;

/**
 * Pause, resume or cancel. Messages already handed to the delivery queue but not yet sent are
 * checked again at their turn (see the broadcast guard): paused ones come back as still to go,
 * cancelled ones are dropped; a message on the wire is gone either way.
 */
export async function changeBroadcastState(
  ctx: BroadcastsCtx,
  input: { broadcastId: number; action: keyof typeof TRANSITIONS },
): Promise<BroadcastView> {
  const { from, to } = TRANSITIONS[input.action];
  return ctx.em.transactional(async (em) => {
    const broadcast = await locked(em, input.broadcastId);
    expectState(broadcast, ...from);
    broadcast.state = to;
    if (to === 'cancelled') {
      broadcast.finishedAt = ctx.clock.now();
      await em.execute(
        `update broadcasts_recipient set state = 'skipped', reason = 'cancelled'
          where broadcast_id = ? and state = 'pending'`,
        [broadcast.id],
      );
    }
    await em.execute('select pg_notify(?, ?)', [BROADCASTS_CHANNEL, '']);
    return broadcastView(broadcast);
  });
}

export async function preview(
  ctx: BroadcastsCtx,
  input: { audience: AudienceFilter; kind: BroadcastKind },
): Promise<AudiencePreview> {
  return previewAudience(ctx.em, input.audience, input.kind, ctx.clock.now());
}

export async function saveAudience(
  ctx: BroadcastsCtx,
  input: { name: string; filter: AudienceFilter },
): Promise<{ id: number; name: string; filter: AudienceFilter }> {
  const saved = ctx.em.create(SavedAudience, { ...input, createdBy: actorOf(ctx.caller) });
  await ctx.em.persist(saved).flush();
  return { id: saved.id, name: saved.name, filter: saved.filter };
}

export async function listAudiences(ctx: BroadcastsCtx) {
  const rows = await ctx.em.find(SavedAudience, {}, { orderBy: { name: 'asc' } });
  return rows.map((a) => ({ id: a.id, name: a.name, filter: a.filter }));
}

export async function deleteAudience(ctx: BroadcastsCtx, audienceId: number): Promise<{ deleted: boolean }> {
  const deleted = await ctx.em.nativeDelete(SavedAudience, { id: audienceId });
  if (!deleted) throw broadcastErrors('audience_not_found', { id: audienceId });
  return { deleted: true };
}
