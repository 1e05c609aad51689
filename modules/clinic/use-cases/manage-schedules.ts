import { DriverException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { toHhmm, toMinutes } from '../../../shared/time.ts';
import { clinicErrors } from '../clinic.errors.ts';
import type { addExceptionInput, setWeeklyScheduleInput } from '../clinic.schemas.ts';
import { exceptionView, type ScheduleView, weeklyIntervalView } from '../clinic.views.ts';
import { Branch } from '../entities/branch.entity.ts';
import { ScheduleException, ScheduleInterval } from '../entities/schedule.entity.ts';
import { findBranch } from './manage-branches.ts';
import { findDoctor } from './manage-doctors.ts';

type Ctx = { em: EntityManager };

interface Span {
  weekday: number;
  start: number;
  end: number;
  branchId: number;
}

/** The first pair of spans of one weekday that overlap, if any. */
function firstOverlap(spans: Span[]): [Span, Span] | null {
  const sorted = [...spans].sort((a, b) => a.weekday - b.weekday || a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (prev.weekday === next.weekday && next.start < prev.end) return [prev, next];
  }
  return null;
}

function overlapError(pair: [Span, Span]) {
  const [a, b] = pair;
  return clinicErrors('schedule_overlap', {
    weekday: a.weekday,
    first: `${toHhmm(a.start)}–${toHhmm(a.end)}`,
    second: `${toHhmm(b.start)}–${toHhmm(b.end)}`,
    branchId: a.branchId === b.branchId ? a.branchId : b.branchId,
  });
}

const isExclusionViolation = (error: unknown) =>
  error instanceof DriverException && (error as DriverException & { code?: string }).code === '23P01';

export async function getSchedule(
  ctx: Ctx,
  input: { doctorId: number; from?: string; to?: string },
): Promise<ScheduleView> {
  await findDoctor(ctx, input.doctorId);
  const weekly = await ctx.em.find(
    ScheduleInterval,
    { doctor: input.doctorId },
    { orderBy: { branch: 'asc', weekday: 'asc', startMinute: 'asc' } },
  );
  const exceptions = await ctx.em.find(
    ScheduleException,
    {
      doctor: input.doctorId,
      ...(input.from || input.to
        ? { date: { ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lte: input.to } : {}) } }
        : {}),
    },
    { orderBy: { date: 'asc', startMinute: 'asc' } },
  );
  return {
    doctorId: input.doctorId,
    weekly: weekly.map(weeklyIntervalView),
    exceptions: exceptions.map(exceptionView),
  };
}

/**
 * Replaces a doctor's week at one branch. The new week may not overlap itself nor the doctor's
 * week at other branches; the exclusion constraint settles races between two staff members.
 */
export async function setWeeklySchedule(
  ctx: Ctx,
  input: z.output<typeof setWeeklyScheduleInput>,
): Promise<ScheduleView> {
  try {
    await ctx.em.transactional(async (em) => {
      const tx = { em };
      const doctor = await findDoctor(tx, input.doctorId);
      const branch = await findBranch(tx, input.branchId);
      if (!doctor.branches.getItems().some((b) => b.id === branch.id)) {
        throw clinicErrors('doctor_not_in_branch', { doctorId: doctor.id, branchId: branch.id });
      }
      const wanted: Span[] = input.intervals.map((i) => ({
        weekday: i.weekday,
        start: toMinutes(i.start),
        end: toMinutes(i.end),
        branchId: branch.id,
      }));
      const elsewhere = await em.find(ScheduleInterval, { doctor: doctor.id, branch: { $ne: branch.id } });
      const overlap = firstOverlap([
        ...wanted,
        ...elsewhere.map((i) => ({
          weekday: i.weekday,
          start: i.startMinute,
          end: i.endMinute,
          branchId: i.branch.id,
        })),
      ]);
      if (overlap) throw overlapError(overlap);
      await em.nativeDelete(ScheduleInterval, { doctor: doctor.id, branch: branch.id });
      for (const span of wanted) {
        em.persist(
          em.create(ScheduleInterval, {
            doctor,
            branch: em.getReference(Branch, span.branchId),
            weekday: span.weekday,
            startMinute: span.start,
            endMinute: span.end,
          }),
        );
      }
      await em.flush();
    });
  } catch (error) {
    if (isExclusionViolation(error)) throw clinicErrors('schedule_overlap', { doctorId: input.doctorId });
    throw error;
  }
  ctx.em.clear();
  return getSchedule(ctx, { doctorId: input.doctorId });
}

export async function addScheduleException(
  ctx: Ctx,
  input: z.output<typeof addExceptionInput>,
): Promise<ScheduleView> {
  const doctor = await findDoctor(ctx, input.doctorId);
  const branch = input.branchId === null ? null : await findBranch(ctx, input.branchId);
  if (branch && !doctor.branches.getItems().some((b) => b.id === branch.id)) {
    throw clinicErrors('doctor_not_in_branch', { doctorId: doctor.id, branchId: branch.id });
  }
  const start = input.start ? toMinutes(input.start) : null;
  const end = input.end ? toMinutes(input.end) : null;
  if (input.kind === 'hours' && start !== null && end !== null) {
    // Changed hours of one date are that date's intervals: they must not overlap each other.
    const sameDay = await ctx.em.find(ScheduleException, {
      doctor: doctor.id,
      date: input.date,
      kind: 'hours',
    });
    const overlap = firstOverlap([
      { weekday: 0, start, end, branchId: branch?.id ?? 0 },
      ...sameDay.map((e) => ({
        weekday: 0,
        start: e.startMinute!,
        end: e.endMinute!,
        branchId: e.branch?.id ?? 0,
      })),
    ]);
    if (overlap) throw overlapError(overlap);
  }
  ctx.em.persist(
    ctx.em.create(ScheduleException, {
      doctor,
      branch,
      date: input.date,
      kind: input.kind,
      startMinute: start,
      endMinute: end,
      note: input.note,
    }),
  );
  await ctx.em.flush();
  return getSchedule(ctx, { doctorId: doctor.id, from: input.date, to: input.date });
}

export async function removeScheduleException(ctx: Ctx, id: number): Promise<{ removed: true }> {
  const exception = await ctx.em.findOne(ScheduleException, id);
  if (!exception) throw clinicErrors('exception_not_found', { id });
  await ctx.em.remove(exception).flush();
  return { removed: true };
}
