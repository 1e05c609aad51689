import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { failure } from '../../tests/support/errors.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { receiptsOf, sqlOf } from '../../tests/support/payments.ts';
import { freePort } from '../free-port.ts';

/**
 * Halyk ePay end to end on the real app: the bot's "pay" gets a token and an invoice link from the
 * sandbox's ePay stand-in through the real adapter; the stand-in plays the payer and POSTs its
 * postLink callback over HTTP to the app, which believes it only after checking it against the
 * attempt and asking the status API. Callbacks are also sent the way an attacker would.
 */
let t: TestApp;
let telegramUserId = 890_000;
const desk = () => t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] });
const admin = () => t.app.caller({ kind: 'service', name: 'admin', roles: ['admin'] });
const sql = (query: string, params: unknown[] = []) => sqlOf(t)(query, params);

beforeAll(async () => {
  // The callback URL the app gives ePay is its own public address: this server's.
  const port = await freePort();
  t = await startTestApp({ PORT: String(port) }, { port });
});
afterAll(async () => {
  await t?.stop();
});

/** A registered patient with an invoice of 12 500 ₸, and the bot's Halyk checkout for it. */
async function halykCheckout(amountTiyn = 1_250_000) {
  const userId = ++telegramUserId;
  const profile = await registerPatient(t.app, userId);
  const invoice = await desk().payments.staff.createInvoice({
    patientId: profile.id,
    lines: [{ title: { ru: 'Приём терапевта', kk: 'Терапевт қабылдауы' }, unitPriceTiyn: amountTiyn }],
  });
  const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: userId });
  const checkout = await bot.payments.pay({ invoiceId: invoice.id, provider: 'halyk' });
  const [row] = await sql('select order_number, secret_hash from payments_payment where id = ?', [
    checkout.paymentId,
  ]);
  return {
    bot,
    invoice,
    checkout,
    patientId: profile.id,
    orderNumber: String(row!.order_number),
    secretHash: String(row!.secret_hash),
  };
}

const standIn = async (path: string, body: object) => {
  const response = await fetch(`${t.url}/sandbox/halyk/test/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { ok: boolean; transactionId?: string };
};

const paymentRow = async (id: string) =>
  (await sql('select status, transaction_id, fail_reason from payments_payment where id = ?', [id]))[0]!;

/** Waits (real time: the callback travels over HTTP) until the attempt leaves `pending`. */
async function settled(paymentId: string, ms = 5_000) {
  const until = Date.now() + ms;
  for (;;) {
    const row = await paymentRow(paymentId);
    if (row.status !== 'pending' || Date.now() > until) return row;
    await sleep(25);
  }
}

const receipts = (patientId: number) => receiptsOf(t, patientId);
const alertsOf = async (invoiceId: number) =>
  (await sql('select kind, details from payments_alert where invoice_id = ? order by id', [invoiceId])) as {
    kind: string;
    details: { wrong?: string[] };
  }[];

/** A callback as ePay would send it for this attempt, with some fields changed. */
async function callback(
  c: { orderNumber: string; secretHash: string },
  over: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(`${t.url}/payments/halyk/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'forged-1',
      invoiceId: c.orderNumber,
      amount: 12500,
      currency: 'KZT',
      terminal: t.app.sandbox!.halyk.terminalId,
      code: 'ok',
      secret_hash: c.secretHash,
      ...over,
    }),
  });
}

/**
 * Our link (PAYMENT_LINK_MINUTES, 60) and its grace run out: the reconciliation, finding no money,
 * closes the attempt as expired.
 */
async function expireByReconciliation(paymentId: string) {
  t.clock.advance(80 * 60_000);
  const deadline = Date.now() + 10_000;
  while ((await paymentRow(paymentId)).status === 'pending' && Date.now() < deadline) {
    await t.app.runDue();
    await sleep(100);
  }
  expect(await paymentRow(paymentId)).toMatchObject({ status: 'expired' });
}

