import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import { Branch } from './branch.entity.ts';
import { Doctor } from './doctor.entity.ts';

/**
 * One working interval of a doctor's week at a branch, in the branch's local time (minutes since
 * midnight). A lunch break is the gap between two intervals of a day. The exclusion constraint
 * keeps one doctor from working two overlapping intervals, wherever they are.
 */
export const ScheduleIntervalSchema = defineEntity({
  name: 'ScheduleInterval',
  tableName: 'clinic_schedule_interval',
  properties: {
    id: p.integer().primary(),
    doctor: () => p.manyToOne(Doctor).deleteRule('cascade'),
    branch: () => p.manyToOne(Branch),
    /** ISO weekday: 1 Monday … 7 Sunday. */
    weekday: p.smallint().check('weekday >= 1 and weekday <= 7'),
    startMinute: p.smallint(),
    endMinute: p.smallint(),
  },
  checks: [
    {
      name: 'clinic_schedule_interval_span',
      expression: 'start_minute >= 0 and end_minute <= 1440 and end_minute > start_minute',
    },
    {
      name: 'clinic_schedule_interval_no_overlap',
      expression:
        'exclude using gist (doctor_id with =, weekday with =, int4range(start_minute, end_minute) with &&)',
    },
  ],
});

export class ScheduleInterval extends ScheduleIntervalSchema.class {}
ScheduleIntervalSchema.setClass(ScheduleInterval);

export const EXCEPTION_KINDS = ['day_off', 'hours', 'break'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/**
 * A dated change to the weekly schedule: a day off (no work that date), changed hours (these
 * intervals replace the week's for that date), or a break (time taken out of that date).
 * Without a branch it applies to every branch of the doctor.
 */
export const ScheduleExceptionSchema = defineEntity({
  name: 'ScheduleException',
  tableName: 'clinic_schedule_exception',
  properties: {
    id: p.integer().primary(),
    doctor: () => p.manyToOne(Doctor).deleteRule('cascade'),
    branch: () => p.manyToOne(Branch).nullable(),
    date: p.date(),
    kind: p.enum(EXCEPTION_KINDS),
    startMinute: p.smallint().nullable(),
    endMinute: p.smallint().nullable(),
    note: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(appNow),
  },
  checks: [
    {
      name: 'clinic_schedule_exception_span',
      expression:
        "(kind = 'day_off' and start_minute is null and end_minute is null) or (kind <> 'day_off' and start_minute >= 0 and end_minute <= 1440 and end_minute > start_minute)",
    },
  ],
  indexes: [{ properties: ['doctor', 'date'] }],
});

export class ScheduleException extends ScheduleExceptionSchema.class {}
ScheduleExceptionSchema.setClass(ScheduleException);
