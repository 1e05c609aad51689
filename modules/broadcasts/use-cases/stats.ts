import { rate } from '../../../shared/figures.ts';
/**
 * A broadcast's numbers, per language and in all: how many it targeted, and of them sent, failed,
 * blocked (the reader had blocked the bot), skipped (consent withdrawn, cancelled), still to go;
 * who tapped a button; who booked a visit within 7 days of receiving it, and through its own
 * "book" button. Counts only — no names, IINs or phones (marketers read this).
 */
import { visitsBookedAfter } from '../../booking/index.ts';
import { subjectOutcomes } from '../../notifications/index.ts';
import type { BroadcastsCtx } from '../broadcasts.context.ts';
import { broadcastErrors } from '../broadcasts.errors.ts';
import { Broadcast, BroadcastRecipient } from '../entities/broadcast.entity.ts';

/** A visit booked this long after the message counts as its conversion. */
export const CONVERSION_DAYS = 7;

export interface BroadcastNumbers {
  targeted: number;
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  pending: number;
  /** Readers who tapped any of its buttons (and all taps). */
  tapped: number;
  taps: number;
  /** Readers who booked a visit within 7 days of getting it, and the visits. */
  booked: number;
  visits: number;
  /** Visits booked through the broadcast's own "book" button. */
  bookedFromButton: number;
}

const empty = (): BroadcastNumbers => ({
  targeted: 0,
  sent: 0,
  failed: 0,
  blocked: 0,
  skipped: 0,
  pending: 0,
  tapped: 0,
  taps: 0,
  booked: 0,
  visits: 0,
  bookedFromButton: 0,
});

export async function broadcastStats(
  ctx: Pick<BroadcastsCtx, 'em'>,
  broadcastId: number,
): Promise<{ total: BroadcastNumbers; ru: BroadcastNumbers; kk: BroadcastNumbers }> {
  const broadcast = await ctx.em.findOne(Broadcast, broadcastId);
  if (!broadcast) throw broadcastErrors('broadcast_not_found', { id: broadcastId });
  const readers = await ctx.em.find(BroadcastRecipient, { broadcastId }, { orderBy: { id: 'asc' } });
  const outcomes = await subjectOutcomes(ctx.em, { kind: 'broadcast', id: broadcastId });
  const sentAt = new Map<number, Date>();
  for (const reader of readers) {
    const at = outcomes.get(reader.telegramUserId)?.sentAt;
    if (at) sentAt.set(reader.patientId, at);
  }
  const booked = await visitsBookedAfter(
    ctx.em,
    [...sentAt].map(([patientId, from]) => ({ patientId, from })),
    CONVERSION_DAYS,
  );
  const result = { total: empty(), ru: empty(), kk: empty() };
  for (const reader of readers) {
    for (const numbers of [result.total, result[reader.language]]) {
      numbers.targeted += 1;
      const outcome = outcomes.get(reader.telegramUserId)?.outcome;
      if (reader.state === 'skipped' && reader.reason === 'blocked') numbers.blocked += 1;
      else if (reader.state === 'skipped') numbers.skipped += 1;
      else if (reader.state === 'pending' || outcome === undefined || outcome === 'pending')
        numbers.pending += 1;
      else if (outcome === 'sent') numbers.sent += 1;
      else if (outcome === 'blocked') numbers.blocked += 1;
      // Dropped at its turn for a reason of the reader's own (state 'skipped' above covers ours).
      else if (outcome === 'skipped') numbers.skipped += 1;
      else numbers.failed += 1;
      if (reader.firstTapAt) numbers.tapped += 1;
      numbers.taps += reader.taps;
      const visits = booked.get(reader.patientId) ?? 0;
      if (visits > 0 && sentAt.has(reader.patientId)) {
        numbers.booked += 1;
        numbers.visits += visits;
      }
      if (reader.bookedAppointmentId) numbers.bookedFromButton += 1;
    }
  }
  return result;
}

export interface BroadcastConversion {
  id: number;
  title: string;
  kind: Broadcast['kind'];
  startedAt: Date;
  /** An automation's daily run names its automation. */
  automationId: number | null;
  numbers: BroadcastNumbers;
  /** Readers who booked within CONVERSION_DAYS ÷ readers it reached; 0…1, null when none was reached. */
  conversion: number | null;
}

/**
 * The broadcasts that started sending in [from, to), newest first (at most `limit`), each with its
 * numbers in all: a broadcast's conversion is its readers who booked within CONVERSION_DAYS of
 * receiving it. Counts and titles only (marketers read this).
 */
export async function broadcastConversions(
  ctx: Pick<BroadcastsCtx, 'em'>,
  period: { from: Date; to: Date },
  limit = 100,
): Promise<BroadcastConversion[]> {
  const broadcasts = await ctx.em.find(
    Broadcast,
    { startedAt: { $gte: period.from, $lt: period.to } },
    { orderBy: { startedAt: 'desc', id: 'desc' }, limit },
  );
  const result: BroadcastConversion[] = [];
  for (const b of broadcasts) {
    const { total } = await broadcastStats(ctx, b.id);
    result.push({
      id: b.id,
      title: b.title,
      kind: b.kind,
      startedAt: b.startedAt!,
      automationId: b.automationId ?? null,
      numbers: total,
      conversion: rate(total.booked, total.sent),
    });
  }
  return result;
}
