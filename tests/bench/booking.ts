/**
 * npm run bench:booking — booking under load, through `bookSlot` as staff and the API use it:
 *   1. contention: 100 patients try to take one slot at the same moment; exactly one may win;
 *   2. throughput: 8 clients book distinct free slots (2,000 bookings) — bookings/s and latency;
 *   3. reference: pgbench's TPC-B-like load on the same server, so the figure has a yardstick.
 * Exits non-zero when the contention phase does not end with exactly one booking and 99 clean
 * "slot_taken" refusals, or when the throughput phase books nothing or any of its bookings fails
 * (its clients never aim at the same slot, so a conflict there is a bug).
 * `-- --smoke`: 20 contenders, 100 bookings, 2 s of pgbench.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DEFAULT_BOOKING_SETTINGS } from '../../modules/booking/booking.settings.ts';
import {
  type BookingCtx,
  type BookRequest,
  bookSlot,
} from '../../modules/booking/use-cases/book-appointment.ts';
import { findSlots } from '../../modules/booking/use-cases/find-slots.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../modules/notifications/index.ts';
import { hooks, settingsFrom } from '../../server/modules.ts';
import { systemClock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import type { JobQueue } from '../../shared/jobs.ts';
import { silentLogger } from '../../shared/log.ts';
import { addDays } from '../../shared/zoned-time.ts';
import {
  type BenchDatabase,
  benchEnv,
  formatStats,
  hm,
  inParallel,
  insertPatients,
  int,
  line,
  meterSql,
  ms,
  openBenchDatabase,
  printMode,
  seedCatalog,
  sized,
  stats,
  todayIn,
  weekOf,
} from './setup.ts';

const DOCTORS = 10;
/** Free slots are taken from tomorrow to the last of these days: enough for every booking. */
const DAYS = sized(30, 4);
const CONTENDERS = sized(100, 20);
const CLIENTS = 8;
const BOOKINGS = sized(2_000, 100);
/** The throughput phase stops here even if the count is not reached (a slow machine). */
const MAX_PHASE_SECONDS = sized(20, 10);
const POOL = 16;
const PGBENCH_SECONDS = sized(10, 2);
const run = promisify(execFile);
/** Refusals because the time is taken (by the doctor's or the patient's other visit). */
const CONFLICTS = new Set(['slot_taken', 'patient_busy']);

/** What an attempt ended with: a booking, or the error's code. */
const outcome = (error: unknown) =>
  error instanceof DomainError ? error.code : `${(error as Error).name}: ${(error as Error).message}`;

function tally(codes: string[]): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
}

async function pgbench(db: BenchDatabase): Promise<{ tps: number } | { skipped: string }> {
  const found = await run('which', ['pgbench']).catch(() => null);
  const binary = found?.stdout.trim();
  if (!binary) return { skipped: 'pgbench is not on PATH' };
  const url = new URL(await db.createDatabase('emhana_bench_pgbench'));
  const env = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
  };
  try {
    await run(binary, ['-i', '-s', '1', '-q'], { env });
    const args = ['-c', String(CLIENTS), '-j', '2', '-T', String(PGBENCH_SECONDS)];
    const { stdout } = await run(binary, args, { env });
    const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
    return tps ? { tps: Number(tps) } : { skipped: `pgbench printed no tps:\n${stdout}` };
  } catch (error) {
    // A reference that cannot run is reported, not fatal: the booking figures stand on their own.
    return { skipped: `pgbench failed: ${(error as { stderr?: string }).stderr?.trim() || error}` };
  } finally {
    await db.dropDatabase('emhana_bench_pgbench');
  }
}

