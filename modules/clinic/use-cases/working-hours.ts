import type { EntityManager } from '@mikro-orm/postgresql';

/** When a doctor works at a branch: the week's intervals and the dated changes in a range. */
export interface DoctorHours {
  doctorId: number;
  slotStepMinutes: number;
  /** Local minutes of each weekday (1 = Monday) the doctor works there. */
  weekly: { weekday: number; startMinute: number; endMinute: number }[];
  /** Days off, changed hours and breaks (minutes null for a day off). */
  exceptions: {
    date: string;
    kind: 'day_off' | 'hours' | 'break';
    startMinute: number | null;
    endMinute: number | null;
  }[];
}

/**
 * The working hours of the active doctors who provide a service at a branch (one doctor, or all of
 * them in name order), with their dated exceptions between two local dates. What booking needs to
 * find free slots, asked of the clinic instead of read from its tables. Three plain queries, run
 * in the caller's transaction (em.execute), so booking can check slots inside its own.
 */
export async function workingHours(
  em: EntityManager,
  query: { branchId: number; serviceId: number; doctorId: number | null; from: string; to: string },
): Promise<DoctorHours[]> {
  const doctors = (await em.execute(
    `select d.id, d.slot_step_minutes as step
       from clinic_doctor d
       join clinic_doctor_service ds on ds.doctor_id = d.id and ds.service_id = ?
       join clinic_doctor_branch db on db.doctor_id = d.id and db.branch_id = ?
      where d.active ${query.doctorId === null ? '' : 'and d.id = ?'}
      order by d.full_name, d.id`,
    query.doctorId === null
      ? [query.serviceId, query.branchId]
      : [query.serviceId, query.branchId, query.doctorId],
  )) as { id: number; step: number }[];
  if (doctors.length === 0) return [];
  // Passed as one array literal: the driver would spread a JS array into several parameters.
  const ids = `{${doctors.map((d) => d.id).join(',')}}`;
  const weekly = (await em.execute(
    `select doctor_id, weekday, start_minute, end_minute from clinic_schedule_interval
      where branch_id = ? and doctor_id = any(?::int[])`,
    [query.branchId, ids],
  )) as { doctor_id: number; weekday: number; start_minute: number; end_minute: number }[];
  const exceptions = (await em.execute(
    `select doctor_id, to_char(date, 'YYYY-MM-DD') as date, kind, start_minute, end_minute
       from clinic_schedule_exception
      where doctor_id = any(?::int[]) and date between ? and ? and (branch_id is null or branch_id = ?)`,
    [ids, query.from, query.to, query.branchId],
  )) as {
    doctor_id: number;
    date: string;
    kind: DoctorHours['exceptions'][number]['kind'];
    start_minute: number | null;
    end_minute: number | null;
  }[];
  const hours = new Map<number, DoctorHours>(
    doctors.map((d) => [d.id, { doctorId: d.id, slotStepMinutes: d.step, weekly: [], exceptions: [] }]),
  );
  for (const w of weekly)
    hours
      .get(w.doctor_id)
      ?.weekly.push({ weekday: w.weekday, startMinute: w.start_minute, endMinute: w.end_minute });
  for (const x of exceptions)
    hours.get(x.doctor_id)?.exceptions.push({
      date: x.date,
      kind: x.kind,
      startMinute: x.start_minute,
      endMinute: x.end_minute,
    });
  return [...hours.values()];
}