describe('Halyk ePay through the sandbox stand-in', () => {
  it('pays: the callback is checked and confirmed by the status API, money recorded once, a receipt, the balance', async () => {
    const { bot, invoice, checkout, patientId } = await halykCheckout();
    expect(checkout.url).toMatch(/\/sandbox\/halyk\/pay\/[0-9a-f-]{36}$/);
    expect(checkout.qrToken).toBeNull();
    const page = await fetch(checkout.url!);
    expect(await page.text()).toContain('12');
    await fetch(`${checkout.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(await settled(checkout.paymentId)).toMatchObject({ status: 'paid' });
    expect(await receipts(patientId)).toBe(1);
    const [mine] = await bot.payments.mine({ language: 'ru' });
    expect(mine!.balance).toEqual({ owedTiyn: 0, paidTiyn: 1_250_000, refundedTiyn: 0 });
    const [row] = await sql('select status from payments_invoice where id = ?', [invoice.id]);
    expect(row).toEqual({ status: 'paid' });
  });

  it('money taken after our attempt ran out (ePay keeps its link a whole day) is still recorded', async () => {
    const { checkout, orderNumber, patientId } = await halykCheckout();
    // ePay's expire_period is whole days, ours an hour: ours closes first…
    await expireByReconciliation(checkout.paymentId);
    // …while the payer, on ePay's still open page, pays: the bank has the money, so must we.
    expect(await standIn('pay', { invoiceId: orderNumber })).toMatchObject({ ok: true });
    const until = Date.now() + 5_000;
    while ((await paymentRow(checkout.paymentId)).status !== 'paid' && Date.now() < until) await sleep(50);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ status: 'paid' });
    expect(await receipts(patientId)).toBe(1);
  });

  it('money taken after our attempt ran out, its callback ahead of the status API, is asked about again until recorded', async () => {
    const { checkout, orderNumber, patientId } = await halykCheckout();
    await expireByReconciliation(checkout.paymentId);
    await standIn('plan', { invoiceId: orderNumber, statusLag: 1 });
    await standIn('pay', { invoiceId: orderNumber });
    // The verified callback opens the attempt again; the status said "in progress": not yet paid.
    const reopened = Date.now() + 5_000;
    while ((await paymentRow(checkout.paymentId)).status !== 'pending' && Date.now() < reopened)
      await sleep(50);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ status: 'pending' });
    t.clock.advance(31_000);
    await t.app.runDue();
    expect(await settled(checkout.paymentId, 10_000)).toMatchObject({ status: 'paid' });
    expect(await receipts(patientId)).toBe(1);
  });

  it('a flood of forged callbacks is one alert per attempt, and one a minute for unknown invoices', async () => {
    const c = await halykCheckout();
    const count = async (where: string) =>
      Number(
        (
          await sql(
            `select count(*)::int as n from payments_alert where kind = 'callback_mismatch' and ${where}`,
          )
        )[0]!.n,
      );
    t.clock.advance(2 * 60_000);
    const unknownBefore = await count('invoice_id is null');
    for (let i = 0; i < 5; i++) {
      expect((await callback(c, { secret_hash: `guess-${i}` })).status).toBe(200);
      expect((await callback({ ...c, orderNumber: String(990_000 + i) })).status).toBe(200);
    }
    expect(await count(`invoice_id = ${c.invoice.id}`)).toBe(1);
    expect(await count('invoice_id is null')).toBe(unknownBefore + 1);
    const [audit] = await sql(
      `select count(*)::int as n from patients_audit_entry where action = 'payment.halyk.callback_refused'`,
    );
    expect(Number(audit!.n)).toBeGreaterThanOrEqual(10);
  });

  it('records one payment when ten callbacks of it arrive at once', async () => {
    const { checkout, orderNumber, patientId } = await halykCheckout();
    await standIn('plan', { invoiceId: orderNumber, times: 10 });
    expect(await standIn('pay', { invoiceId: orderNumber })).toMatchObject({ ok: true });
    expect(await settled(checkout.paymentId)).toMatchObject({ status: 'paid' });
    await sleep(300);
    expect(await receipts(patientId)).toBe(1);
    const [count] = await sql(
      `select count(*)::int as n from payments_payment where id = ? and status = 'paid'`,
      [checkout.paymentId],
    );
    expect(count).toEqual({ n: 1 });
  });

  it('records nothing from a callback that came before the status API agreed, then records it once it does', async () => {
    const { checkout, orderNumber, patientId } = await halykCheckout();
    await standIn('plan', { invoiceId: orderNumber, statusLag: 1 });
    await standIn('pay', { invoiceId: orderNumber });
    // The callback arrived, the status said "in progress": nothing recorded yet.
    await sleep(500);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ status: 'pending' });
    expect(await receipts(patientId)).toBe(0);
    // The re-check half a minute later finds it charged.
    t.clock.advance(31_000);
    await t.app.runDue();
    expect(await settled(checkout.paymentId, 10_000)).toMatchObject({ status: 'paid' });
    expect(await receipts(patientId)).toBe(1);
  });

  it('takes a late callback as well (it only confirms what the status API says)', async () => {
    const { checkout, orderNumber } = await halykCheckout();
    await standIn('plan', { invoiceId: orderNumber, delayMs: 700 });
    await standIn('pay', { invoiceId: orderNumber });
    await sleep(300);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ status: 'pending' });
    expect(await settled(checkout.paymentId)).toMatchObject({ status: 'paid' });
  });

  it('ends a declined payment; a new link can be asked for', async () => {
    const { bot, invoice, checkout } = await halykCheckout();
    await fetch(`${checkout.url}/decline`, { method: 'POST', redirect: 'manual' });
    expect(await settled(checkout.paymentId)).toMatchObject({ status: 'failed' });
    const again = await bot.payments.pay({ invoiceId: invoice.id, provider: 'halyk' });
    expect(again.paymentId).not.toBe(checkout.paymentId);
  });

  for (const [what, over] of [
    ['a wrong secret_hash', { secret_hash: 'guessed-by-an-attacker-000000000000' }],
    ['no secret_hash', { secret_hash: undefined }],
    ['a wrong amount', { amount: 125 }],
    ['a wrong currency', { currency: 'USD' }],
    ['a wrong terminal', { terminal: '00000000-0000-0000-0000-000000000000' }],
    ['an unknown invoice', { invoiceId: '999999999' }],
  ] as const) {
    it(`changes nothing on a callback with ${what}, answers 200, and alerts staff`, async () => {
      const c = await halykCheckout();
      // The money really came: only the forged callback is wrong.
      await standIn('plan', { invoiceId: c.orderNumber, times: 0 });
      await standIn('pay', { invoiceId: c.orderNumber });
      const response = await callback(c, over);
      expect(response.status).toBe(200);
      expect(await paymentRow(c.checkout.paymentId)).toMatchObject({ status: 'pending' });
      expect(await receipts(c.patientId)).toBe(0);
      if (what !== 'an unknown invoice') {
        const [alert] = await alertsOf(c.invoice.id);
        expect(alert).toMatchObject({ kind: 'callback_mismatch' });
        expect(JSON.stringify(alert)).not.toContain(c.secretHash);
      } else {
        const [row] = await sql(
          `select count(*)::int as n from payments_alert where kind = 'callback_mismatch' and invoice_id is null`,
        );
        expect(Number(row!.n)).toBeGreaterThan(0);
      }
      const [audit] = await sql(
        `select count(*)::int as n from patients_audit_entry where action = 'payment.halyk.callback_refused'`,
      );
      expect(Number(audit!.n)).toBeGreaterThan(0);
    });
  }

  it('answers 400 to a body that is not JSON and 405 to a GET, changing nothing', async () => {
    const bad = await fetch(`${t.url}/payments/halyk/callback`, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(400);
    const get = await fetch(`${t.url}/payments/halyk/callback`);
    expect(get.status).toBe(405);
  });

  it('says the provider is unavailable when ePay answers 5xx or the token times out, and holds nothing', async () => {
    const c = await (async () => {
      const userId = ++telegramUserId;
      const profile = await registerPatient(t.app, userId);
      const invoice = await desk().payments.staff.createInvoice({
        patientId: profile.id,
        lines: [{ title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 300_000 }],
      });
      return { invoice, bot: t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: userId }) };
    })();
    await fetch(`${t.url}/sandbox/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'HalykInvoice', kind: '500' }),
    });
    const seen = await failure(c.bot.payments.pay({ invoiceId: c.invoice.id, provider: 'halyk' }));
    expect(seen.domain?.code).toBe('provider_unavailable');
    const rows = await sql('select status from payments_payment where invoice_id = ?', [c.invoice.id]);
    expect(rows).toEqual([{ status: 'failed' }]);
    // It passes: the next try gets a link.
    expect((await c.bot.payments.pay({ invoiceId: c.invoice.id, provider: 'halyk' })).url).toContain('/pay/');
  });

  it('gives money back through ePay, part then the rest', async () => {
    const { checkout, orderNumber, invoice } = await halykCheckout(1_000_000);
    await standIn('pay', { invoiceId: orderNumber });
    expect(await settled(checkout.paymentId)).toMatchObject({ status: 'paid' });
    const part = await admin().payments.staff.refund({
      paymentId: checkout.paymentId,
      amountTiyn: 250_050,
      reason: 'одна услуга не оказана',
      idempotencyKey: `halyk-part-${checkout.paymentId}`,
    });
    expect(part).toMatchObject({ status: 'done', amountTiyn: 250_050 });
    const rest = await admin().payments.staff.refund({
      paymentId: checkout.paymentId,
      reason: 'отказ',
      idempotencyKey: `halyk-rest-${checkout.paymentId}`,
    });
    expect(rest).toMatchObject({ status: 'done', amountTiyn: 749_950 });
    const seen = await (await fetch(`${t.url}/sandbox/halyk/test/invoice/${orderNumber}`)).json();
    expect(seen).toMatchObject({ invoice: { status: 'REFUND', refunded: 10000 } });
    const [row] = await sql('select refunded_tiyn from payments_invoice where id = ?', [invoice.id]);
    expect(row).toEqual({ refunded_tiyn: '1000000' });
  });
});
