import { setTimeout as sleep } from 'node:timers/promises';
/**
 * npm run bench:broadcast [-- --recipients 10000 --patients 100000 --only send|audience] [-- --smoke]
 *
 * A) A marketing broadcast to RECIPIENTS readers through the Telegram sandbox, led the way staff
 *    lead one (a marketer drafts and tests it in their own chat, an admin approves, it is
 *    scheduled for now) while every 2 s an urgent message is queued and every second a new
 *    patient writes /start. Besides the readers, people who must get nothing: no marketing
 *    consent (never given, or withdrawn), the bot blocked, registration unfinished. Prints the
 *    broadcast's rate, its total time, urgent and reply waits (p50/p95), 429s met, and what each
 *    chat holds: every reader exactly one message, in their language and by their name; nobody
 *    else any. Exits non-zero on a duplicate, a loss or a message to someone it must not reach.
 * B) The audience preview on PATIENTS generated patients (ages, sexes, languages, family links,
 *    consents, three years of visits across branches and services, NPS answers): p50/p95 of
 *    `broadcasts.staff.preview` for representative filters, each count checked against the same
 *    audience worked out here from the generated data, and the plan of the slowest.
 * Smoke: 200 readers and 2,000 patients, the same checks.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AudienceFilter } from '../../modules/broadcasts/broadcasts.schemas.ts';
import { queueNotice } from '../../modules/notifications/index.ts';
import { startApp } from '../../server/app.ts';
import { parseEnv } from '../../server/config.ts';
import { jobQueue } from '../../server/jobs.ts';
import { serve } from '../../server/serve.ts';
import { silentLogger } from '../../shared/log.ts';
import { searchNameOf } from '../../shared/person-name.ts';
import type { Caller } from '../../shared/roles.ts';
import { KAZAKHSTAN_ZONE, localDate } from '../../shared/time.ts';
import { addDays, addYears, zonedToUtc } from '../../shared/zoned-time.ts';
import { SandboxClient } from '../support/sandbox-user.ts';
import {
  BENCH_ZONE,
  benchEnv,
  inParallel,
  insertPatients,
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

const RECIPIENTS = numberArg('--recipients', sized(10_000, 200));
const PATIENTS = numberArg('--patients', sized(100_000, 2_000));
const REPEATS = sized(12, 2);
const only = (() => {
  const i = process.argv.indexOf('--only');
  return i >= 0 ? process.argv[i + 1] : null;
})();

const failures: string[] = [];
const DAY = 86_400_000;
const iso = () => new Date().toISOString();

console.log(
  `bench:broadcast — a marketing broadcast to ${int(RECIPIENTS)} readers; audience previews on ${int(PATIENTS)} patients`,
);
printMode();

// ---------------------------------------------------------------------------------------------
// A) The broadcast through the sandbox.

interface Person {
  telegramUserId: number;
  patientId: number;
  firstName: string;
  language: 'ru' | 'kk';
  /** Must get the broadcast exactly once (else: never). */
  reader: boolean;
  kind: 'reader' | 'never_consented' | 'withdrew' | 'blocked' | 'unregistered';
}

