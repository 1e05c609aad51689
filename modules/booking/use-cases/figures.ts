/**
 * Booking's figures for the clinic's numbers (analytics composes them): bookings by channel, and
 * what became of booked visits — no-shows, late cancellations, and what answering a reminder "I'm
 * coming" says about coming. Counts only, one grouped statement each over this module's table.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  bucketSql,
  type FigureFilter,
  type Interval,
  rate,
  whereBranchDoctor,
} from '../../../shared/figures.ts';
import { type Sql, sql } from '../../../shared/sql.ts';
import { sentAboutSql } from '../../notifications/index.ts';

const COLUMNS = { branch: 'a.branch_id', doctor: 'a.doctor_id' };
const count = (row: Record<string, unknown>, key: string) => Number(row[key] ?? 0);

export const BOOKING_CHANNELS = ['bot', 'phone', 'console', 'api'] as const;
export type BookingChannel = (typeof BOOKING_CHANNELS)[number];
type ChannelCounts = Record<BookingChannel, number>;

/**
 * Visits booked in the period (a hold counts once confirmed; a hold let go is deleted), by how they
 * came: the bot, staff by phone, staff at the console (staff bookings from before channels were
 * recorded count as console), or an internal tool's token (api). Per bar of `interval` and in all.
 */
export async function bookingsByChannel(
  em: EntityManager,
  filter: FigureFilter,
  interval: Interval,
): Promise<{ total: number; byChannel: ChannelCounts; series: ({ period: string } & ChannelCounts)[] }> {
  const q: Sql = sql`select ${bucketSql('a.created_at', interval, filter.timeZone)} as period,
           count(*) filter (where a.source = 'bot')::int as bot,
           count(*) filter (where a.source = 'staff' and a.channel = 'phone')::int as phone,
           count(*) filter (where a.source = 'staff' and a.channel is distinct from 'phone')::int as console,
           count(*) filter (where a.source = 'api')::int as api
      from booking_appointment a
     where a.status <> 'held' and a.created_at >= ${filter.from} and a.created_at < ${filter.to}
           ${whereBranchDoctor(filter, COLUMNS)}
     group by 1 order by 1`;
  const rows = (await em.execute(q.text, [...q.values])) as Record<string, unknown>[];
  const series = rows.map((r) => ({
    period: String(r.period),
    bot: count(r, 'bot'),
    phone: count(r, 'phone'),
    console: count(r, 'console'),
    api: count(r, 'api'),
  }));
  const byChannel = Object.fromEntries(
    BOOKING_CHANNELS.map((c) => [c, series.reduce((s, r) => s + r[c], 0)]),
  ) as ChannelCounts;
  return { total: BOOKING_CHANNELS.reduce((s, c) => s + byChannel[c], 0), byChannel, series };
}

export interface AttendanceCounts {
  /** Visits whose time came and that were kept or missed (arrived, in progress, completed, no-show). */
  due: number;
  noShows: number;
  cancelled: number;
  /** Cancelled at the patient's wish inside the change cut-off before the start (see attendance). */
  lateCancels: number;
}

export interface AttendanceFigures extends AttendanceCounts {
  /** noShows ÷ due, 0…1 (null: nothing due). */
  noShowRate: number | null;
  /** lateCancels ÷ (due + cancelled): of the visits whose outcome is known. */
  lateCancelRate: number | null;
  /** The cut-off the late cancellations were counted with (minutes before the start). */
  lateCancelWindowMinutes: number;
  reminders: {
    /** Due visits that got at least one reminder in Telegram. */
    reminded: number;
    /** Of them, those whose patient tapped "I'm coming" (for the visit's final time). */
    answeredComing: number;
    answeredShare: number | null;
    /** No-show rate of those who answered "coming", and of the reminded who did not. */
    noShowRateAnswered: number | null;
    noShowRateNotAnswered: number | null;
  };
  series: ({ period: string } & AttendanceCounts & { noShowRate: number | null })[];
}

/**
 * What became of the visits that start in the period. A late cancellation is one the patient asked
 * for — in the bot ("can't come" when asked whether they arrived), or by calling the desk (the
 * clinic's reason "patient_request") — less than the change cut-off (BOOKING_CHANGE_CUTOFF_MINUTES)
 * before the start: the time when the slot can no longer be offered to anyone else in the bot.
 */
export async function attendance(
  em: EntityManager,
  filter: FigureFilter,
  interval: Interval,
  cutoffMinutes: number,
): Promise<AttendanceFigures> {
  const due = sql`a.status in ('arrived', 'in_progress', 'completed', 'no_show')`;
  const reminded = sentAboutSql({ purposePrefix: 'reminder.', kind: 'appointment', idColumn: 'a.id' });
  const q: Sql = sql`select ${bucketSql('a.starts_at', interval, filter.timeZone)} as period,
           count(*) filter (where ${due})::int as due,
           count(*) filter (where a.status = 'no_show')::int as no_shows,
           count(*) filter (where a.status = 'cancelled')::int as cancelled,
           count(*) filter (where a.status = 'cancelled'
                              and (a.cancelled_by = 'patient' or a.cancel_reason = 'patient_request')
                              and a.status_changed_at > a.starts_at - make_interval(mins => ${cutoffMinutes}))::int
             as late_cancels,
           count(*) filter (where ${due} and ${reminded})::int as reminded,
           count(*) filter (where ${due} and ${reminded} and a.coming_answered_at is not null)::int as answered,
           count(*) filter (where a.status = 'no_show' and ${reminded} and a.coming_answered_at is not null)::int
             as answered_no_shows,
           count(*) filter (where a.status = 'no_show' and ${reminded} and a.coming_answered_at is null)::int
             as silent_no_shows
      from booking_appointment a
     where a.status <> 'held' and a.starts_at >= ${filter.from} and a.starts_at < ${filter.to}
           ${whereBranchDoctor(filter, COLUMNS)}
     group by 1 order by 1`;
  const rows = (await em.execute(q.text, [...q.values])) as Record<string, unknown>[];
  const sum = (key: string) => rows.reduce((s, r) => s + count(r, key), 0);
  const totals = {
    due: sum('due'),
    noShows: sum('no_shows'),
    cancelled: sum('cancelled'),
    lateCancels: sum('late_cancels'),
  };
  const remindedCount = sum('reminded');
  const answered = sum('answered');
  return {
    ...totals,
    noShowRate: rate(totals.noShows, totals.due),
    lateCancelRate: rate(totals.lateCancels, totals.due + totals.cancelled),
    lateCancelWindowMinutes: cutoffMinutes,
    reminders: {
      reminded: remindedCount,
      answeredComing: answered,
      answeredShare: rate(answered, remindedCount),
      noShowRateAnswered: rate(sum('answered_no_shows'), answered),
      noShowRateNotAnswered: rate(sum('silent_no_shows'), remindedCount - answered),
    },
    series: rows.map((r) => ({
      period: String(r.period),
      due: count(r, 'due'),
      noShows: count(r, 'no_shows'),
      cancelled: count(r, 'cancelled'),
      lateCancels: count(r, 'late_cancels'),
      noShowRate: rate(count(r, 'no_shows'), count(r, 'due')),
    })),
  };
}
