/**
 * What the benchmark scripts share: a database of their own (on the embedded PostgreSQL in
 * .data/bench, or on BENCH_DATABASE_URL / DATABASE_URL), bulk inserts in plain SQL (a benchmark's
 * data set is too large to build one entity at a time), and the figures they print.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { type Env, parseEnv, readEnvironment } from '../../server/config.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../server/embedded-postgres.ts';
import { freePort } from '../../server/free-port.ts';
import { MIGRATIONS_DIR, migrate, type Orm, openOrm } from '../../server/orm.ts';
import { resolveSecrets } from '../../server/secrets.ts';
import { silentLogger } from '../../shared/log.ts';
import { utcToZoned } from '../../shared/zoned-time.ts';

export const BENCH_ZONE = 'Asia/Almaty';

/**
 * Smoke mode (`-- --smoke` or BENCH_SMOKE=1): the same code paths and the same checks on a small
 * data set with short phases, so CI can run every benchmark on each build; a benchmark nobody
 * runs rots. Its timings say nothing.
 */
export const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';

/** A number given on the command line as `--name N`, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** The full-size value, or the smoke one in smoke mode. */
export const sized = <T>(full: T, smoke: T): T => (SMOKE ? smoke : full);

/** Printed first, so a smoke run's figures are never mistaken for a measurement. */
export function printMode(): void {
  if (SMOKE) line('mode', 'SMOKE: small data, short phases; checks only, the timings mean nothing');
}
const DATA_DIR = '.data/bench';

/**
 * The app's settings for a benchmark that starts the app in its own process: test mode, the
 * bench's data folder, no demo clinic, no logs; `overrides` say what the benchmark needs besides.
 */
export function benchEnv(overrides: Record<string, string> = {}): Env {
  return parseEnv({ NODE_ENV: 'test', DATA_DIR, SEED_DEMO: 'false', LOG_LEVEL: 'silent', ...overrides });
}