async function sendBroadcast(): Promise<void> {
  const db = await openBenchDatabase('emhana_bench_broadcast');
  let stopApp: (() => Promise<void>) | null = null;
  try {
    console.log('\nA) the broadcast, through the sandbox at Telegram’s limits');
    line('database', db.server);
    // Bulk waits through quiet hours; the bench must measure the same at any time of day.
    const env = benchEnv({ QUIET_HOURS: 'off' });
    const app = await startApp({ env, log: silentLogger, databaseUrl: db.url });
    const server = await serve(app.fetch, { port: 0, hostname: '127.0.0.1' });
    stopApp = async () => {
      await server.close();
      await app.stop();
    };
    const sandbox = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${server.url}/sandbox/api${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
      return response.json() as Promise<T>;
    };
    /** A person who wrote to the bot once: Telegram lets a bot write only to them. */
    const chatUser = async (firstName: string, language: 'ru' | 'kk') => {
      const { id } = await sandbox<{ id: number }>('POST', '/users', {
        first_name: firstName,
        language_code: language,
      });
      await sandbox('POST', `/users/${id}/messages`, { text: '/start' });
      return id;
    };

    // Who is who: readers, and those the broadcast must not reach (each kind a few per cent).
    const prepared = performance.now();
    const others = Math.max(5, Math.round(RECIPIENTS * 0.02));
    const kinds: Person['kind'][] = [
      ...Array<Person['kind']>(RECIPIENTS).fill('reader'),
      ...Array<Person['kind']>(others).fill('never_consented'),
      ...Array<Person['kind']>(others).fill('withdrew'),
      ...Array<Person['kind']>(others).fill('blocked'),
      ...Array<Person['kind']>(others).fill('unregistered'),
    ];
    const em = app.orm.em.fork();
    const patientIds = await insertPatients(em, kinds.length);
    const random = seededRandom(15);
    const people: Person[] = kinds.map((kind, i) => ({
      telegramUserId: 0,
      patientId: patientIds[i]!,
      // insertPatients names patient g 'Пациент g' (g from 1).
      firstName: `Пациент ${i + 1}`,
      language: random() < 0.4 ? 'kk' : 'ru',
      reader: kind === 'reader',
      kind,
    }));
    await inParallel(8, async (loop) => {
      for (let i = loop; i < people.length; i += 8) {
        const person = people[i]!;
        person.telegramUserId = await chatUser(person.firstName, person.language);
      }
    });
    const now = Date.now();
    await insertRows(
      em,
      'patients_telegram_account',
      people.map((p) => ({
        telegram_user_id: p.telegramUserId,
        patient_id: p.patientId,
        language: p.language,
        registered_at: p.kind === 'unregistered' ? null : iso(),
        blocked_at: p.kind === 'blocked' ? iso() : null,
        created_at: iso(),
        updated_at: iso(),
      })),
      null,
    );
    const consent = (patientId: number, purpose: string, granted: boolean, daysAgo: number) => ({
      patient_id: patientId,
      purpose,
      text_version: 'bench-1',
      granted,
      at: new Date(now - daysAgo * DAY).toISOString(),
      channel: 'telegram',
    });
    await insertRows(
      em,
      'patients_consent_record',
      people.flatMap((p) => [
        consent(p.patientId, 'personal_data', true, 30),
        ...(p.kind === 'never_consented' ? [] : [consent(p.patientId, 'marketing', true, 30)]),
        ...(p.kind === 'withdrew' ? [consent(p.patientId, 'marketing', false, 2)] : []),
      ]),
      null,
    );
    // As autovacuum leaves a live database: statistics, and the visibility map that lets an
    // index-only scan skip the table (right after a bulk insert, every page still needs a look).
    await em.execute('vacuum analyze');

    // Staff as the module wants them: a marketer with their own chat (test sends), an admin.
    const system = app.caller({ kind: 'service', name: 'bench', roles: ['admin'] });
    const marketerChat = await chatUser('Маркетолог', 'ru');
    const staff = async (
      username: string,
      roles: ('admin' | 'marketer')[],
      telegramUserId: number | null,
    ) => {
      const account = await system.staff.create({
        username,
        displayName: username,
        password: 'bench-password-1',
        roles,
      });
      if (telegramUserId) await system.staff.update({ id: account.id, telegramUserId });
      const caller: Caller = { kind: 'staff', accountId: account.id, name: username, roles };
      // A caller keeps one entity manager: a fresh one per call reads the broadcast anew.
      return () => app.caller(caller).broadcasts.staff;
    };
    const marketer = await staff('bench.marketer', ['marketer'], marketerChat);
    const admin = await staff('bench.admin', ['admin'], null);
    line(
      'set-up (chats, records, consents)',
      `${((performance.now() - prepared) / 1000).toFixed(1)} s: ${int(RECIPIENTS)} readers, ${int(others)} each without consent, withdrawn, blocked, unregistered`,
    );

    // Their /start is what lets the bot write to them; it is not part of the measurement.
    await fetch(`${server.url}/sandbox/bot${app.sandbox!.token}/deleteWebhook?drop_pending_updates=true`);
    await app.startBot(server.url);

    const draft = await marketer().create({
      kind: 'marketing',
      title: 'Бенч: весенний осмотр',
      audience: {},
      text: {
        ru: '{first_name}, весенний осмотр со скидкой 20% [BC-ru]',
        kk: '{first_name}, көктемгі тексеру 20% жеңілдікпен [BC-kk]',
      },
      photo: null,
      buttons: [
        { kind: 'link', label: { ru: 'Подробнее', kk: 'Толығырақ' }, url: 'https://clinic.example/spring' },
      ],
    });
    const previewed = await marketer().preview({ audience: {}, kind: 'marketing' });
    line(
      'preview before sending',
      `${int(previewed.count)} readers (ru ${previewed.byLanguage.ru}, kk ${previewed.byLanguage.kk})`,
    );
    if (previewed.count !== RECIPIENTS)
      failures.push(`preview counts ${previewed.count}, expected ${RECIPIENTS}`);
    await marketer().testSend({ broadcastId: draft.id });
    const chatOf = async (user: number) =>
      (await sandbox<{ messages: { from: string; text?: string }[] }>('GET', `/users/${user}/chat`)).messages;
    for (let i = 0; ; i++) {
      const tests = (await chatOf(marketerChat)).filter(
        (m) => m.from === 'bot' && /\[BC-/.test(m.text ?? ''),
      );
      if (tests.length >= 2) break;
      if (i > 100) throw new Error('the test send did not reach the marketer’s chat');
      await sleep(100);
    }
    await admin().approve({ broadcastId: draft.id });
    const started = performance.now();
    const scheduledAt = new Date();
    await marketer().schedule({ broadcastId: draft.id, sendAt: null });

    // Probes while it goes out: an urgent message every 2 s (to readers' chats, some of which
    // the broadcast reaches around then), and a new patient writing /start every second.
    const ctx = { clock: app.clock, jobs: jobQueue(app.boss, app.clock), settings: app.settings };
    const probeClient = new SandboxClient(server.url);
    const replyWaits: number[] = [];
    const probes: Promise<void>[] = [];
    const readers = people.filter((p) => p.reader);
    let urgentSent = 0;
    let state = 'scheduled';
    const deadline = Date.now() + (RECIPIENTS / 25 + 180) * 1000;
    for (let tick = 0; Date.now() < deadline; tick++) {
      state = (await marketer().get({ broadcastId: draft.id })).state;
      if (state === 'done' || state === 'cancelled') break;
      if (tick % 2 === 0) {
        const n = urgentSent++;
        const chat = readers[(n * 7919) % readers.length]!.telegramUserId;
        await app.orm.em.fork().transactional((tx) =>
          queueNotice(
            { ...ctx, em: tx },
            {
              purpose: 'bench.urgent',
              target: `urgent:${n}`,
              to: { telegramUserId: chat },
              template: 'bk-ics-description',
              params: { phone: `urgent ${n}` },
              priority: 'urgent',
              timeZone: BENCH_ZONE,
            },
          ),
        );
      }
      probes.push(
        (async () => {
          const patient = await probeClient.user({ first_name: `Новый ${tick}`, language_code: 'ru' });
          const sentAt = performance.now();
          await patient.send('/start');
          await patient.expectMessage(/Выберите язык/, { timeout: 60_000 });
          replyWaits.push(performance.now() - sentAt);
        })(),
      );
      await sleep(1000);
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(probes);
    if (state !== 'done') failures.push(`the broadcast is ${state} after ${seconds.toFixed(0)} s, not done`);

    const broadcast = await marketer().get({ broadcastId: draft.id });
    const timings = (await app.orm.em.fork().execute(
      `select purpose, extract(epoch from (sent_at - queued_at)) * 1000 as wait_ms, sent_at
         from notifications_delivery where status = 'sent' and purpose in ('broadcast', 'bench.urgent')`,
    )) as { purpose: string; wait_ms: string; sent_at: Date }[];
    const urgentWaits = timings.filter((t) => t.purpose === 'bench.urgent').map((t) => Number(t.wait_ms));
    const sentTimes = timings
      .filter((t) => t.purpose === 'broadcast')
      .map((t) => new Date(t.sent_at).getTime())
      .sort((a, b) => a - b);
    const sendingSeconds = ((sentTimes.at(-1) ?? 0) - (sentTimes[0] ?? 0)) / 1000;

    // What the chats actually hold.
    const counts = new Map<number, { n: number; wrongLanguage: number; wrongName: number }>();
    await inParallel(8, async (loop) => {
      for (let i = loop; i < people.length; i += 8) {
        const person = people[i]!;
        const got = (await chatOf(person.telegramUserId)).filter(
          (m) => m.from === 'bot' && /\[BC-/.test(m.text ?? ''),
        );
        counts.set(person.telegramUserId, {
          n: got.length,
          wrongLanguage: got.filter((m) => !m.text!.includes(`[BC-${person.language}]`)).length,
          wrongName: got.filter((m) => !m.text!.includes(`${person.firstName},`)).length,
        });
      }
    });
    let duplicates = 0;
    let losses = 0;
    let wrongLanguage = 0;
    let wrongName = 0;
    const unwanted = new Map<string, number>();
    for (const person of people) {
      const c = counts.get(person.telegramUserId)!;
      wrongLanguage += c.wrongLanguage;
      wrongName += c.wrongName;
      if (person.reader) {
        if (c.n === 0) losses++;
        duplicates += Math.max(0, c.n - 1);
      } else if (c.n > 0) unwanted.set(person.kind, (unwanted.get(person.kind) ?? 0) + c.n);
    }
    const numbers = await marketer().stats({ broadcastId: draft.id });
    const telegram = await sandbox<{ calls: Record<string, number>; errors: Record<string, number> }>(
      'GET',
      '/stats',
    );

    console.log('');
    line(
      'broadcast',
      `${broadcast.state}: ${int(numbers.total.sent)} sent of ${int(broadcast.targeted ?? 0)} targeted in ${seconds.toFixed(1)} s (scheduled to done)`,
    );
    // Sending starts once the readers are frozen: the first message tells how long that took.
    line('first message after scheduling', ms((sentTimes[0] ?? Number.NaN) - scheduledAt.getTime()));
    line(
      'broadcast rate, first to last',
      `${((sentTimes.length - 1) / sendingSeconds).toFixed(1)} messages/s (bulk share; limit 30)`,
    );
    line(
      'overall rate while it went out',
      `${((sentTimes.length + urgentWaits.length + replyWaits.length) / sendingSeconds).toFixed(1)} messages/s (goal ≥ 29)`,
    );
    line(
      'urgent message wait, queued to sent',
      `p50 ${stats(urgentWaits).p50.toFixed(0)} ms, p95 ${stats(urgentWaits).p95.toFixed(0)} ms (${urgentWaits.length}; goal p95 ≤ 2000)`,
    );
    line(
      'reply wait, /start to the answer',
      `p50 ${stats(replyWaits).p50.toFixed(0)} ms, p95 ${stats(replyWaits).p95.toFixed(0)} ms (${replyWaits.length}; goal p95 ≤ 1000)`,
    );
    line('sendMessage calls', int(telegram.calls.sendMessage ?? 0));
    line('429s met', int(telegram.errors['429'] ?? 0));
    line(
      'other errors',
      JSON.stringify(Object.fromEntries(Object.entries(telegram.errors).filter(([k]) => k !== '429'))),
    );
    line(
      'numbers (ru / kk)',
      `sent ${numbers.ru.sent} / ${numbers.kk.sent}, failed ${numbers.total.failed}, skipped ${numbers.total.skipped}, pending ${numbers.total.pending}`,
    );
    line('duplicates', `${int(duplicates)} (must be 0)`);
    line('losses', `${int(losses)} (must be 0)`);
    line(
      'to people it must not reach',
      `${[...unwanted.values()].reduce((a, b) => a + b, 0)} (must be 0)${unwanted.size ? ` ${JSON.stringify(Object.fromEntries(unwanted))}` : ''}`,
    );
    line('wrong language / wrong name', `${wrongLanguage} / ${wrongName} (must be 0)`);
    if (duplicates) failures.push(`${duplicates} duplicate broadcast messages`);
    if (losses) failures.push(`${losses} readers got no broadcast message`);
    if (unwanted.size)
      failures.push(`messages to people without consent or reach: ${JSON.stringify([...unwanted])}`);
    if (wrongLanguage || wrongName)
      failures.push(`${wrongLanguage} in the wrong language, ${wrongName} by the wrong name`);
  } catch (error) {
    failures.push(`the broadcast run failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await stopApp?.().catch(() => {});
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// B) Audience previews on a clinic's worth of patients.

const LAST = ['Абенов', 'Ахметов', 'Жұмабеков', 'Омаров', 'Қасымов', 'Иванов', 'Ким', 'Серікбаев', 'Оспанов'];
const FIRST_M = ['Нұрлан', 'Ерлан', 'Айдар', 'Данияр', 'Сергей', 'Тимур', 'Әлихан'];
const FIRST_F = ['Жанар', 'Әлия', 'Айгерім', 'Асель', 'Татьяна', 'Динара', 'Мәдина'];

/** What the generator made, kept to work out each filter's audience here. */
interface Generated {
  id: number;
  birth: string;
  sex: 'male' | 'female';
  account: { language: 'ru' | 'kk'; blocked: boolean } | null;
  marketing: boolean;
  /** Completed visits: branch, service, start. */
  visits: { branch: number; service: number; at: number }[];
  upcoming: { branch: number; at: number } | null;
  /** Latest NPS score, if any. */
  nps: number | null;
  npsAt: number;
  children: number[];
  guardians: number[];
}

async function previewAudiences(): Promise<void> {
  const db = await openBenchDatabase('emhana_bench_broadcast_audience');
  const app = await startApp({
    env: parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', BOT_ENABLED: 'false' }),
    log: silentLogger,
    databaseUrl: db.url,
    sandbox: null,
  });
  try {
    console.log(`\nB) audience previews on ${int(PATIENTS)} patients`);
    line('database', db.server);
    const em = db.orm.em.fork();
    const started = performance.now();
    const clinic = await seedClinic(em);
    const people = await seedPatients(em, clinic);
    // As autovacuum leaves a live database: statistics, and the visibility map that lets an
    // index-only scan skip the table (right after a bulk insert, every page still needs a look).
    await em.execute('vacuum analyze');
    const rows = (await em.execute(
      `select (select count(*) from booking_appointment)::int as visits,
              (select count(*) from feedback_response)::int as answers,
              (select count(*) from patients_family_link)::int as links,
              (select count(*) from patients_telegram_account)::int as accounts`,
    )) as { visits: number; answers: number; links: number; accounts: number }[];
    line(
      'generated',
      `${int(PATIENTS)} patients, ${int(rows[0]!.accounts)} accounts, ${int(rows[0]!.visits)} appointments, ${int(rows[0]!.answers)} NPS answers, ${int(rows[0]!.links)} family links in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const now = Date.now();
    const today = localDate(new Date(now), KAZAKHSTAN_ZONE);
    const tomorrow = addDays(today, 1);
    const [b1, b2] = clinic.branches;
    const filters: { label: string; filter: AudienceFilter; kind: 'marketing' | 'service' }[] = [
      { label: 'everyone', filter: {}, kind: 'marketing' },
      { label: 'women 25–45', filter: { age: { min: 25, max: 45 }, sex: 'female' }, kind: 'marketing' },
      { label: 'Kazakh readers', filter: { languages: ['kk'] }, kind: 'marketing' },
      {
        label: 'branch 1, no visit 180 days',
        filter: { branchIds: [b1!], noVisitDays: 180 },
        kind: 'marketing',
      },
      { label: 'dentistry (category)', filter: { categoryIds: [clinic.categories[2]!] }, kind: 'marketing' },
      {
        label: 'nothing booked, detractors',
        filter: { upcomingVisit: false, npsGroups: ['detractor'] },
        kind: 'marketing',
      },
      {
        label: 'guardians of children 0–6',
        filter: { guardiansOfChildrenAged: { min: 0, max: 6 } },
        kind: 'marketing',
      },
      {
        label: 'combined',
        filter: {
          age: { min: 30 },
          languages: ['ru'],
          branchIds: [b2!],
          serviceIds: [clinic.services[0]!, clinic.services[1]!],
          lastVisitAfter: addDays(today, -730),
          npsGroups: ['promoter', 'passive'],
          upcomingVisit: false,
        },
        kind: 'marketing',
      },
      {
        label: 'service: visits at branch 1 tomorrow',
        filter: { visitAt: { branchId: b1!, date: tomorrow } },
        kind: 'service',
      },
    ];

    // The preview's count query, caught on its way to PostgreSQL, for the plan of the slowest.
    const connection = app.orm.em.getConnection();
    const execute = connection.execute.bind(connection);
    const caught: { last: { sql: string; params: unknown[] } | null } = { last: null };
    connection.execute = ((sql: string, params?: unknown[], ...rest: unknown[]) => {
      if (typeof sql === 'string' && sql.includes('count(*)::int as count'))
        caught.last = { sql, params: params ?? [] };
      return (execute as (...a: unknown[]) => unknown)(sql, params, ...rest);
    }) as typeof connection.execute;

    // A fresh caller per preview, as each HTTP request gets.
    const marketer = () =>
      app.caller({ kind: 'service', name: 'bench', roles: ['marketer'] }).broadcasts.staff;
    let slowest: { label: string; p95: number; sql: { sql: string; params: unknown[] } } | null = null;
    const expected = expectations(people, clinic, now, today);
    for (const { label, filter, kind } of filters) {
      const samples: number[] = [];
      let count = 0;
      for (let i = 0; i < REPEATS; i++) {
        const t0 = performance.now();
        count = (await marketer().preview({ audience: filter, kind })).count;
        samples.push(performance.now() - t0);
      }
      const s = stats(samples);
      const want = expected(filter, kind);
      line(
        label,
        `p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  (${int(count)} readers${count === want ? '' : `, EXPECTED ${int(want)}`})`,
      );
      if (count !== want) failures.push(`preview "${label}": ${count} readers, expected ${want}`);
      if (caught.last && (!slowest || s.p95 > slowest.p95)) slowest = { label, p95: s.p95, sql: caught.last };
    }
    line('goal', 'p95 < 500 ms each');
    if (slowest) {
      console.log(`\n  plan of the slowest ("${slowest.label}"), count query:`);
      const plan = (await execute(
        `explain (analyze, buffers off) ${slowest.sql.sql}`,
        slowest.sql.params,
      )) as {
        'QUERY PLAN': string;
      }[];
      for (const row of plan) console.log(`    ${row['QUERY PLAN'].slice(0, 150)}`);
    }
  } catch (error) {
    failures.push(`the preview run failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await app.stop();
    await db.close();
  }
}

interface Clinic {
  branches: number[];
  categories: number[];
  /** Two per category, in category order. */
  services: number[];
  /** Doctors of each branch. */
  doctors: Map<number, number[]>;
}

/** Three branches, three categories of two services each, four doctors a branch doing all. */
async function seedClinic(em: EntityManager): Promise<Clinic> {
  const text = (ru: string) => ({ ru, kk: ru });
  const stamps = { created_at: iso(), updated_at: iso() };
  const branches = await insertRows(
    em,
    'clinic_branch',
    ['Алматы', 'Астана', 'Шымкент'].map((city, i) => ({
      name: text(`Бенч: ${city}`),
      address: text(`${city}, ул. Абая, ${i + 1}`),
      phone: `+7727000000${i}`,
      time_zone: BENCH_ZONE,
      latitude: 43.2,
      longitude: 76.9,
      opening_hours: [...Array.from({ length: 6 }, () => ({ open: '08:00', close: '19:00' })), null],
      active: true,
      ...stamps,
    })),
  );
  const categories = await insertRows(
    em,
    'clinic_service_category',
    ['Терапия', 'Педиатрия', 'Стоматология'].map((name, i) => ({
      name: text(name),
      sort_order: i,
      active: true,
    })),
  );
  const services = await insertRows(
    em,
    'clinic_service',
    categories.flatMap((categoryId, c) =>
      [0, 1].map((s) => ({
        category_id: categoryId,
        name: text(`Услуга ${c + 1}.${s + 1}`),
        duration_minutes: 30,
        price_tiyn: 1_000_000,
        active: true,
        online: false,
        ...stamps,
      })),
    ),
  );
  const doctors = new Map<number, number[]>();
  for (const branchId of branches) {
    const ids = await insertRows(
      em,
      'clinic_doctor',
      Array.from({ length: 4 }, (_, i) => ({
        full_name: `Врач ${branchId}.${i + 1}`,
        specialty: text('Врач'),
        slot_step_minutes: 30,
        active: true,
        ...stamps,
      })),
    );
    doctors.set(branchId, ids);
    await insertRows(
      em,
      'clinic_doctor_branch',
      ids.map((d) => ({ doctor_id: d, branch_id: branchId })),
      null,
    );
    await insertRows(
      em,
      'clinic_doctor_service',
      ids.flatMap((d) => services.map((s) => ({ doctor_id: d, service_id: s }))),
      null,
    );
  }
  return { branches, categories, services, doctors };
}

/**
 * The patients and their history, in batches: about one in six a child (linked to one or two
 * guardians), three in four adults with a registered chat, half of those with marketing consent
 * (some withdrawn since), 0–6 visits each over three years (mostly completed), one in twelve with
 * a visit ahead, an NPS answer to about a third of completed visits.
 */
async function seedPatients(em: EntityManager, clinic: Clinic): Promise<Generated[]> {
  const random = seededRandom(8);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const now = Date.now();
  const today = localDate(new Date(now), KAZAKHSTAN_ZONE);
  const people: Generated[] = [];
  const BATCH = 10_000;
  // Visits ahead: each doctor's next free half hour from tomorrow on (occupying visits may not
  // overlap per doctor, nor per patient: a patient has at most one ahead).
  const nextSlot = new Map<number, number>();
  const firstSlot = zonedToUtc(addDays(today, 1), 8 * 60, BENCH_ZONE)!;
  for (let from = 0; from < PATIENTS; from += BATCH) {
    const size = Math.min(BATCH, PATIENTS - from);
    const batch: Generated[] = [];
    const rows = Array.from({ length: size }, (_, i) => {
      const n = from + i;
      const child = random() < 0.17;
      const sex = random() < 0.5 ? ('female' as const) : ('male' as const);
      const age = child ? Math.floor(random() * 18) : 18 + Math.floor(random() * 68);
      const birth = addDays(addYears(today, -age), -Math.floor(random() * 364) - 1);
      const account =
        !child && random() < 0.75
          ? { language: random() < 0.4 ? ('kk' as const) : ('ru' as const), blocked: random() < 0.03 }
          : null;
      batch.push({
        id: 0,
        birth,
        sex,
        account,
        marketing: false,
        visits: [],
        upcoming: null,
        nps: null,
        npsAt: 0,
        children: [],
        guardians: [],
      });
      const base = pick(LAST);
      const lastName = sex === 'female' && base.endsWith('в') ? `${base}а` : base;
      const firstName = pick(sex === 'female' ? FIRST_F : FIRST_M);
      return {
        last_name: lastName,
        first_name: firstName,
        search_name: searchNameOf([lastName, firstName]),
        iin_cipher: `bench:${n}`,
        iin_hash: `bench-broadcast-${n}`,
        iin_last4: String(n % 10_000).padStart(4, '0'),
        birth_date: birth,
        sex,
        created_at: iso(),
        updated_at: iso(),
      };
    });
    const ids = await insertRows(em, 'patients_patient', rows);
    batch.forEach((p, i) => {
      p.id = ids[i]!;
    });
    people.push(...batch);

    const withAccounts = batch.filter((p) => p.account);
    await insertRows(
      em,
      'patients_telegram_account',
      withAccounts.map((p, i) => ({
        telegram_user_id: 5_000_000_000 + from + i,
        patient_id: p.id,
        language: p.account!.language,
        registered_at: new Date(now - 400 * DAY).toISOString(),
        blocked_at: p.account!.blocked ? iso() : null,
        created_at: iso(),
        updated_at: iso(),
      })),
      null,
    );
    const consents: Record<string, unknown>[] = [];
    for (const p of withAccounts) {
      const record = (purpose: string, granted: boolean, daysAgo: number) =>
        consents.push({
          patient_id: p.id,
          purpose,
          text_version: 'bench-1',
          granted,
          at: new Date(now - daysAgo * DAY).toISOString(),
          channel: 'telegram',
        });
      record('personal_data', true, 400);
      const r = random();
      if (r < 0.6) record('marketing', true, 400);
      if (r < 0.1) record('marketing', false, 100); // withdrawn since
      p.marketing = r >= 0.1 && r < 0.6;
    }
    await insertRows(em, 'patients_consent_record', consents, null);

    // Visits: past ones do not occupy (completed, cancelled, missed), so they may fall anywhere.
    const visits: Record<string, unknown>[] = [];
    const completedOf: { person: Generated; branch: number; doctor: number; service: number; at: number }[] =
      [];
    for (const p of batch) {
      const home = pick(clinic.branches);
      const count = Math.floor(random() * 7);
      for (let v = 0; v < count; v++) {
        const branch = random() < 0.8 ? home : pick(clinic.branches);
        const doctor = pick(clinic.doctors.get(branch)!);
        const service = pick(clinic.services);
        const at = now - Math.floor(random() * 1095 * 48 + 1) * 1_800_000;
        const r = random();
        const status = r < 0.8 ? 'completed' : r < 0.92 ? 'cancelled' : 'no_show';
        visits.push(visitRow(p.id, branch, doctor, service, at, status));
        if (status === 'completed') {
          p.visits.push({ branch, service, at });
          completedOf.push({ person: p, branch, doctor, service, at });
        }
      }
      if (random() < 0.08) {
        const branch = home;
        const doctor = pick(clinic.doctors.get(branch)!);
        const at = nextSlot.get(doctor) ?? firstSlot;
        nextSlot.set(doctor, at + 1_800_000);
        visits.push(visitRow(p.id, branch, doctor, pick(clinic.services), at, 'booked'));
        p.upcoming = { branch, at };
      }
    }
    const visitIds: number[] = [];
    for (let v = 0; v < visits.length; v += 20_000)
      visitIds.push(...(await insertRows(em, 'booking_appointment', visits.slice(v, v + 20_000))));
    const completedIds = visitIds.filter((_, i) => visits[i]!.status === 'completed');
    const answers: Record<string, unknown>[] = [];
    completedOf.forEach((c, i) => {
      if (random() >= 0.35) return;
      // Mostly content, a tail of unhappy ones.
      const score = random() < 0.6 ? 9 + Math.floor(random() * 2) : Math.floor(random() * 9);
      const answeredAt = c.at + 3 * 3_600_000;
      answers.push({
        appointment_id: completedIds[i],
        patient_id: c.person.id,
        branch_id: c.branch,
        doctor_id: c.doctor,
        service_id: c.service,
        score,
        answered_at: new Date(answeredAt).toISOString(),
      });
      if (answeredAt > c.person.npsAt) {
        c.person.nps = score;
        c.person.npsAt = answeredAt;
      }
    });
    for (let a = 0; a < answers.length; a += 20_000)
      await insertRows(em, 'feedback_response', answers.slice(a, a + 20_000), null);
  }

  // Family: each child with one adult guardian, one in five with a second.
  const adults = people.filter((p) => p.birth <= addYears(today, -18));
  const links: Record<string, unknown>[] = [];
  for (const child of people.filter((p) => p.birth > addYears(today, -18))) {
    const guardians = new Set([pick(adults)]);
    if (random() < 0.2) guardians.add(pick(adults));
    for (const g of guardians) {
      links.push({ guardian_id: g.id, dependant_id: child.id, relation: 'child', created_at: iso() });
      g.children.push(child.id);
      child.guardians.push(g.id);
    }
  }
  for (let l = 0; l < links.length; l += 20_000)
    await insertRows(em, 'patients_family_link', links.slice(l, l + 20_000), null);
  return people;
}

function visitRow(
  patient: number,
  branch: number,
  doctor: number,
  service: number,
  at: number,
  status: string,
) {
  const startsAt = new Date(at).toISOString();
  return {
    patient_id: patient,
    doctor_id: doctor,
    branch_id: branch,
    service_id: service,
    starts_at: startsAt,
    ends_at: new Date(at + 1_800_000).toISOString(),
    status,
    price_tiyn: 1_000_000,
    source: 'bot',
    booked_by: 'bench',
    cancelled_by: status === 'cancelled' ? 'patient' : null,
    status_changed_at: startsAt,
    created_at: startsAt,
    updated_at: startsAt,
    scheduled_at: startsAt,
  };
}

/** Each filter's readers worked out from the generated data (the preview must agree). */
function expectations(people: Generated[], clinic: Clinic, now: number, today: string) {
  const byId = new Map(people.map((p) => [p.id, p]));
  const ageOf = (birth: string) => {
    const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
    return today.slice(5) < birth.slice(5) ? years - 1 : years;
  };
  const within = (birth: string, range: { min?: number; max?: number }) =>
    (range.min === undefined || ageOf(birth) >= range.min) &&
    (range.max === undefined || ageOf(birth) <= range.max);
  const servicesOf = (categories: number[]) =>
    categories.flatMap((c) => {
      const i = clinic.categories.indexOf(c);
      return clinic.services.slice(i * 2, i * 2 + 2);
    });
  const groupOf = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');
  return (filter: AudienceFilter, kind: 'marketing' | 'service'): number => {
    const services = [...(filter.serviceIds ?? []), ...servicesOf(filter.categoryIds ?? [])];
    const matches = (p: Generated) => {
      if (filter.age && !within(p.birth, filter.age)) return false;
      if (filter.sex && p.sex !== filter.sex) return false;
      if (filter.languages && !(p.account && filter.languages.includes(p.account.language))) return false;
      if (
        filter.guardiansOfChildrenAged &&
        !p.children.some((c) => within(byId.get(c)!.birth, filter.guardiansOfChildrenAged!))
      )
        return false;
      if (filter.branchIds && !p.visits.some((v) => filter.branchIds!.includes(v.branch))) return false;
      if (services.length && !p.visits.some((v) => services.includes(v.service))) return false;
      const last = p.visits.length ? Math.max(...p.visits.map((v) => v.at)) : null;
      if (filter.lastVisitAfter) {
        const after = zonedToUtc(filter.lastVisitAfter, 0, KAZAKHSTAN_ZONE)!;
        if (last === null || last < after) return false;
      }
      if (filter.noVisitDays !== undefined && (last === null || last >= now - filter.noVisitDays * DAY))
        return false;
      const ahead = p.upcoming !== null && p.upcoming.at > now;
      if (filter.upcomingVisit !== undefined && ahead !== filter.upcomingVisit) return false;
      if (filter.npsGroups && (p.nps === null || !filter.npsGroups.includes(groupOf(p.nps)))) return false;
      if (filter.visitAt) {
        const from = zonedToUtc(filter.visitAt.date, 0, BENCH_ZONE)!;
        const to = zonedToUtc(addDays(filter.visitAt.date, 1), 0, BENCH_ZONE)!;
        const u = p.upcoming;
        if (!u || u.branch !== filter.visitAt.branchId || u.at < from || u.at >= to) return false;
      }
      return true;
    };
    const readers = new Set<Generated>();
    for (const p of people) {
      if (!matches(p)) continue;
      readers.add(p);
      if (kind === 'service') for (const g of p.guardians) readers.add(byId.get(g)!);
    }
    let count = 0;
    for (const r of readers)
      if (r.account && !r.account.blocked && (kind === 'service' || r.marketing)) count++;
    return count;
  };
}

// Last: the constants above must be initialised first.
if (only !== 'audience') await sendBroadcast();
if (only !== 'send') await previewAudiences();
if (failures.length > 0) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
process.exit(0);
