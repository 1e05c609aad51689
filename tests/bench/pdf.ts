/**
 * npm run bench:pdf [-- --count 1000] [-- --smoke]
 *
 * Issues `--count` generated documents of mixed kinds, one after another, through the API as a
 * doctor would (documents.staff.issue → issueDocument: fields checked, numbered, the PDF written,
 * the bytes stored, the audit entry and the patient's notice queued, all in one transaction):
 * referrals, multi-item prescriptions, certificates, visit summaries and lab results with 20–40
 * rows, half in Russian and half in Kazakh. Prints the time per document (p50/p95 against the
 * target of p95 < 150 ms) split into SQL and the rest (mostly the PDF), documents per second, the
 * PDFs' sizes and pages by kind, and the process's memory before and after.
 * Exits non-zero when a result is wrong: a document missing or numbered twice, a gap in a kind's
 * numbers, stored bytes that do not match their SHA-256, a notice not queued, or a sample PDF per
 * kind and language whose text lacks its number, its patient, its verification code or (lab
 * results) its marks.
 * A missed speed target is reported, not fatal. `-- --smoke`: 40 documents.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { startApp } from '../../server/app.ts';
import { silentLogger } from '../../shared/log.ts';
import {
  benchEnv,
  formatStats,
  insertPatients,
  int,
  line,
  meterSql,
  ms,
  numberArg,
  openBenchDatabase,
  printMode,
  type ServiceSeed,
  seedCatalog,
  seededRandom,
  sized,
  stats,
  weekOf,
} from './setup.ts';

const COUNT = numberArg('--count', sized(1_000, 40));
const WARMUP = sized(20, 5);
const PATIENTS = sized(200, 20);
const TARGET_P95_MS = 150;
const random = seededRandom(20261130);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/** Kinds in the mix a clinic issues: results and prescriptions most often. */
const MIX = [
  ...Array<string>(30).fill('lab_results'),
  ...Array<string>(25).fill('prescription'),
  ...Array<string>(20).fill('referral'),
  ...Array<string>(15).fill('certificate'),
  ...Array<string>(10).fill('visit_summary'),
];

const ANALYTES = [
  ['Гемоглобин', 'г/л', 120, 160],
  ['Эритроциты', '×10¹²/л', 3.9, 5.2],
  ['Лейкоциты', '×10⁹/л', 4, 9],
  ['Тромбоциты', '×10⁹/л', 180, 320],
  ['Гематокрит', '%', 36, 48],
  ['СОЭ', 'мм/ч', 2, 15],
  ['Глюкоза', 'ммоль/л', 3.9, 6.1],
  ['Креатинин', 'мкмоль/л', 53, 97],
  ['Мочевина', 'ммоль/л', 2.5, 8.3],
  ['АЛТ', 'Ед/л', 0, 41],
  ['АСТ', 'Ед/л', 0, 40],
  ['Билирубин общий', 'мкмоль/л', 3.4, 20.5],
  ['Холестерин общий', 'ммоль/л', 3.2, 5.2],
  ['Ферритин', 'нг/мл', 13, 150],
  ['ТТГ', 'мЕд/л', 0.4, 4],
] as const;

function labFields(kk: boolean) {
  const rows: Record<string, unknown>[] = Array.from({ length: between(20, 40) - 1 }, (_, i) => {
    const [name, unit, low, high] = ANALYTES[i % ANALYTES.length]!;
    const r = random();
    // About one in six out of range, either way.
    const value = r < 0.08 ? low * 0.8 : r < 0.16 ? high * 1.25 : low + (high - low) * random();
    return {
      name: i < ANALYTES.length ? name : `${name} (${Math.floor(i / ANALYTES.length) + 1})`,
      value: Math.round(value * 10) / 10,
      unit,
      low,
      high,
    };
  });
  // A text result beside the numbers, as a panel with a screening test has.
  const none = kk ? 'анықталмады' : 'не обнаружено';
  rows.push({ name: 'HBsAg', value: none, reference: none });
  return {
    panel: kk ? 'Қанның жалпы және биохимиялық талдауы' : 'Общий и биохимический анализ крови',
    material: kk ? 'веналық қан' : 'венозная кровь',
    sampledAt: new Date(Date.now() - between(1, 72) * 3_600_000).toISOString(),
    rows,
    comment: random() < 0.3 ? (kk ? 'Екі аптадан кейін қайталау.' : 'Повторить через две недели.') : null,
  };
}