async function main(): Promise<boolean> {
  const started = performance.now();
  const db = await openBenchDatabase('emhana_bench_booking', { poolMax: POOL });
  let ok = true;
  try {
    const { orm } = db;
    const seeding = performance.now();
    const catalog = await seedCatalog(orm.em.fork(), {
      services: [{ name: 'Бенч: приём 30 минут', durationMinutes: 30, priceTiyn: 800_000 }],
      // Every day 09–18 in steps of the visit's length: the free slots of a doctor never overlap.
      doctors: Array.from({ length: DOCTORS }, (_, i) => ({
        fullName: `Бенч Врач ${String(i + 1).padStart(2, '0')}`,
        slotStepMinutes: 30,
        services: [0],
        weekly: weekOf(7, [[hm(9), hm(18)]]),
      })),
    });
    const patients = await insertPatients(orm.em.fork(), CONTENDERS + BOOKINGS + 100);
    const serviceId = catalog.serviceIds[0]!;
    // No staff chat (the default), so a booking queues no notice; the queue only counts sends.
    // Every module's settings and hooks as a run has them (payments hears of each booking).
    const settings = {
      ...settingsFrom(benchEnv()),
      booking: DEFAULT_BOOKING_SETTINGS,
      notifications: DEFAULT_NOTIFICATION_SETTINGS,
    };
    let jobsSent = 0;
    const jobs: JobQueue = {
      async send() {
        jobsSent++;
      },
    };
    const ctx = (): BookingCtx => ({
      em: orm.em.fork(),
      clock: systemClock,
      settings,
      jobs,
      caller: { kind: 'system' },
      log: silentLogger,
      hooks,
    });
    const request = (patientId: number, doctorId: number, start: number): BookRequest => ({
      patientId,
      branchId: catalog.branchId,
      serviceId,
      doctorId,
      startsAt: new Date(start),
      mode: 'book',
      source: 'api',
      actor: 'bench',
      asStaff: true,
    });

    // From tomorrow on, so no slot turns into the past while the benchmark runs.
    const today = todayIn();
    const { days } = await findSlots(ctx(), {
      branchId: catalog.branchId,
      serviceId,
      doctorId: null,
      from: addDays(today, 1),
      to: addDays(today, DAYS - 1),
      ignoreNotice: true,
    });
    const free = days.flatMap((d) =>
      d.slots.flatMap((s) => s.doctorIds.map((doctorId) => ({ doctorId, start: s.start }))),
    );
    const seededMs = performance.now() - seeding;

    console.log('\nbench:booking — bookSlot under load');
    printMode();
    line('server', db.server);
    line('doctors / service', `${DOCTORS} / one of 30 minutes, every day 09:00–18:00`);
    line(`free slots (next ${DAYS - 1} days)`, int(free.length));
    line('patients', int(patients.length));
    line('ORM pool', `${POOL} connections`);
    line('data set built in', ms(seededMs));

    // Phase 1: everybody wants the same slot at once.
    const contested = free.shift()!;
    const attempts: number[] = [];
    const contention = performance.now();
    const results = await Promise.allSettled(
      patients.slice(0, CONTENDERS).map(async (patientId) => {
        const t = performance.now();
        try {
          return await bookSlot(ctx(), request(patientId, contested.doctorId, contested.start));
        } finally {
          attempts.push(performance.now() - t);
        }
      }),
    );
    const contentionMs = performance.now() - contention;
    const won = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [outcome(r.reason)] : []));
    const slotTaken = refused.filter((code) => code === 'slot_taken').length;
    const [stored] = (await orm.em.fork().execute(
      `select count(*)::int as n from booking_appointment
          where doctor_id = ? and starts_at = ? and status = 'booked'`,
      [contested.doctorId, new Date(contested.start)],
    )) as { n: number }[];
    const contentionOk = won === 1 && slotTaken === CONTENDERS - 1 && stored!.n === 1;
    ok &&= contentionOk;

    console.log(`\n  phase 1: ${CONTENDERS} patients book the same slot at once`);
    line('slot', `doctor ${contested.doctorId}, ${new Date(contested.start).toISOString()}`);
    line('successes', `${won} (must be 1)`);
    line('conflicts (slot_taken)', `${slotTaken} (must be ${CONTENDERS - 1})`);
    line('other outcomes', tally(refused.filter((code) => code !== 'slot_taken')));
    line('bookings stored for the slot', String(stored!.n));
    line('wall time', ms(contentionMs));
    line('per attempt', formatStats(stats(attempts)));
    line('verdict', contentionOk ? 'ok: exactly one booking' : 'FAILED: not exactly one booking');

    // Phase 2: clients that never aim at the same slot (round-robin shares of the free list).
    const latencies: number[] = [];
    const failures: string[] = [];
    let claimed = 0;
    const deadline = performance.now() + MAX_PHASE_SECONDS * 1000;
    const sql = meterSql(orm);
    const throughput = performance.now();
    await inParallel(CLIENTS, async (client) => {
      const share = free.filter((_, i) => i % CLIENTS === client);
      for (const slot of share) {
        if (claimed >= BOOKINGS || performance.now() > deadline) return;
        const patientId = patients[CONTENDERS + claimed++]!;
        const t = performance.now();
        try {
          await bookSlot(ctx(), request(patientId, slot.doctorId, slot.start));
          latencies.push(performance.now() - t);
        } catch (error) {
          failures.push(outcome(error));
        }
      }
    });
    const throughputMs = performance.now() - throughput;
    const perSecond = latencies.length / (throughputMs / 1000);
    const conflicts = failures.filter((code) => CONFLICTS.has(code));
    // A phase that booked nothing (no free slots found, say) would otherwise pass, measuring nothing.
    ok &&= failures.length === 0 && latencies.length > 0;

    console.log(`\n  phase 2: ${CLIENTS} clients book distinct free slots`);
    line('bookings', `${int(latencies.length)} of ${int(BOOKINGS)} in ${ms(throughputMs)}`);
    line('bookings per second', int(perSecond));
    line('per booking', formatStats(stats(latencies)));
    line('conflicts', `${conflicts.length} (should be 0): ${tally(conflicts)}`);
    line('other failures', tally(failures.filter((code) => !CONFLICTS.has(code))));
    line('SQL round trips per booking', (sql.calls / Math.max(1, claimed)).toFixed(1));
    line('jobs queued by the bookings', int(jobsSent));

    // Phase 3: a yardstick from the same server and machine.
    console.log(`\n  phase 3: pgbench (TPC-B-like, ${CLIENTS} clients, 2 threads, ${PGBENCH_SECONDS} s)`);
    const reference = await pgbench(db);
    if ('skipped' in reference) {
      line('pgbench', `skipped: ${reference.skipped}`);
    } else {
      line('pgbench transactions per second', int(reference.tps));
      line('bookings/s ÷ pgbench tps', (perSecond / reference.tps).toFixed(3));
    }

    console.log('\nsummary');
    line(
      'contention',
      `${CONTENDERS} attempts → ${won} booked, ${slotTaken} slot_taken in ${ms(contentionMs)}` +
        ` — ${contentionOk ? 'ok' : 'FAILED'}`,
    );
    line(
      'throughput',
      `${int(perSecond)} bookings/s with ${CLIENTS} clients, p95 ${ms(stats(latencies).p95)}, ` +
        `${failures.length} failures`,
    );
    line(
      'reference',
      'skipped' in reference
        ? 'pgbench skipped'
        : `pgbench ${int(reference.tps)} tps; bookings/s are ${(perSecond / reference.tps).toFixed(3)} of it`,
    );
    line('total run time', `${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
  return ok;
}

if (!(await main())) process.exitCode = 1;
