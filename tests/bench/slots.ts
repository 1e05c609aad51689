/**
 * npm run bench:slots — how fast free slots are found for two weeks of a busy branch: 30 doctors,
 * 20 services, 10,000 appointments (most in the past 60 days, ~2,500 in the next 14). Measures
 * `findSlots` for one doctor and for "any doctor", sequentially and in 4 concurrent loops, against
 * the target of p95 ≤ 20 ms per query, and splits each query's time into SQL and the rest (the
 * slot engine and the ORM), so a miss says where to look.
 * Exits non-zero when an answer is wrong: no free slots at all, or a slot outside the doctor's
 * working time or overlapping one of their booked visits (checked against the seeded data). A
 * missed speed target is reported, not fatal. `-- --smoke`: 1,000 appointments, 40 queries.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_BOOKING_SETTINGS } from '../../modules/booking/booking.settings.ts';
import type { Slot } from '../../modules/booking/booking.slots.ts';
import {
  type Availability,
  findSlots,
  type SlotRequest,
} from '../../modules/booking/use-cases/find-slots.ts';
import { systemClock } from '../../shared/clock.ts';
import { addDays, datesBetween, isoWeekday, utcToZoned, zonedToUtc } from '../../shared/zoned-time.ts';
import {
  BENCH_ZONE,
  type Catalog,
  type DoctorSeed,
  formatStats,
  hm,
  inParallel,
  insertPatients,
  insertRows,
  int,
  line,
  meterSql,
  ms,
  openBenchDatabase,
  printMode,
  type ServiceSeed,
  seedCatalog,
  seededRandom,
  shuffle,
  sized,
  stats,
  todayIn,
  weekOf,
} from './setup.ts';

const DOCTORS = 30;
const SERVICES = 20;
const PAST_DAYS = 60;
const WINDOW_DAYS = 14;
const PAST_APPOINTMENTS = sized(7_500, 750);
const FUTURE_APPOINTMENTS = sized(2_500, 250);
const PATIENTS = sized(6_000, 600);
const WARMUP = sized(50, 5);
/** A multiple of LOOPS: the concurrent phase splits them evenly. */
const QUERIES = sized(500, 40);
const LOOPS = 4;
const TARGET_P95_MS = 20;
const MINUTE = 60_000;

const random = seededRandom(20261125);
const durations = [15, 20, 30, 30, 40, 45, 60, 20, 30, 15, 30, 45, 20, 30, 60, 15, 30, 40, 20, 30];
const services: ServiceSeed[] = durations.map((durationMinutes, i) => ({
  name: `Бенч: услуга ${i + 1}`,
  durationMinutes,
  priceTiyn: (5_000 + 500 * i) * 100,
}));
const doctors: DoctorSeed[] = Array.from({ length: DOCTORS }, (_, i) => ({
  fullName: `Бенч Врач ${String(i + 1).padStart(2, '0')}`,
  slotStepMinutes: i % 3 === 2 ? 20 : 15,
  services: shuffle(
    Array.from({ length: SERVICES }, (_, s) => s),
    random,
  )
    .slice(0, 5 + (i % 4))
    .sort((a, b) => a - b),
  // Every fourth doctor starts early; the rest work 09–13 and 14–18, Monday to Saturday.
  weekly:
    i % 4 === 3
      ? weekOf(6, [
          [hm(8), hm(12)],
          [hm(13), hm(17)],
        ])
      : weekOf(6, [
          [hm(9), hm(13)],
          [hm(14), hm(18)],
        ]),
}));

interface Exception {
  doctor: number;
  day: number;
  kind: 'day_off' | 'hours' | 'break';
  span: [number, number] | null;
}
/** A few dated changes in the measured fortnight (days from today). */
const exceptions: Exception[] = [
  { doctor: 0, day: 2, kind: 'day_off', span: null },
  { doctor: 3, day: 1, kind: 'break', span: [hm(11), hm(12)] },
  { doctor: 6, day: 4, kind: 'hours', span: [hm(10), hm(14)] },
  { doctor: 9, day: 6, kind: 'day_off', span: null },
  { doctor: 12, day: 3, kind: 'break', span: [hm(15), hm(16)] },
  { doctor: 15, day: 7, kind: 'hours', span: [hm(12), hm(20)] },
  { doctor: 18, day: 9, kind: 'day_off', span: null },
  { doctor: 18, day: 10, kind: 'day_off', span: null },
  { doctor: 21, day: 5, kind: 'break', span: [hm(9), hm(10, 30)] },
];

type Span = [number, number];

