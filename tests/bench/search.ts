/**
 * npm run bench:search — how fast reception finds a patient by name among PATIENTS of them (Kazakh
 * and Russian names, double last names, middle names), typed as receptionists type them: in
 * Cyrillic, in Latin, with Kazakh letters plain, two letters only. Each query runs through the
 * real use case (staff API, in process), with the indexes on search_name and then without
 * them (the reference: the same search reading every row). Prints the latency of each query and
 * the plan PostgreSQL chose for one. Exits non-zero when a query does not list the patient it
 * names first (or at all, for a two-letter query).
 */
import { startApp } from '../../server/app.ts';
import { parseEnv } from '../../server/config.ts';
import { silentLogger } from '../../shared/log.ts';
import { searchNameOf } from '../../shared/person-name.ts';
import {
  insertRows,
  int,
  line,
  ms,
  numberArg,
  openBenchDatabase,
  printMode,
  seededRandom,
  sized,
  stats,
} from './setup.ts';

const PATIENTS = numberArg('--patients', sized(100_000, 2_000));
const REPEATS = sized(20, 2);
/** The reference reads every row, a second a query at full size: a few runs say enough. */
const REFERENCE_REPEATS = sized(3, 1);

const LAST = [
  'Абенов',
  'Ахметов',
  'Сейтқали',
  'Жұмабеков',
  'Нұрланов',
  'Омаров',
  'Қасымов',
  'Төлеуов',
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Ким',
  'Цой',
  'Бекмұханбетов',
  'Әлиев',
  'Серікбаев',
  'Тоқтаров',
  'Оспанов',
  'Исаев',
  'Мұхамеджанов',
  'Ғалымжанов',
  'Құдайбергенов',
  'Есенов',
];
const FIRST_M = [
  'Нұрлан',
  'Ерлан',
  'Айдар',
  'Қайрат',
  'Данияр',
  'Сергей',
  'Алексей',
  'Тимур',
  'Әлихан',
  'Бауыржан',
];
const FIRST_F = [
  'Жанар',
  'Әлия',
  'Айгерім',
  'Гүлнұр',
  'Асель',
  'Татьяна',
  'Юлия',
  'Шұғыла',
  'Динара',
  'Мәдина',
];
const FATHER = ['Серік', 'Нұрлан', 'Болат', 'Ерлан', 'Марат', 'Асқар'];

const random = seededRandom(11);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

/** The patient every query must find: one of a kind among the generated names. */
const TARGET = { lastName: 'Абенова-Сейтқали', firstName: 'Жанар', middleName: 'Серікқызы' };
const QUERIES: [string, 'first' | 'listed'][] = [
  ['Абенова-Сейтқали Жанар', 'first'],
  ['Abenova Seitkali Zhanar', 'first'],
  ['Janar Abenova-Seitkali', 'first'],
  ['Janar Abenova', 'listed'],
  ['сейткали жанар сериккызы', 'listed'],
  ['Жанар Сейт', 'listed'],
  ['Seitkalieva Zhanar', 'first'],
  ['Аб', 'listed'],
];

const db = await openBenchDatabase('emhana_bench_search');
const app = await startApp({
  env: parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', BOT_ENABLED: 'false' }),
  log: silentLogger,
  databaseUrl: db.url,
  sandbox: null,
});
const registrar = app.caller({ kind: 'service', name: 'bench', roles: ['registrar'] });
const em = db.orm.em.fork();
const failures: string[] = [];

