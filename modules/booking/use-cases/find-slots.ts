import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import { addDays, utcToZoned, zonedToUtc } from '../../../shared/zoned-time.ts';
import { serviceForBooking, workingHours } from '../../clinic/index.ts';
import { bookingErrors } from '../booking.errors.ts';
import type { BookingSettings } from '../booking.settings.ts';
import { type BusyInterval, computeSlots, type DaySlots, type DoctorAvailability } from '../booking.slots.ts';
import { OCCUPYING_SQL } from '../entities/appointment.entity.ts';

export type SlotsCtx = { em: EntityManager; clock: Clock; settings: { booking: BookingSettings } };

export interface SlotRequest {
  branchId: number;
  serviceId: number;
  /** null: any doctor of the branch who provides the service. */
  doctorId: number | null;
  from: string;
  to: string;
  /** Ignore this appointment's own time (rescheduling it). */
  excludeAppointmentId?: number;
  /** Staff may book sooner than the patients' minimum notice. */
  ignoreNotice?: boolean;
}

export interface Availability {
  timeZone: string;
  durationMinutes: number;
  days: DaySlots[];
}

/**
 * Free slots for a service at a branch. The clinic says when its doctors work (workingHours), one
 * query here says when they are taken, and the pure engine in booking.slots.ts does the rest; a
 * query for a month of one branch stays in the low milliseconds.
 */
export async function findSlots(ctx: SlotsCtx, request: SlotRequest): Promise<Availability> {
  const offered = await serviceForBooking(ctx.em, {
    branchId: request.branchId,
    serviceId: request.serviceId,
  });
  if (!offered) throw bookingErrors('service_not_offered');
  const { branch, service } = offered;
  const settings = ctx.settings.booking;
  const now = ctx.clock.now().getTime();
  const today = utcToZoned(now, branch.timeZone).date;
  // ISO dates compare as strings: the asked range, cut to today … today + horizon.
  const [from] = [request.from, today].sort().reverse() as [string];
  const [to] = [request.to, addDays(today, settings.horizonDays)].sort() as [string];
  if (from > to) return { timeZone: branch.timeZone, durationMinutes: service.durationMinutes, days: [] };

  const hours = await workingHours(ctx.em, {
    branchId: branch.id,
    serviceId: service.id,
    doctorId: request.doctorId,
    from,
    to,
  });
  if (hours.length === 0) {
    if (request.doctorId !== null) throw bookingErrors('service_not_offered');
    return { timeZone: branch.timeZone, durationMinutes: service.durationMinutes, days: [] };
  }
  // Passed as one array literal: the driver would spread a JS array into several parameters.
  const ids = `{${hours.map((d) => d.doctorId).join(',')}}`;
  const windowStart = zonedToUtc(from, 0, branch.timeZone) ?? now;
  const windowEnd = zonedToUtc(addDays(to, 1), 0, branch.timeZone) ?? now;
  // em.execute runs inside the caller's transaction (booking checks slots in it); a bare
  // connection would take a second pooled connection and can starve the pool under load.
  const busy = (await ctx.em.execute(
    `select doctor_id, extract(epoch from starts_at) * 1000 as s, extract(epoch from ends_at) * 1000 as e
       from booking_appointment
      where doctor_id = any(?::int[]) and status in (${OCCUPYING_SQL})
        and starts_at < ? and ends_at > ?
        and (status <> 'held' or held_until > ?)
        and id <> ?`,
    [ids, new Date(windowEnd), new Date(windowStart), new Date(now), request.excludeAppointmentId ?? 0],
  )) as { doctor_id: number; s: string | number; e: string | number }[];

  const availability = new Map<number, DoctorAvailability>(
    hours.map((h) => [h.doctorId, { ...h, busy: [] as BusyInterval[] }]),
  );
  for (const b of busy) {
    availability.get(b.doctor_id)?.busy.push({ start: Number(b.s), end: Number(b.e) } satisfies BusyInterval);
  }

  return {
    timeZone: branch.timeZone,
    durationMinutes: service.durationMinutes,
    days: computeSlots({
      timeZone: branch.timeZone,
      from,
      to,
      durationMinutes: service.durationMinutes,
      now,
      minNoticeMinutes: request.ignoreNotice ? 0 : settings.minNoticeMinutes,
      horizonDays: settings.horizonDays,
      doctors: [...availability.values()],
    }),
  };
}
