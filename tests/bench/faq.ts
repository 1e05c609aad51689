/**
 * npm run bench:faq — the FAQ search (support.faq.search, in process) on what patients type
 * (tests/support/faq-questions.ts: 20 questions per language and 20 Kazakh ones with the endings
 * patients use, each naming the demo entry it must find): how many find their entry first and in the three offered, and how long a search takes on
 * the demo FAQ (the reference) and on FAQs grown to a few hundred entries (copies of the demo's:
 * every typed word is matched against every published entry, so time grows with the FAQ). Exits
 * non-zero when the demo FAQ falls below the integration test's floor (17/20 first, 19/20 in the
 * top 3 per set of questions) or text about something else finds an answer.
 */
import { demoFaqEntries, seedDemoFaq } from '../../modules/support/index.ts';
import { startApp } from '../../server/app.ts';
import { parseEnv } from '../../server/config.ts';
import { silentLogger } from '../../shared/log.ts';
import {
  type FaqCase,
  kazakhInflectedQuestions,
  kazakhQuestions,
  russianQuestions,
  unrelatedQuestions,
} from '../support/faq-questions.ts';
import { formatStats, line, numberArg, openBenchDatabase, printMode, sized, stats } from './setup.ts';

const SIZES = [numberArg('--entries', sized(300, 60))];
const REPEATS = sized(10, 1);

const db = await openBenchDatabase('emhana_bench_faq');
const app = await startApp({
  env: parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', BOT_ENABLED: 'false' }),
  log: silentLogger,
  databaseUrl: db.url,
  sandbox: null,
});
const patient = app.caller({ kind: 'service', name: 'bench', roles: [] });
const em = db.orm.em.fork();
const failures: string[] = [];

type Language = 'ru' | 'kk';
/** Each set of questions by name, with the language the patient chose and the floor it must reach. */
const cases: {
  name: string;
  language: Language;
  questions: FaqCase[];
  floor: [first: number, top3: number];
}[] = [
  { name: 'ru', language: 'ru', questions: russianQuestions, floor: [17, 19] },
  { name: 'kk', language: 'kk', questions: kazakhQuestions, floor: [17, 19] },
  { name: 'kk inflected', language: 'kk', questions: kazakhInflectedQuestions, floor: [17, 19] },
];

/** Every question REPEATS times: the latencies, and per set how many found their entry. */
async function run(keyOf: (id: number) => string | undefined) {
  const samples: number[] = [];
  const hits = new Map(cases.map((c) => [c.name, { first: 0, top3: 0, misses: [] as string[] }]));
  for (const { name, language, questions } of cases) {
    const h = hits.get(name)!;
    for (const [text, wanted] of questions) {
      let keys: (string | undefined)[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const t0 = performance.now();
        const found = await patient.support.faq.search({ text, language, limit: 3 });
        samples.push(performance.now() - t0);
        keys = found.map((f) => keyOf(f.id));
      }
      if (keys[0] === wanted) h.first++;
      else h.misses.push(`«${text}» → ${wanted}: ${keys.join(', ') || 'nothing'}`);
      if (keys.includes(wanted)) h.top3++;
    }
  }
  return { samples, hits };
}

try {
  console.log(`bench:faq — ${db.server}`);
  printMode();
  await seedDemoFaq({ em: db.orm.em.fork() });
  const demo = (await em.execute(
    `select id, question->>'ru' as question from support_faq_entry where published order by id`,
  )) as { id: number; question: string }[];
  const keys = new Map(
    demo.map((e) => [e.id, demoFaqEntries.find((d) => d.question.ru === e.question)?.key]),
  );

  const reference = await run((id) => keys.get(id));
  const questionCount = cases.reduce((n, c) => n + c.questions.length, 0);
  line('FAQ', `${demo.length} entries (the demo FAQ), ${REPEATS}× each of ${questionCount} questions`);
  for (const { name, questions, floor } of cases) {
    const h = reference.hits.get(name)!;
    line(`  ${name}: first / in the top 3`, `${h.first}/${questions.length} / ${h.top3}/${questions.length}`);
    for (const miss of h.misses) console.log(`      missed ${miss}`);
    if (h.first < floor[0] || h.top3 < floor[1])
      failures.push(`${name}: ${h.first} first, ${h.top3} in the top 3`);
  }
  for (const [text, language] of unrelatedQuestions) {
    const found = await patient.support.faq.search({ text, language });
    if (found.length > 0) failures.push(`«${text}» (${language}) found ${found.length} answers`);
  }
  const referenceStats = stats(reference.samples);
  line('  search', formatStats(referenceStats));

  for (const size of SIZES) {
    // Copies of the demo's entries until the FAQ has `size` of them, each text a little different
    // (a number added), so PostgreSQL cannot reuse one entry's words for its copies.
    while (
      ((await em.execute('select count(*)::int as n from support_faq_entry'))[0] as { n: number }).n < size
    ) {
      await em.execute(
        `insert into support_faq_entry (category_id, question, answer, sort_order, published, created_at, updated_at)
         select category_id,
                jsonb_build_object('ru', (question->>'ru') || ' ' || id, 'kk', (question->>'kk') || ' ' || id),
                jsonb_build_object('ru', (answer->>'ru') || ' ' || id, 'kk', (answer->>'kk') || ' ' || id),
                sort_order + 1000, published, now(), now()
           from support_faq_entry order by id limit greatest(0, ? - (select count(*) from support_faq_entry))`,
        [size],
      );
    }
    await em.execute('analyze support_faq_entry');
    const grown = await run(() => undefined);
    const s = stats(grown.samples);
    line(
      `FAQ of ${size} entries: search`,
      `${formatStats(s)}  (${(s.p50 / referenceStats.p50).toFixed(1)}× the demo's p50)`,
    );
  }
} finally {
  await app.stop();
  await db.close();
}
if (failures.length > 0) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
