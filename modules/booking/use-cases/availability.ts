import { addDays, utcToZoned } from '../../../shared/zoned-time.ts';
import { branchTimeZone } from '../../clinic/index.ts';
import { nearestSlots } from '../booking.slots.ts';
import type { AvailabilityView, SlotView } from '../booking.views.ts';
import { findSlots, type SlotRequest, type SlotsCtx } from './find-slots.ts';

const slotView = (s: { start: number; end: number; doctorIds: number[] }): SlotView => ({
  startsAt: new Date(s.start),
  endsAt: new Date(s.end),
  doctorIds: s.doctorIds,
});

export async function availability(ctx: SlotsCtx, request: SlotRequest): Promise<AvailabilityView> {
  const result = await findSlots(ctx, request);
  return {
    timeZone: result.timeZone,
    durationMinutes: result.durationMinutes,
    days: result.days.map((d) => ({ date: d.date, slots: d.slots.map(slotView) })),
  };
}

/** The free slots closest to a time that was just taken (a week either side). */
export async function nearestAlternatives(
  ctx: SlotsCtx,
  input: { branchId: number; serviceId: number; doctorId: number | null; around: Date; count: number },
): Promise<SlotView[]> {
  const timeZone = await branchTimeZone(ctx.em, input.branchId);
  if (!timeZone) return [];
  const day = utcToZoned(input.around.getTime(), timeZone).date;
  const { days } = await findSlots(ctx, { ...input, from: addDays(day, -7), to: addDays(day, 7) });
  return nearestSlots(days, input.around.getTime(), input.count).map(slotView);
}