const DRUGS = ['Амоксициллин', 'Ибупрофен', 'Омепразол', 'Парацетамол', 'Цетиризин', 'Метформин'];

function fieldsOf(kind: string, kk: boolean): Record<string, unknown> {
  const diagnosis = { code: 'J06.9', text: kk ? 'Жоғарғы тыныс жолдарының жедел инфекциясы' : 'ОРВИ' };
  switch (kind) {
    case 'lab_results':
      return labFields(kk);
    case 'prescription':
      return {
        diagnosis,
        items: Array.from({ length: between(2, 6) }, (_, i) => ({
          drug: `${DRUGS[i % DRUGS.length]}, таблетки`,
          dose: `${pick([250, 400, 500, 850])} мг`,
          frequency: kk ? 'Күніне 2 рет тамақтан кейін' : '2 раза в день после еды',
          durationDays: between(3, 14),
          notes: random() < 0.3 ? (kk ? 'Сумен ішу' : 'Запивать водой') : null,
        })),
      };
    case 'referral':
      return {
        to: pick(['specialist', 'tests', 'hospitalisation'] as const),
        target: kk ? 'Кардиологқа' : 'К кардиологу',
        tests: random() < 0.5 ? ['ЭКГ', 'ЭхоКГ', 'Холтер'] : [],
        diagnosis,
        reason: kk ? 'Кеуде тұсындағы ауырсынуды тексеру' : 'Боль в груди при нагрузке',
        urgency: pick(['planned', 'urgent'] as const),
      };
    case 'certificate':
      return {
        form: pick(['075/у', '086/у', '027/у']),
        purpose: kk ? 'Жұмыс орнына ұсыну үшін' : 'Для предоставления по месту работы',
        conclusion: kk ? 'Жұмысқа шектеусіз жарамды.' : 'Годен к работе без ограничений.',
      };
    default:
      return {
        complaints: kk ? 'Жөтел, дене қызуы 37,8' : 'Кашель, температура 37,8',
        examination: kk ? 'Жұтқыншақ қызарған' : 'Зев гиперемирован',
        diagnosis,
        recommendations: kk
          ? 'Көп сұйықтық ішу, 5 күннен кейін қайта келу.'
          : 'Обильное питьё, явка через 5 дней.',
      };
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const memory = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return `RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)}`;
};

const db = await openBenchDatabase('emhana_bench_pdf');
let stopApp: (() => Promise<void>) | null = null;
let ok = true;
try {
  const started = performance.now();
  console.log(
    `\nbench:pdf — ${int(COUNT)} generated documents through documents.staff.issue, one after another`,
  );
  printMode();
  line('database', db.server);
  const app = await startApp({ env: benchEnv(), log: silentLogger, databaseUrl: db.url });
  stopApp = () => app.stop();

  const em = app.orm.em.fork();
  const services: ServiceSeed[] = [{ name: 'Бенч: приём', durationMinutes: 30, priceTiyn: 500_000 }];
  const catalog = await seedCatalog(em, {
    services,
    doctors: Array.from({ length: 5 }, (_, i) => ({
      fullName: `Бенч Дәрігер ${i + 1}`,
      slotStepMinutes: 30,
      services: [0],
      weekly: weekOf(5, [[540, 1080]]),
    })),
  });
  const patientIds = await insertPatients(em, PATIENTS);
  // A caller per document, as a request is: each gets its own EntityManager (one shared by all
  // would keep every document in its identity map, and each flush would compare them all).
  const issue = (request: Parameters<ReturnType<typeof app.caller>['documents']['staff']['issue']>[0]) =>
    app.caller({ kind: 'service', name: 'bench', roles: ['doctor'] }).documents.staff.issue(request);
  const requests = Array.from({ length: WARMUP + COUNT }, (_, i) => {
    const kind = pick(MIX);
    const language = random() < 0.5 ? ('kk' as const) : ('ru' as const);
    return {
      patientId: patientIds[i % PATIENTS]!,
      doctorId: catalog.doctorIds[i % catalog.doctorIds.length]!,
      branchId: catalog.branchId,
      kind,
      language,
      fields: fieldsOf(kind, language === 'kk'),
    };
  });
  const measured = requests.slice(WARMUP);
  const labRows = measured
    .filter((r) => r.kind === 'lab_results')
    .map((r) => (r.fields.rows as unknown[]).length);
  const rxItems = measured
    .filter((r) => r.kind === 'prescription')
    .map((r) => (r.fields.items as unknown[]).length);
  line('patients / doctors / branch', `${int(PATIENTS)} / ${catalog.doctorIds.length} / 1 (Asia/Almaty)`);
  line('documents measured (+ warm-up)', `${int(COUNT)} (+ ${WARMUP})`);
  line(
    '  by kind',
    [...new Set(measured.map((r) => r.kind))]
      .sort()
      .map((k) => `${k} ${measured.filter((r) => r.kind === k).length}`)
      .join(', '),
  );
  line(
    '  in Russian / in Kazakh',
    `${measured.filter((r) => r.language === 'ru').length} / ${measured.filter((r) => r.language === 'kk').length}`,
  );
  line(
    '  lab rows per result (min–max)',
    `${Math.min(...labRows)}–${Math.max(...labRows)}, mean ${(labRows.reduce((a, b) => a + b, 0) / labRows.length).toFixed(1)}`,
  );
  line('  medicines per prescription', `${Math.min(...rxItems)}–${Math.max(...rxItems)}`);
  line('memory before', memory());

  const cold = performance.now();
  await issue(requests[0]!);
  const coldMs = performance.now() - cold;
  for (const request of requests.slice(1, WARMUP)) await issue(request);

  const sql = meterSql(app.orm);
  const total: number[] = [];
  const inSql: number[] = [];
  const perKind = new Map<string, number[]>();
  const loop = performance.now();
  const cpu = process.cpuUsage();
  for (const request of measured) {
    const sqlBefore = sql.ms;
    const t = performance.now();
    await issue(request);
    const elapsed = performance.now() - t;
    total.push(elapsed);
    inSql.push(sql.ms - sqlBefore);
    perKind.set(request.kind, [...(perKind.get(request.kind) ?? []), elapsed]);
  }
  const loopMs = performance.now() - loop;
  const { user, system } = process.cpuUsage(cpu);
  line('memory after', memory());

  // What was filed, checked against what was asked.
  const check = app.orm.em.fork();
  const [counts] = (await check.execute(
    `select (select count(*) from documents_document)::int as documents,
            (select count(distinct number) from documents_document)::int as numbers,
            (select count(*) from documents_document d join documents_file f on f.key = d.file_key
              where encode(sha256(f.bytes), 'hex') = d.sha256 and length(f.bytes) = d.size_bytes)::int as intact,
            (select count(*) from notifications_delivery where purpose = 'documents.issued')::int as notices`,
  )) as { documents: number; numbers: number; intact: number; notices: number }[];
  const gaps = (await check.execute(
    `select split_part(number, '-', 1) as prefix, count(*)::int as n,
            max(split_part(number, '-', 3)::int) as last
       from documents_document group by 1 having max(split_part(number, '-', 3)::int) <> count(*)`,
  )) as { prefix: string }[];
  const issued = WARMUP + COUNT;
  const wrong: string[] = [];
  if (counts!.documents !== issued) wrong.push(`${counts!.documents} documents filed of ${issued}`);
  if (counts!.numbers !== issued) wrong.push(`${issued - counts!.numbers} numbers given twice`);
  if (counts!.intact !== issued) wrong.push(`${issued - counts!.intact} files do not match their SHA-256`);
  if (counts!.notices !== issued) wrong.push(`${counts!.notices} notices queued for ${issued} documents`);
  for (const g of gaps) wrong.push(`a gap in the numbers of ${g.prefix}`);

  // Sizes and pages by kind (a page object per page: "/Type /Page" not followed by "s").
  const files = (await check.execute(
    `select d.kind, d.language, d.number, d.patient_id, d.verify_code, f.bytes
       from documents_document d join documents_file f on f.key = d.file_key order by d.id`,
  )) as {
    kind: string;
    language: string;
    number: string;
    patient_id: number;
    verify_code: string;
    bytes: Buffer;
  }[];
  console.log('\n  the PDFs');
  for (const kind of [...new Set(files.map((f) => f.kind))].sort()) {
    const own = files.filter((f) => f.kind === kind);
    const sizes = own.map((f) => f.bytes.byteLength / 1024);
    const pages = own.map((f) => (f.bytes.toString('latin1').match(/\/Type \/Page[^s]/g) ?? []).length);
    line(
      `  ${kind}`,
      `${own.length} files, ${Math.min(...sizes).toFixed(0)}–${Math.max(...sizes).toFixed(0)} KB ` +
        `(mean ${(sizes.reduce((a, b) => a + b, 0) / sizes.length).toFixed(1)}), ` +
        `pages ${Math.min(...pages)}–${Math.max(...pages)}`,
    );
  }
  // One of each kind and language read back as a person would read it.
  const names = new Map(
    (
      (await check.execute('select id, last_name, first_name from patients_patient')) as {
        id: number;
        last_name: string;
        first_name: string;
      }[]
    ).map((p) => [p.id, `${p.last_name} ${p.first_name}`]),
  );
  for (const key of new Set(files.map((f) => `${f.kind}/${f.language}`))) {
    const file = files.find((f) => `${f.kind}/${f.language}` === key)!;
    const pdf = await getDocumentProxy(new Uint8Array(file.bytes));
    const { text } = await extractText(pdf, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    if (!flat.includes(file.number)) wrong.push(`${key} ${file.number}: the number is not in its text`);
    if (!flat.includes(names.get(file.patient_id)!))
      wrong.push(`${key} ${file.number}: the patient is not in its text`);
    // Latin letters too: the fonts are shared across documents, their text map must not be.
    if (
      !flat.includes(`Код проверки: ${file.verify_code}`) &&
      !flat.includes(`Тексеру коды: ${file.verify_code}`)
    ) {
      wrong.push(`${key} ${file.number}: the verification code is not in its text`);
    }
    if (file.kind === 'lab_results' && !/[↑↓]/.test(flat))
      wrong.push(`${key} ${file.number}: no out-of-range mark`);
  }
  ok = wrong.length === 0;

  const s = stats(total);
  const rest = stats(total.map((t, i) => t - inSql[i]!));
  console.log('\n  time per document (sequential)');
  line('first document (cold)', ms(coldMs));
  line('per document', formatStats(s));
  line('  of which SQL (p50 / p95)', `${ms(stats(inSql).p50)} / ${ms(stats(inSql).p95)}`);
  line('  of which PDF + rest (p50 / p95)', `${ms(rest.p50)} / ${ms(rest.p95)}`);
  for (const [kind, times] of [...perKind].sort()) {
    const k = stats(times);
    line(`  ${kind}`, `p50 ${ms(k.p50)}  p95 ${ms(k.p95)}`);
  }
  // CPU time says what a document costs even when other work shares the machine's cores.
  line('CPU of this process per document (mean)', ms((user + system) / 1000 / COUNT));
  line('documents per second', (COUNT / (loopMs / 1000)).toFixed(1));
  line(
    'wrong results',
    `${wrong.length} (must be 0)${wrong.length ? `: ${wrong.slice(0, 5).join('; ')}` : ''}`,
  );
  line(
    `target p95 < ${TARGET_P95_MS} ms`,
    `${s.p95 < TARGET_P95_MS ? 'met' : 'MISSED'} (p95 is ${(s.p95 / TARGET_P95_MS).toFixed(2)}× the target)`,
  );
  line('total run time', `${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await stopApp?.();
  await db.close();
}
if (!ok) process.exitCode = 1;
