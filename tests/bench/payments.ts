/**
 * npm run bench:payments — money recorded once, and Kaspi polled at its interval within a rate:
 *   1. DUPLICATES concurrent status checks of one Kaspi payment the stand-in says is paid (the path
 *      a poller round, the reconciliation and a retry share): exactly one payment recorded, one
 *      receipt, the invoice's paid sum counted once.
 *   2. PENDING Kaspi payments, each made at the sandbox's Kaspi stand-in through the real adapter
 *      and all due at once, polled by the app's own poller with PAYMENT_MAX_REQUESTS_PER_SECOND =
 *      RATE for ROUNDS polling intervals: the most status requests the stand-in saw in any one
 *      second against the limit, how long until every payment was asked once against the interval,
 *      how late any payment was asked (sampled), and how many were never asked or fell behind.
 * The app is the real one on its own database with the sandbox in process (the adapter talks to
 * the stand-in through it, as in sandbox mode). Exits non-zero when a check fails.
 * `-- --smoke`: 100 payments at a rate of 40 for one interval (a few seconds).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { PaymentsCtx } from '../../modules/payments/payments.context.ts';
import { checkPayment } from '../../modules/payments/use-cases/check-payment.ts';
import { startApp } from '../../server/app.ts';
import { parseEnv } from '../../server/config.ts';
import { hooks } from '../../server/modules.ts';
import { createTelegramSandbox } from '../../server/sandbox/index.ts';
import { AdjustableClock } from '../../shared/clock.ts';
import { silentLogger } from '../../shared/log.ts';
import {
  insertPatients,
  insertRows,
  int,
  line,
  ms,
  numberArg,
  openBenchDatabase,
  printMode,
  sized,
} from './setup.ts';

const DUPLICATES = numberArg('--duplicates', 50);
const PENDING = numberArg('--payments', sized(1_000, 100));
const RATE = numberArg('--rate', sized(250, 40));
const ROUNDS = numberArg('--rounds', sized(3, 1));
const AMOUNT = 1_250_000;

const db = await openBenchDatabase('emhana_bench_payments');
const clock = new AdjustableClock();
const sandbox = createTelegramSandbox({ clock, log: silentLogger });
const app = await startApp({
  env: parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    BOT_ENABLED: 'false',
    PAYMENT_MAX_REQUESTS_PER_SECOND: String(RATE),
  }),
  log: silentLogger,
  clock,
  databaseUrl: db.url,
  sandbox,
});
const kaspi = app.settings.payments.providers.kaspi!;
const em = () => app.orm.em.fork();
const stand = (method: 'GET' | 'DELETE') =>
  sandbox
    .handle(new Request('http://localhost/sandbox/kaspi/test/stats', { method }))
    .then((r) => r.json() as Promise<{ statusRequests: number; maxStatusPerSecond: number }>);
const emulate = (step: string, id: string) =>
  sandbox.handle(
    new Request(`http://localhost/sandbox/kaspi/r1/v01/test/payment/${step}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': sandbox.kaspi.apiKey },
      body: JSON.stringify({ QrPaymentId: Number(id) }),
    }),
  );

/** Patients and one unpaid invoice each, straight into the tables; then a Kaspi link for each. */
let allPatients: number[] = [];
async function kaspiPayments(count: number, from: number, nextCheckAt: Date) {
  const patients = allPatients.splice(0, count);
  const invoices = await insertRows(
    em(),
    'payments_invoice',
    patients.map((patientId, i) => ({
      number: `BENCH-${from + i}`,
      patient_id: patientId,
      origin: 'staff',
      status: 'unpaid',
      total_tiyn: AMOUNT,
      paid_tiyn: 0,
      refunded_tiyn: 0,
      currency: 'KZT',
      created_by: 'bench',
      created_at: clock.now(),
      version: 1,
    })),
  );
  await insertRows(
    em(),
    'payments_invoice_line',
    invoices.map((invoiceId) => ({
      invoice_id: invoiceId,
      position: 1,
      title: { ru: 'Приём терапевта', kk: 'Терапевт қабылдауы' },
      quantity: 1,
      unit_price_tiyn: AMOUNT,
      amount_tiyn: AMOUNT,
    })),
    null,
  );
  const rows = [];
  for (const [i, invoiceId] of invoices.entries()) {
    const id = crypto.randomUUID();
    const checkout = await kaspi.checkout({
      paymentId: id,
      orderNumber: String(from + i),
      amountTiyn: AMOUNT,
      description: `BENCH-${from + i}`,
      language: 'ru',
      accountId: String(patients[i]),
      secretHash: 'x',
      callbackUrl: null,
      returnUrl: null,
      expiresAt: new Date(clock.now().getTime() + 3_600_000),
    });
    rows.push({
      id,
      invoice_id: invoiceId,
      provider: 'kaspi',
      status: 'pending',
      amount_tiyn: AMOUNT,
      order_number: String(from + i),
      provider_ref: checkout.providerRef,
      secret_hash: 'x',
      url: checkout.url,
      qr_token: checkout.qrToken,
      expires_at: checkout.expiresAt,
      poll_seconds: checkout.pollSeconds,
      next_check_at: nextCheckAt,
      checks: 0,
      started_by: 'bench',
      created_at: clock.now(),
    });
  }
  await insertRows(em(), 'payments_payment', rows, null);
  return { rows, patients, invoices, interval: rows[0]!.poll_seconds! };
}