try {
  console.log(`bench:search — ${db.server}`);
  printMode();
  const started = performance.now();
  for (let from = 0; from < PATIENTS; from += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, PATIENTS - from) }, (_, i) => {
      const n = from + i;
      const female = random() < 0.5;
      const base = pick(LAST);
      const lastName = female ? (base.endsWith('в') ? `${base}а` : base) : base;
      const firstName = pick(female ? FIRST_F : FIRST_M);
      const middleName = random() < 0.7 ? `${pick(FATHER)}${female ? 'қызы' : 'ұлы'}` : null;
      return {
        last_name: lastName,
        first_name: firstName,
        middle_name: middleName,
        search_name: searchNameOf([lastName, firstName, middleName]),
        iin_cipher: `bench:${n}`,
        iin_hash: `bench-search-${n}`,
        iin_last4: String(n % 10_000).padStart(4, '0'),
        birth_date: '1980-01-01',
        sex: female ? 'female' : 'male',
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      };
    });
    await insertRows(em, 'patients_patient', rows, null);
  }
  const [target] = await insertRows(em, 'patients_patient', [
    {
      last_name: TARGET.lastName,
      first_name: TARGET.firstName,
      middle_name: TARGET.middleName,
      search_name: searchNameOf([TARGET.lastName, TARGET.firstName, TARGET.middleName]),
      iin_cipher: 'bench:target',
      iin_hash: 'bench-search-target',
      iin_last4: '0000',
      birth_date: '1990-01-01',
      sex: 'female',
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    },
  ]);
  await em.execute('analyze patients_patient');
  line('patients', `${int(PATIENTS + 1)} (seeded in ${ms(performance.now() - started)})`);

  // The name query's SQL, caught on its way to PostgreSQL, for the plan printed below.
  const connection = em.getConnection();
  const execute = connection.execute.bind(connection);
  let nameSql: { sql: string; params: unknown[] } | null = null;
  const appConnection = app.orm.em.getConnection();
  const appExecute = appConnection.execute.bind(appConnection);
  appConnection.execute = ((sql: string, params?: unknown[], ...rest: unknown[]) => {
    if (typeof sql === 'string' && sql.includes('from patients_patient') && sql.includes('search_name'))
      nameSql = { sql, params: params ?? [] };
    return (appExecute as (...a: unknown[]) => unknown)(sql, params, ...rest);
  }) as typeof appConnection.execute;

  /** The plan's nodes and its timing, for the report (EXPLAIN ANALYZE runs the query once more). */
  const printPlan = async (caught: { sql: string; params: unknown[] }) => {
    const plan = (await execute(`explain (analyze, buffers off) ${caught.sql}`, caught.params)) as {
      'QUERY PLAN': string;
    }[];
    for (const row of plan) {
      const text = row['QUERY PLAN'];
      if (/Scan|Execution Time|Sort|Limit/.test(text)) console.log(`      ${text.trim().slice(0, 110)}`);
    }
  };

  const measure = async (label: string, plans: boolean, repeats: number) => {
    const medians: number[] = [];
    for (const [query, expect] of QUERIES) {
      const samples: number[] = [];
      let ids: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        ids = (await registrar.booking.staff.findPatients({ name: query })).map((p) => p.id);
        samples.push(performance.now() - t0);
      }
      const found = expect === 'first' ? ids[0] === target : ids.length > 0;
      if (!found)
        failures.push(
          `${label}: "${query}" did not list the patient ${expect === 'first' ? 'first' : 'at all'}`,
        );
      const s = stats(samples);
      medians.push(s.p50);
      line(`${label}: ${query}`, `p50 ${ms(s.p50)}  max ${ms(s.max)}  (${ids.length} listed)`);
      if (plans && nameSql) await printPlan(nameSql);
    }
    return medians;
  };

  const indexed = await measure('index', true, REPEATS);
  await em.execute('drop index patients_patient_search_name_words');
  await em.execute('drop index patients_patient_search_name_trgm');
  const scanned = await measure('no index (reference)', false, REFERENCE_REPEATS);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  line(
    'all queries, p50 summed',
    `${ms(sum(indexed))} with the index, ${ms(sum(scanned))} without: ${(sum(scanned) / sum(indexed)).toFixed(1)}× faster`,
  );
} finally {
  await app.stop();
  await db.close();
}
if (failures.length > 0) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