/** The doctor's working time on a date, exceptions applied as the slot engine applies them. */
function workingSpans(doctor: number, date: string, today: string): Span[] {
  const own = exceptions.filter((x) => x.doctor === doctor && addDays(today, x.day) === date);
  if (own.some((x) => x.kind === 'day_off')) return [];
  const hours = own.filter((x) => x.kind === 'hours').map((x) => x.span!);
  let spans: Span[] =
    hours.length > 0
      ? hours
      : doctors[doctor]!.weekly.filter((w) => w.weekday === isoWeekday(date)).map(
          (w): Span => [w.startMinute, w.endMinute],
        );
  for (const cut of own.filter((x) => x.kind === 'break').map((x) => x.span!)) {
    spans = spans.flatMap(([s, e]): Span[] => {
      if (cut[1] <= s || cut[0] >= e) return [[s, e]];
      const rest: Span[] = [];
      if (cut[0] > s) rest.push([s, cut[0]]);
      if (cut[1] < e) rest.push([cut[1], e]);
      return rest;
    });
  }
  return spans;
}

interface Placed {
  doctor: number;
  service: number;
  start: number;
  end: number;
}

/**
 * Candidate appointments on real slots: each working span is walked from its start in the
 * doctor's steps, placing a visit of one of their services or leaving a step free. Visits of one
 * doctor never overlap, so any subset of them satisfies the exclusion constraint.
 */
function candidates(today: string): Placed[] {
  const placed: Placed[] = [];
  for (const date of datesBetween(addDays(today, -PAST_DAYS), addDays(today, WINDOW_DAYS - 1))) {
    for (let d = 0; d < DOCTORS; d++) {
      const doctor = doctors[d]!;
      for (const [spanStart, spanEnd] of workingSpans(d, date, today)) {
        let m = spanStart;
        while (m < spanEnd) {
          const service = doctor.services[Math.floor(random() * doctor.services.length)]!;
          const duration = services[service]!.durationMinutes;
          if (random() < 0.15 || m + duration > spanEnd) {
            m += doctor.slotStepMinutes;
            continue;
          }
          const start = zonedToUtc(date, m, BENCH_ZONE)!;
          placed.push({ doctor: d, service, start, end: start + duration * MINUTE });
          m += Math.ceil(duration / doctor.slotStepMinutes) * doctor.slotStepMinutes;
        }
      }
    }
  }
  return placed;
}

/** What was seeded: the catalog, and the booked or confirmed visits of each doctor (by id). */
interface Seeded {
  catalog: Catalog;
  busy: Map<number, Span[]>;
}

async function seed(em: EntityManager, today: string): Promise<Seeded> {
  const catalog = await seedCatalog(em, { services, doctors });
  await insertRows(
    em,
    'clinic_schedule_exception',
    exceptions.map((x, i) => ({
      doctor_id: catalog.doctorIds[x.doctor],
      // Every other one applies at all the doctor's branches.
      branch_id: i % 2 === 0 ? catalog.branchId : null,
      date: addDays(today, x.day),
      kind: x.kind,
      start_minute: x.span?.[0] ?? null,
      end_minute: x.span?.[1] ?? null,
      note: 'bench',
      created_at: new Date().toISOString(),
    })),
  );
  const patientIds = await insertPatients(em, PATIENTS);

  const now = Date.now();
  const windowEnd = zonedToUtc(addDays(today, WINDOW_DAYS), 0, BENCH_ZONE)!;
  const all = candidates(today);
  const future = shuffle(
    all.filter((a) => a.start >= now && a.start < windowEnd),
    random,
  ).slice(0, FUTURE_APPOINTMENTS);
  const past = shuffle(
    all.filter((a) => a.start < now),
    random,
  ).slice(0, PAST_APPOINTMENTS);
  // The future visits get distinct patients, so the patients' own no-overlap rule always holds;
  // past ones (completed or cancelled) occupy nobody's time and may repeat patients.
  const rows = [...future, ...past].map((a, i) => {
    const upcoming = i < future.length;
    const r = random();
    const status = upcoming
      ? r < 0.55
        ? 'booked'
        : r < 0.85
          ? 'confirmed'
          : 'cancelled'
      : r < 0.85
        ? 'completed'
        : 'cancelled';
    const createdAt = new Date(Math.min(a.start, now) - Math.floor(random() * 14 * 24 * 60) * MINUTE);
    return {
      patient_id: patientIds[i % PATIENTS],
      doctor_id: catalog.doctorIds[a.doctor],
      branch_id: catalog.branchId,
      service_id: catalog.serviceIds[a.service],
      starts_at: new Date(a.start).toISOString(),
      ends_at: new Date(a.end).toISOString(),
      status,
      price_tiyn: services[a.service]!.priceTiyn,
      source: r < 0.6 ? 'bot' : 'staff',
      booked_by: 'bench',
      cancelled_by: status === 'cancelled' ? 'patient' : null,
      cancel_reason: status === 'cancelled' ? 'bench' : null,
      status_changed_at: createdAt.toISOString(),
      // The visit got its time when it was booked (nothing in the data set is ever moved).
      scheduled_at: createdAt.toISOString(),
      created_at: createdAt.toISOString(),
      updated_at: createdAt.toISOString(),
    };
  });
  for (let i = 0; i < rows.length; i += 2_500) {
    await insertRows(em, 'booking_appointment', rows.slice(i, i + 2_500), null);
  }
  // Fresh statistics, as a database that has lived a while would have: plans match production's.
  await em.execute('analyze');
  const busy = new Map<number, Span[]>();
  for (const row of rows) {
    if (row.status !== 'booked' && row.status !== 'confirmed') continue;
    const spans = busy.get(row.doctor_id!) ?? [];
    spans.push([Date.parse(row.starts_at), Date.parse(row.ends_at)]);
    busy.set(row.doctor_id!, spans);
  }
  return { catalog, busy };
}