const failures: string[] = [];
try {
  console.log(`bench:payments — ${db.server}`);
  printMode();
  for (let i = 0; i < 100 && !app.leading(); i++) await sleep(100);
  allPatients = await insertPatients(em(), PENDING + 1);

  // 1. Duplicate confirmations of one payment, all at once, none of them the poller's.
  const one = await kaspiPayments(1, 100_001, new Date(clock.now().getTime() + 86_400_000));
  const payment = one.rows[0]!;
  await emulate('scan', payment.provider_ref);
  await emulate('confirm', payment.provider_ref);
  const ctx = (): PaymentsCtx => ({
    em: em(),
    clock,
    caller: { kind: 'system' },
    settings: app.settings,
    hooks,
    log: silentLogger,
  });
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: DUPLICATES }, () =>
      checkPayment(ctx(), payment.id).catch((e: Error) => `${e.name}: ${e.message}`),
    ),
  );
  const took = performance.now() - started;
  const tally: Record<string, number> = {};
  for (const outcome of outcomes) tally[String(outcome)] = (tally[String(outcome)] ?? 0) + 1;
  const [recorded] = (await em().execute(
    `select (select count(*) from payments_payment where invoice_id = ? and status = 'paid')::int as paid,
            (select paid_tiyn from payments_invoice where id = ?)::bigint as paid_tiyn,
            (select count(*) from documents_document where kind = 'receipt' and patient_id = ?)::int as receipts`,
    [one.invoices[0], one.invoices[0], one.patients[0]],
  )) as { paid: number; paid_tiyn: string; receipts: number }[];
  line('duplicate confirmations', `${DUPLICATES} concurrent status checks in ${ms(took)}`);
  line(
    'outcomes',
    Object.entries(tally)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  );
  line('payments recorded', `${recorded!.paid} (must be 1)`);
  line('paid on the invoice', `${int(Number(recorded!.paid_tiyn) / 100)} ₸ of ${int(AMOUNT / 100)} ₸`);
  line('receipts', `${recorded!.receipts} (must be 1)`);
  if (
    recorded!.paid !== 1 ||
    recorded!.receipts !== 1 ||
    Number(recorded!.paid_tiyn) !== AMOUNT ||
    tally.recorded !== 1
  )
    failures.push('a duplicate confirmation recorded money more or less than once');

  // 2. Many pending Kaspi payments, all due now, polled by the app's own poller.
  await stand('DELETE');
  const start = clock.now();
  const t0 = performance.now();
  const many = await kaspiPayments(PENDING, 200_001, start);
  const made = performance.now() - t0;
  const due = performance.now();
  const intervalMs = many.interval * 1000;
  let allOnce: number | null = null;
  let worstLate = 0;
  let behind = 0;
  const ids = many.rows.map((r) => r.id);
  const endAt = due + ROUNDS * intervalMs;
  while (performance.now() < endAt || allOnce === null) {
    const [row] = (await em().execute(
      `select count(*) filter (where checks = 0)::int as never,
              coalesce(extract(epoch from (? - min(next_check_at))) * 1000, 0)::float as late
         from payments_payment where id in (?)`,
      [clock.now(), ids],
    )) as { never: number; late: number }[];
    if (row!.never === 0 && allOnce === null) allOnce = performance.now() - due;
    // Once each has been asked, how far past its next time the most overdue one is.
    if (row!.never === 0) worstLate = Math.max(worstLate, row!.late);
    if (performance.now() - due > intervalMs * (ROUNDS + 2)) break;
    await sleep(200);
  }
  const [end] = (await em().execute(
    `select count(*) filter (where checks = 0)::int as never,
            count(*) filter (where next_check_at < ?)::int as overdue,
            min(checks)::int as min_checks, max(checks)::int as max_checks
       from payments_payment where id in (?)`,
    [new Date(clock.now().getTime() - 1000), ids],
  )) as { never: number; overdue: number; min_checks: number; max_checks: number }[];
  behind = end!.never + end!.overdue;
  const seen = await stand('GET');
  line('pending Kaspi payments', `${int(PENDING)} made at the stand-in in ${ms(made)}, all due at once`);
  line('StatusPollingInterval', `${many.interval} s; needs ${int(PENDING / many.interval)} requests/s`);
  line('status requests/s, max in any 1 s', `${seen.maxStatusPerSecond} (limit ${RATE})`);
  line(
    'every payment asked once',
    allOnce === null ? 'never' : `in ${ms(allOnce)} (interval ${many.interval} s)`,
  );
  line(
    'asks per payment',
    `${end!.min_checks}–${end!.max_checks} over ${ROUNDS} interval(s), ${int(seen.statusRequests)} requests`,
  );
  line('most overdue, sampled', ms(worstLate));
  line('payments missed', `${behind} (never asked, or > 1 s overdue at the end)`);
  if (seen.maxStatusPerSecond > RATE)
    failures.push(`${seen.maxStatusPerSecond} status requests in one second, over ${RATE}`);
  if (allOnce === null || allOnce > intervalMs)
    failures.push('not every payment was asked within its interval');
  if (behind > 0) failures.push(`${behind} payments missed`);
  line('verdict', failures.length ? `FAILED: ${failures.join('; ')}` : 'ok');
} finally {
  await app.stop();
  sandbox.close();
  await db.close();
}
if (failures.length) process.exitCode = 1;