export interface BenchDatabase {
  orm: Orm;
  /** The benchmark's own database. */
  url: string;
  /** Where it lives, for the printout (no password). */
  server: string;
  /**
   * Another database on the same server (dropped first if it exists), e.g. for pgbench: empty,
   * or a copy of `template`.
   */
  createDatabase(name: string, template?: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  /** Closes the ORM, drops every database created here and stops the server we started. */
  close(): Promise<void>;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const TEMPLATE_PREFIX = 'emhana_bench_template_';

/**
 * A database migrated to the migrations in the tree, kept on the server to clone each
 * benchmark's database from (a clone takes a fraction of migrating from scratch, and CI runs
 * every benchmark in turn). Its name carries a hash of the migration files, so a changed or new
 * migration makes a new template and the outdated ones are dropped. It is built under a name of
 * its own and renamed when complete, so a run that was killed half-way never leaves a half
 * template, and two runs that build it at once both end with the same one.
 */
async function migratedTemplate(adminUrl: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  const template = `${TEMPLATE_PREFIX}${hash.digest('hex').slice(0, 16)}`;
  const found = await adminQuery(adminUrl, `select 1 from pg_database where datname = '${template}'`);
  if (found.rowCount) return template;

  const building = `${template}_${process.pid}`;
  await adminQuery(adminUrl, `drop database if exists "${building}" with (force)`);
  await adminQuery(adminUrl, `create database "${building}"`);
  const orm = await openOrm(databaseUrl(adminUrl, building), silentLogger);
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  try {
    await adminQuery(adminUrl, `alter database "${building}" rename to "${template}"`);
  } catch (error) {
    // Another run finished the same template first: use theirs.
    await adminQuery(adminUrl, `drop database if exists "${building}" with (force)`);
    if ((error as { code?: string }).code !== '42P04') throw error;
  }
  // Templates of older migrations (unless a run is cloning one right now: then next time).
  const old = await adminQuery(
    adminUrl,
    `select datname from pg_database where datname like '${TEMPLATE_PREFIX}%' and datname <> '${template}'`,
  );
  for (const { datname } of old.rows as { datname: string }[]) {
    if (/_\d+$/.test(datname.slice(TEMPLATE_PREFIX.length + 16))) continue; // another run's, being built
    await adminQuery(adminUrl, `drop database if exists "${datname}"`).catch(() => {});
  }
  return template;
}

/**
 * The embedded PostgreSQL in .data/bench, shared: one already running (another benchmark's, or
 * bench:smoke's) is used and left running; otherwise it is started, and stopped by `stop()`.
 */
export async function startBenchPostgres(): Promise<EmbeddedPostgres> {
  const raw = readEnvironment();
  const env = parseEnv({ NODE_ENV: 'development', DATA_DIR });
  return startEmbeddedPostgres({
    dataDir: `${DATA_DIR}/postgres`,
    // A free port unless one is given: two runs (a developer's and CI's) never collide, and a
    // server left running by a killed run is adopted on the port in its postmaster.pid.
    port: raw.BENCH_PG_PORT ? Number(raw.BENCH_PG_PORT) : await freePort(),
    password: resolveSecrets(env).embeddedPgPassword,
    log: silentLogger,
    use: 'share',
  });
}

/**
 * A fresh, migrated database `name` (a clone of the migrated template). `.env` is read the way the CLI reads it, so a developer who
 * runs the app on their own PostgreSQL benchmarks there too (in a separate database).
 */
export async function openBenchDatabase(name: string, options: { poolMax?: number } = {}) {
  const raw = readEnvironment();
  let embedded: EmbeddedPostgres | null = null;
  let adminUrl = raw.BENCH_DATABASE_URL || raw.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startBenchPostgres();
    adminUrl = embedded.adminUrl;
  }
  const server = embedded
    ? `embedded PostgreSQL in ${DATA_DIR}/postgres (port ${new URL(adminUrl).port})`
    : `${new URL(adminUrl).host} (from ${raw.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'DATABASE_URL'})`;
  const created: string[] = [];
  let orm: Orm | null = null;

  const dropDatabase = async (database: string) => {
    await adminQuery(adminUrl, `drop database if exists "${database}" with (force)`);
  };
  const createDatabase = async (database: string, template?: string) => {
    await dropDatabase(database);
    await adminQuery(adminUrl, `create database "${database}"${template ? ` template "${template}"` : ''}`);
    created.push(database);
    return databaseUrl(adminUrl, database);
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await orm?.close(true).catch(() => {});
    // `--keep`: the data stays (and an embedded server keeps running) to be looked into with psql.
    if (process.argv.includes('--keep')) {
      console.log(`  kept: ${created.map((d) => databaseUrl(adminUrl, d)).join(', ')}`);
      return;
    }
    for (const database of created) await dropDatabase(database).catch(() => {});
    // stop() stops only a server this run started: one another run is using is left to it.
    await embedded?.stop();
  };
  // Ctrl-C would otherwise leave the server running: it sits in its own process group.
  const onSignal = () => {
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const url = await createDatabase(name, await migratedTemplate(adminUrl));
    orm = await openOrm(url, silentLogger, options.poolMax);
    // The template is migrated already; this only proves it (and would catch up a stale one).
    await migrate(orm);
    return { orm, url, server, createDatabase, dropDatabase, close } satisfies BenchDatabase;
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Inserts many rows in one statement: the rows travel as one JSON parameter and take the table's
 * own column types (json_populate_recordset), so no statement hits PostgreSQL's 65,535-parameter
 * limit. Every row must have the same keys; columns left out get their defaults. Returns the
 * `returning` column of each row, in the order given.
 */
export async function insertRows(
  em: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
  returning: string | null = 'id',
): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!)
    .map((c) => `"${c}"`)
    .join(', ');
  const result = (await em.execute(
    `insert into "${table}" (${columns})
     select ${columns} from json_populate_recordset(null::"${table}", ?::json) with ordinality as r
      order by r.ordinality
     ${returning ? `returning "${returning}" as value` : ''}`,
    [JSON.stringify(rows)],
  )) as { value: number }[];
  return returning ? result.map((r) => r.value) : [];
}

/** Registered patients, straight into the table (the IIN fields only need to be unique here). */
export async function insertPatients(em: EntityManager, count: number): Promise<number[]> {
  const rows = (await em.execute(
    `insert into patients_patient (last_name, first_name, middle_name, iin_cipher, iin_hash, iin_last4,
            birth_date, sex, created_at, updated_at)
     select 'Бенчмарков', 'Пациент ' || g, null, 'bench:' || g,
            encode(sha256(convert_to('bench-patient-' || g, 'UTF8')), 'hex'), lpad((g % 10000)::text, 4, '0'),
            date '1960-01-01' + (g * 7919 % 20000), case when g % 2 = 0 then 'female' else 'male' end,
            now(), now()
       from generate_series(1, ?) as g
      order by g
     returning id`,
    [count],
  )) as { id: number }[];
  return rows.map((r) => r.id);
}

export interface ServiceSeed {
  name: string;
  durationMinutes: number;
  priceTiyn: number;
}

export interface DoctorSeed {
  fullName: string;
  slotStepMinutes: number;
  /** Indexes into the services given with it. */
  services: number[];
  /** ISO weekday, local minutes [start, end). */
  weekly: { weekday: number; startMinute: number; endMinute: number }[];
}

export interface Catalog {
  branchId: number;
  serviceIds: number[];
  doctorIds: number[];
}

/** One branch in Almaty, one category, the services, the doctors with their weekly schedules. */
export async function seedCatalog(
  em: EntityManager,
  seed: { services: ServiceSeed[]; doctors: DoctorSeed[] },
): Promise<Catalog> {
  const now = new Date().toISOString();
  const stamps = { created_at: now, updated_at: now };
  const text = (ru: string) => ({ ru, kk: ru });
  const [branchId] = await insertRows(em, 'clinic_branch', [
    {
      name: text('Бенч: филиал Алматы'),
      address: text('Алматы, пр. Абая, 1'),
      phone: '+77270000000',
      time_zone: BENCH_ZONE,
      latitude: 43.238,
      longitude: 76.945,
      opening_hours: [...Array.from({ length: 6 }, () => ({ open: '08:00', close: '19:00' })), null],
      active: true,
      ...stamps,
    },
  ]);
  const [categoryId] = await insertRows(em, 'clinic_service_category', [
    { name: text('Бенч: приём'), sort_order: 0, active: true },
  ]);
  const serviceIds = await insertRows(
    em,
    'clinic_service',
    seed.services.map((s) => ({
      category_id: categoryId,
      name: text(s.name),
      duration_minutes: s.durationMinutes,
      price_tiyn: s.priceTiyn,
      active: true,
      online: false,
      ...stamps,
    })),
  );
  const doctorIds = await insertRows(
    em,
    'clinic_doctor',
    seed.doctors.map((d) => ({
      full_name: d.fullName,
      specialty: text('Врач'),
      slot_step_minutes: d.slotStepMinutes,
      active: true,
      ...stamps,
    })),
  );
  const doctors = seed.doctors.map((d, i) => ({ ...d, id: doctorIds[i]! }));
  await insertRows(
    em,
    'clinic_doctor_branch',
    doctors.map((d) => ({ doctor_id: d.id, branch_id: branchId })),
    null,
  );
  await insertRows(
    em,
    'clinic_doctor_service',
    doctors.flatMap((d) => d.services.map((s) => ({ doctor_id: d.id, service_id: serviceIds[s] }))),
    null,
  );
  await insertRows(
    em,
    'clinic_schedule_interval',
    doctors.flatMap((d) =>
      d.weekly.map((w) => ({
        doctor_id: d.id,
        branch_id: branchId,
        weekday: w.weekday,
        start_minute: w.startMinute,
        end_minute: w.endMinute,
      })),
    ),
  );
  return { branchId: branchId!, serviceIds, doctorIds };
}

/** Every day of the week from Monday to `lastWeekday`, with these intervals (HH:MM as minutes). */
export function weekOf(lastWeekday: number, spans: [number, number][]): DoctorSeed['weekly'] {
  const weekly: DoctorSeed['weekly'] = [];
  for (let weekday = 1; weekday <= lastWeekday; weekday++) {
    for (const [startMinute, endMinute] of spans) weekly.push({ weekday, startMinute, endMinute });
  }
  return weekly;
}

export const hm = (h: number, m = 0) => h * 60 + m;

/** Today's date in the branch's zone, as the booking code computes it. */
export function todayIn(zone = BENCH_ZONE): string {
  return utcToZoned(Date.now(), zone).date;
}

/** A small seeded generator (mulberry32): the same data set on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Counts the SQL round trips and the time spent in them: every query of the ORM, entity loads
 * included, goes through the connection's `execute`. Meant for sequential runs, where the time
 * between two readings belongs to one call.
 */
export function meterSql(orm: Orm) {
  const connection = orm.em.getConnection();
  const execute = connection.execute.bind(connection);
  const meter = { ms: 0, calls: 0 };
  connection.execute = (async (...args: Parameters<typeof execute>) => {
    const started = performance.now();
    try {
      return await execute(...args);
    } finally {
      meter.ms += performance.now() - started;
      meter.calls++;
    }
  }) as typeof connection.execute;
  return meter;
}

/** Runs `loops` async loops side by side; each gets its index. */
export async function inParallel(loops: number, loop: (index: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
}

export interface Stats {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a list of milliseconds. */
export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return {
    count: sorted.length,
    mean: sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length),
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const int = (value: number) => Math.round(value).toLocaleString('en-US');

export function formatStats(s: Stats): string {
  return `n=${s.count}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}`;
}

/** "label ......... value" lines, so a printout reads as a table. */
export function line(label: string, value: string): void {
  console.log(`  ${`${label} `.padEnd(38, '.')} ${value}`);
}