/**
 * What is wrong with a free slot offered for `doctorId`, or null: it must have the service's
 * length, lie inside the doctor's working time that day (this file's own reading of the
 * schedule, not the engine's) and overlap none of their booked or confirmed visits.
 */
function slotError(
  slot: Slot,
  doctorId: number,
  answer: Availability,
  seeded: Seeded,
  today: string,
): string | null {
  const doctor = seeded.catalog.doctorIds.indexOf(doctorId);
  if (doctor < 0) return `unknown doctor ${doctorId}`;
  if (slot.end - slot.start !== answer.durationMinutes * MINUTE) return 'not the service’s length';
  const { date, minutes } = utcToZoned(slot.start, BENCH_ZONE);
  const end = minutes + answer.durationMinutes;
  if (!workingSpans(doctor, date, today).some(([s, e]) => s <= minutes && end <= e)) {
    return `outside working time (${date}, minute ${minutes})`;
  }
  const taken = seeded.busy.get(doctorId)?.find(([s, e]) => s < slot.end && e > slot.start);
  return taken ? `overlaps a visit at ${new Date(taken[0]).toISOString()}` : null;
}

interface Case {
  name: string;
  request(i: number): SlotRequest;
}

async function main(): Promise<boolean> {
  const started = performance.now();
  const db = await openBenchDatabase('emhana_bench_slots');
  let ok = true;
  try {
    const { orm } = db;
    const today = todayIn();
    const from = today;
    const to = addDays(today, WINDOW_DAYS - 1);
    const seeding = performance.now();
    const seeded = await seed(orm.em.fork(), today);
    const { catalog } = seeded;
    const seededMs = performance.now() - seeding;

    const em = orm.em.fork();
    const windowStart = new Date(zonedToUtc(from, 0, BENCH_ZONE)!);
    const windowEnd = new Date(zonedToUtc(addDays(to, 1), 0, BENCH_ZONE)!);
    const [size] = (await em.execute(
      `select (select count(*) from clinic_doctor)::int as doctors,
              (select count(*) from clinic_service)::int as services,
              (select count(*) from clinic_doctor_service)::int as offers,
              (select count(*) from clinic_schedule_exception)::int as exceptions,
              (select count(*) from patients_patient)::int as patients,
              (select count(*) from booking_appointment)::int as appointments,
              (select count(*) from booking_appointment
                where starts_at >= ? and starts_at < ?)::int as in_window,
              (select count(*) from booking_appointment
                where starts_at >= ? and starts_at < ? and status in ('booked', 'confirmed'))::int
                as occupying_in_window`,
      [windowStart, windowEnd, windowStart, windowEnd],
    )) as {
      doctors: number;
      services: number;
      offers: number;
      exceptions: number;
      patients: number;
      appointments: number;
      in_window: number;
      occupying_in_window: number;
    }[];
    const statuses = (await em.execute(
      'select status, count(*)::int as n from booking_appointment group by status order by status',
    )) as { status: string; n: number }[];

    const offers = (await em.execute(
      'select doctor_id, service_id from clinic_doctor_service order by doctor_id, service_id',
    )) as { doctor_id: number; service_id: number }[];
    shuffle(offers, random);
    const base = { branchId: catalog.branchId, from, to };
    const cases: Case[] = [
      {
        name: 'one doctor, one service',
        request: (i) => {
          const offer = offers[i % offers.length]!;
          return { ...base, serviceId: offer.service_id, doctorId: offer.doctor_id };
        },
      },
      {
        name: 'any doctor, one service',
        request: (i) => ({ ...base, serviceId: catalog.serviceIds[i % SERVICES]!, doctorId: null }),
      },
    ];
    const ctx = () => ({
      em: orm.em.fork(),
      clock: systemClock,
      settings: { booking: DEFAULT_BOOKING_SETTINGS },
    });
    const sql = meterSql(orm);

    console.log('\nbench:slots — findSlots for a 14-day range');
    printMode();
    line('server', db.server);
    line('range', `${from} … ${to} (${BENCH_ZONE}), ${WINDOW_DAYS} days`);
    line('doctors / services / offers', `${size!.doctors} / ${size!.services} / ${size!.offers}`);
    line('dated exceptions / patients', `${size!.exceptions} / ${int(size!.patients)}`);
    line('appointments in the table', int(size!.appointments));
    line('  by status', statuses.map((s) => `${s.status} ${int(s.n)}`).join(', '));
    line(
      'appointments in the window',
      `${int(size!.in_window)} (${int(size!.occupying_in_window)} booked/confirmed)`,
    );
    line('data set built in', ms(seededMs));

    const results: { name: string; p95: number; wrong: number }[] = [];
    for (const c of cases) {
      for (let i = 0; i < WARMUP; i++) await findSlots(ctx(), c.request(i));

      const total: number[] = [];
      const inSql: number[] = [];
      let slots = 0;
      let calls = 0;
      const answers: { request: SlotRequest; answer: Availability }[] = [];
      const sequential = performance.now();
      for (let i = 0; i < QUERIES; i++) {
        const request = c.request(WARMUP + i);
        const sqlBefore = sql.ms;
        const callsBefore = sql.calls;
        const t = performance.now();
        const answer = await findSlots(ctx(), request);
        total.push(performance.now() - t);
        inSql.push(sql.ms - sqlBefore);
        calls += sql.calls - callsBefore;
        for (const day of answer.days) slots += day.slots.length;
        answers.push({ request, answer });
      }
      const sequentialMs = performance.now() - sequential;

      // Checked after the timing: every doctor offered for every slot must really be free then.
      const wrong: string[] = [];
      for (const { request, answer } of answers) {
        for (const slot of answer.days.flatMap((day) => day.slots)) {
          for (const doctorId of slot.doctorIds) {
            const error =
              request.doctorId !== null && doctorId !== request.doctorId
                ? `doctor ${doctorId} offered when ${request.doctorId} was asked for`
                : slotError(slot, doctorId, answer, seeded, today);
            if (error) wrong.push(`doctor ${doctorId}, ${new Date(slot.start).toISOString()}: ${error}`);
          }
        }
      }
      if (slots === 0) wrong.push('no free slot in any answer');
      ok &&= wrong.length === 0;

      const concurrent: number[] = [];
      const perLoop = QUERIES / LOOPS;
      const parallel = performance.now();
      await inParallel(LOOPS, async (loop) => {
        for (let i = 0; i < perLoop; i++) {
          const t = performance.now();
          await findSlots(ctx(), c.request(loop * perLoop + i));
          concurrent.push(performance.now() - t);
        }
      });
      const parallelMs = performance.now() - parallel;

      const s = stats(total);
      const rest = stats(total.map((t, i) => t - inSql[i]!));
      results.push({ name: c.name, p95: s.p95, wrong: wrong.length });
      console.log(`\n  ${c.name}`);
      line('per query (sequential)', formatStats(s));
      line('  of which SQL (p50 / p95)', `${ms(stats(inSql).p50)} / ${ms(stats(inSql).p95)}`);
      line('  of which engine + ORM (p50 / p95)', `${ms(rest.p50)} / ${ms(rest.p95)}`);
      line('SQL round trips per query', (calls / QUERIES).toFixed(1));
      line('free slots per answer (mean)', int(slots / QUERIES));
      line('wrong answers', `${int(wrong.length)} (must be 0)${wrong.length ? `, first: ${wrong[0]}` : ''}`);
      line('queries per second (1 loop)', int(QUERIES / (sequentialMs / 1000)));
      line(`queries per second (${LOOPS} loops)`, int(QUERIES / (parallelMs / 1000)));
      line(`per query (${LOOPS} loops)`, formatStats(stats(concurrent)));
      const verdict = s.p95 <= TARGET_P95_MS ? 'met' : 'MISSED';
      line(
        `target p95 ≤ ${TARGET_P95_MS} ms`,
        `${verdict} (p95 is ${(s.p95 / TARGET_P95_MS).toFixed(2)}× the target)`,
      );
    }

    console.log('\nsummary');
    for (const r of results) {
      line(
        r.name,
        `p95 ${ms(r.p95)} — ${r.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'} ≤ ${TARGET_P95_MS} ms; ` +
          `${r.wrong ? `${int(r.wrong)} WRONG slots` : 'answers ok'}`,
      );
    }
    line('total run time', `${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
  return ok;
}

if (!(await main())) process.exitCode = 1;
