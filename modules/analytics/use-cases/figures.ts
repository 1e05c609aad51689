/**
 * The clinic's numbers, composed: each module computes its own figures behind its door over its
 * own tables (booking: channels and attendance; feedback: NPS; broadcasts: conversions; payments:
 * money), analytics turns the staff's question (dates of the clinic's calendar, a branch, a
 * doctor) into one filter for all of them and adds the funnels it records itself.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { FigureFilter } from '../../../shared/figures.ts';
import type { Localized } from '../../../shared/localized.ts';
import type { Caller } from '../../../shared/roles.ts';
import { KAZAKHSTAN_ZONE } from '../../../shared/time.ts';
import type { ModuleSettings } from '../../../shared/trpc.ts';
import { addDays, zonedToUtc } from '../../../shared/zoned-time.ts';
import { attendance, bookingsByChannel } from '../../booking/index.ts';
import { broadcastConversions } from '../../broadcasts/index.ts';
import { catalogViews } from '../../clinic/index.ts';
import { npsOverTime } from '../../feedback/index.ts';
import { paymentFigures } from '../../payments/index.ts';
import type { FigureInput, npsInput } from '../analytics.schemas.ts';
import { funnelReport } from './funnel-report.ts';

interface FiguresCtx {
  em: EntityManager;
  settings: Pick<ModuleSettings, 'booking'>;
  caller: Caller;
}

/**
 * Fewer answers than this in a point (one doctor, one service, one day) and a marketer does not
 * see it: with one or two answers a score is a person's, and a marketer knows who came that day
 * from the broadcasts. Staff who look after patients (admin, registrar, operator) see every point.
 */
export const NPS_MIN_RESPONSES = 5;
const CARE_ROLES = ['admin', 'registrar', 'operator'] as const;

/** The staff's dates as instants: from the first date's midnight to the midnight after the last. */
async function filterOf(em: EntityManager, input: FigureInput): Promise<FigureFilter> {
  const branchZone =
    input.branchId === undefined
      ? undefined
      : (await catalogViews(em, { branchIds: [input.branchId] })).branches.get(input.branchId)?.timeZone;
  const timeZone = input.timeZone ?? branchZone ?? KAZAKHSTAN_ZONE;
  // Midnight exists in every zone Kazakhstan's clinics use; the fallback keeps UTC's for any other.
  const at = (date: string) => new Date(zonedToUtc(date, 0, timeZone) ?? Date.parse(date));
  return {
    from: at(input.from),
    to: at(addDays(input.to, 1)),
    timeZone,
    branchId: input.branchId,
    doctorId: input.doctorId,
  };
}

/** Registration has no branch or doctor: it is counted for the whole clinic whatever is chosen. */
export async function funnels(ctx: FiguresCtx, input: FigureInput) {
  const filter = await filterOf(ctx.em, input);
  const { branchId: _b, doctorId: _d, ...clinicWide } = filter;
  return {
    registration: await funnelReport(ctx.em, 'registration', clinicWide),
    booking: await funnelReport(ctx.em, 'booking', filter),
  };
}

export async function bookingChannels(ctx: FiguresCtx, input: FigureInput) {
  return bookingsByChannel(ctx.em, await filterOf(ctx.em, input), input.interval);
}

export async function attendanceFigures(ctx: FiguresCtx, input: FigureInput) {
  return attendance(
    ctx.em,
    await filterOf(ctx.em, input),
    input.interval,
    ctx.settings.booking.changeCutoffMinutes,
  );
}

/** NPS per bar, with the names of the branches, doctors or services its lines are for. */
export async function npsFigures(ctx: FiguresCtx, input: z.output<typeof npsInput>) {
  const points = await npsOverTime(
    ctx.em,
    { ...(await filterOf(ctx.em, input)), serviceId: input.serviceId },
    input.interval,
    input.groupBy ?? null,
  );
  const caller = ctx.caller;
  const roles = caller.kind === 'staff' || caller.kind === 'service' ? caller.roles : [];
  const caring = caller.kind === 'system' || CARE_ROLES.some((r) => roles.includes(r));
  const shown = caring ? points : points.filter((p) => p.responses >= NPS_MIN_RESPONSES);
  const ids = [...new Set(shown.flatMap((p) => (p.groupId === null ? [] : [p.groupId])))];
  const catalog = await catalogViews(ctx.em, {
    branchIds: input.groupBy === 'branch' ? ids : [],
    doctorIds: input.groupBy === 'doctor' ? ids : [],
    serviceIds: input.groupBy === 'service' ? ids : [],
  });
  const nameOf = (id: number): Localized | string | null =>
    (input.groupBy === 'branch'
      ? catalog.branches.get(id)?.name
      : input.groupBy === 'doctor'
        ? catalog.doctors.get(id)?.fullName
        : catalog.services.get(id)?.name) ?? null;
  return {
    groups: ids.map((id) => ({ id, name: nameOf(id) })),
    points: shown,
    /** Points left out for having fewer than `minResponses` answers (marketers only). */
    hidden: points.length - shown.length,
    minResponses: caring ? null : NPS_MIN_RESPONSES,
  };
}

/** Broadcasts are the clinic's, not a branch's: only the period applies. */
export async function broadcastFigures(ctx: FiguresCtx, input: FigureInput) {
  const { from, to } = await filterOf(ctx.em, input);
  return broadcastConversions(ctx, { from, to });
}

/** Money by the invoice's branch; a doctor does not apply (an invoice may have no visit). */
export async function paymentTotals(ctx: FiguresCtx, input: FigureInput) {
  const { doctorId: _d, ...filter } = await filterOf(ctx.em, input);
  return paymentFigures(ctx.em, filter, input.interval);
}
