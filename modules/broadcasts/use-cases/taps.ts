/**
 * What readers do with a broadcast: a tap on a link (counted here, then on to the address), a tap
 * on "book this service" (reported by the bot), and the visit booked through that button.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BotCaller, Caller } from '../../../shared/roles.ts';
import { visitFacts } from '../../booking/index.ts';
import { broadcastErrors } from '../broadcasts.errors.ts';
import { Broadcast, BroadcastRecipient } from '../entities/broadcast.entity.ts';

type TapCtx = { em: EntityManager; clock: { now(): Date } };

async function countTap(ctx: TapCtx, reader: BroadcastRecipient): Promise<void> {
  await ctx.em.nativeUpdate(
    BroadcastRecipient,
    { id: reader.id },
    { taps: reader.taps + 1, firstTapAt: reader.firstTapAt ?? ctx.clock.now() },
  );
}

/**
 * A link button's tap (`/b/<token>/<n>`): counted, then the address it names; null when the token
 * or the button is no broadcast's (the page says "not found", nothing is counted).
 */
export async function linkTap(ctx: TapCtx, token: string, index: number): Promise<string | null> {
  if (!/^[0-9a-f]{32}$/.test(token)) return null;
  const reader = await ctx.em.findOne(BroadcastRecipient, { token });
  if (!reader) return null;
  const broadcast = await ctx.em.findOne(Broadcast, reader.broadcastId);
  const button = broadcast?.buttons[index];
  if (button?.kind !== 'link') return null;
  await countTap(ctx, reader);
  return button.url;
}

/** The reader row of a bot tap, only when it is this account's: a forged id is nobody's. */
async function ownReader(em: EntityManager, caller: Caller, recipientId: number) {
  const telegramUserId = (caller as BotCaller).telegramUserId;
  const reader = await em.findOne(BroadcastRecipient, { id: recipientId });
  if (!reader || telegramUserId === null || reader.telegramUserId !== telegramUserId)
    throw broadcastErrors('button_not_found');
  return reader;
}

/** "Book this service" tapped in the bot: counted; returns the service to open booking at. */
export async function bookTap(
  ctx: TapCtx & { caller: Caller },
  input: { recipientId: number; button: number },
): Promise<{ serviceId: number }> {
  const reader = await ownReader(ctx.em, ctx.caller, input.recipientId);
  const broadcast = await ctx.em.findOne(Broadcast, reader.broadcastId);
  const button = broadcast?.buttons[input.button];
  if (button?.kind !== 'book') throw broadcastErrors('button_not_found');
  await countTap(ctx, reader);
  return { serviceId: button.serviceId };
}

/**
 * The visit the reader booked after tapping "book": kept as the button's conversion, once (the
 * first visit counts), and only a visit of the reader or of someone they book for.
 */
export async function bookedFromButton(
  ctx: TapCtx & { caller: Caller },
  input: { recipientId: number; appointmentId: number },
): Promise<{ counted: boolean }> {
  const reader = await ownReader(ctx.em, ctx.caller, input.recipientId);
  const visit = await visitFacts(ctx.em, input.appointmentId);
  if (!visit || visit.bookedBy !== `tg:${reader.telegramUserId}`) throw broadcastErrors('visit_not_found');
  const counted = await ctx.em.nativeUpdate(
    BroadcastRecipient,
    { id: reader.id, bookedAppointmentId: null },
    { bookedAppointmentId: input.appointmentId },
  );
  return { counted: counted > 0 };
}
