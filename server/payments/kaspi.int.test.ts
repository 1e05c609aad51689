import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { receiptsOf, sqlOf } from '../../tests/support/payments.ts';
import { kaspiProvider } from './kaspi.ts';

/**
 * Kaspi end to end on the real app: the bot's "pay" makes a link at the sandbox's Kaspi stand-in
 * through the real adapter, the stand-in's emulator (or its pay page) plays the payer, and the
 * leader's poller finds out by asking the status API, as with the real Kaspi (no callbacks).
 */
let t: TestApp;
let telegramUserId = 880_000;
const desk = () => t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] });
const admin = () => t.app.caller({ kind: 'service', name: 'admin', roles: ['admin'] });
const sql = (query: string, params: unknown[] = []) => sqlOf(t)(query, params);

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

/** A registered patient with an invoice of 12 500 ₸, and the bot's Kaspi checkout for it. */
async function kaspiCheckout() {
  const userId = ++telegramUserId;
  const profile = await registerPatient(t.app, userId);
  const invoice = await desk().payments.staff.createInvoice({
    patientId: profile.id,
    lines: [{ title: { ru: 'Приём терапевта', kk: 'Терапевт қабылдауы' }, unitPriceTiyn: 1_250_000 }],
  });
  const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: userId });
  const checkout = await bot.payments.pay({ invoiceId: invoice.id, provider: 'kaspi' });
  const [row] = await sql('select provider_ref from payments_payment where id = ?', [checkout.paymentId]);
  return { bot, invoice, checkout, patientId: profile.id, kaspiId: Number(row!.provider_ref) };
}

/** An emulator call of Kaspi's test environment, as the stand-in serves it. */
async function emulate(step: 'scan' | 'confirm' | 'scanerror' | 'confirmerror', body: object) {
  const response = await fetch(`${t.url}/sandbox/kaspi/r1/v01/test/payment/${step}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'api-key': t.app.sandbox!.kaspi.apiKey },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { StatusCode: number };
}

const paymentRow = async (id: string) =>
  (
    await sql('select status, checks, transaction_id, fail_reason from payments_payment where id = ?', [id])
  )[0]!;

/** Moves the clock one polling interval at a time until the attempt leaves `pending` (or gives up). */
async function pollUntilSettled(paymentId: string, stepMs = 5_000, rounds = 12) {
  for (let i = 0; i < rounds; i++) {
    t.clock.advance(stepMs);
    await t.app.runDue();
    for (let j = 0; j < 20; j++) {
      const row = await paymentRow(paymentId);
      if (row.status !== 'pending') return row;
      await sleep(25);
    }
  }
  return paymentRow(paymentId);
}

const receipts = (patientId: number) => receiptsOf(t, patientId);
const alerts = async (paymentId: string) =>
  (await sql('select kind, details from payments_alert where payment_id = ? order by id', [paymentId])) as {
    kind: string;
    details: Record<string, unknown>;
  }[];

describe('Kaspi through the sandbox stand-in', () => {
  it('pays: the link is the QR, the poller records the money once, a receipt comes and the balance changes', async () => {
    const { bot, invoice, checkout, patientId, kaspiId } = await kaspiCheckout();
    expect(checkout.url).toMatch(/\/sandbox\/kaspi\/pay\/\d+$/);
    expect(checkout.qrToken).toBe(checkout.url);
    expect((await bot.payments.mine({ language: 'ru' }))[0]!.balance.owedTiyn).toBe(1_250_000);

    expect((await emulate('scan', { QrPaymentId: kaspiId })).StatusCode).toBe(0);
    expect((await emulate('confirm', { QrPaymentId: kaspiId })).StatusCode).toBe(0);
    const paid = await pollUntilSettled(checkout.paymentId);
    expect(paid.status).toBe('paid');
    expect(paid.transaction_id).toMatch(/^\d+$/);

    // More rounds of the poller change nothing: it no longer asks about a paid attempt.
    const checks = paid.checks;
    await pollUntilSettled(checkout.paymentId, 5_000, 3);
    expect((await paymentRow(checkout.paymentId)).checks).toBe(checks);
    expect(await receipts(patientId)).toBe(1);
    const staff = await desk().payments.staff.invoice({ invoiceId: invoice.id });
    expect(staff).toMatchObject({ status: 'paid', paidTiyn: 1_250_000 });
    const mine = await bot.payments.mine({ language: 'ru' });
    expect(mine[0]!.balance).toMatchObject({ owedTiyn: 0, paidTiyn: 1_250_000 });
    expect(await alerts(checkout.paymentId)).toEqual([]);
    // The same tap again now: the invoice is paid.
    await expect(bot.payments.pay({ invoiceId: invoice.id, provider: 'kaspi' })).rejects.toThrow();
  });

  it('a payment the payer declines in the app fails; one declined on the pay page is cancelled', async () => {
    const first = await kaspiCheckout();
    await emulate('scan', { QrPaymentId: first.kaspiId });
    await emulate('confirmerror', { QrPaymentId: first.kaspiId });
    expect((await pollUntilSettled(first.checkout.paymentId)).status).toBe('failed');

    const second = await kaspiCheckout();
    const path = new URL(second.checkout.url!).pathname;
    const page = await (await fetch(`${t.url}${path}`)).text();
    expect(page).toContain('12');
    expect(page).toContain('Оплатить');
    const declined = await fetch(`${t.url}${path}/decline`, { method: 'POST', redirect: 'manual' });
    expect(declined.status).toBe(303);
    const row = await pollUntilSettled(second.checkout.paymentId);
    expect(row).toMatchObject({ status: 'cancelled' });
    expect(await receipts(second.patientId)).toBe(0);
    const staff = await desk().payments.staff.invoice({ invoiceId: second.invoice.id });
    expect(staff.status).toBe('unpaid');
  });

  it('the pay page pays', async () => {
    const { checkout, patientId } = await kaspiCheckout();
    const path = new URL(checkout.url!).pathname;
    expect((await fetch(`${t.url}${path}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(303);
    expect((await pollUntilSettled(checkout.paymentId)).status).toBe('paid');
    expect(await receipts(patientId)).toBe(1);
  });

  it('the patient is told the link’s end Kaspi set (its create-link takes no lifetime), not PAYMENT_LINK_MINUTES', async () => {
    const before = t.clock.now().getTime();
    const { checkout } = await kaspiCheckout();
    // PAYMENT_LINK_MINUTES is 60 here; Kaspi answered ExpireDate 15 minutes on, and that is what counts.
    expect(t.app.settings.payments.linkMinutes).toBe(60);
    const lifetime = checkout.expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThanOrEqual(15 * 60_000);
    expect(lifetime).toBeLessThan(16 * 60_000);
    // The pay page says the same minute the bot told.
    const html = await (await fetch(`${t.url}${new URL(checkout.url!).pathname}`)).text();
    expect(html).toContain(checkout.expiresAt.toISOString().replace('T', ' ').slice(0, 16));
  });

  it('a link nobody pays expires; a status stuck at Wait is closed as expired after the grace period', async () => {
    const { checkout } = await kaspiCheckout();
    // The stand-in's link lives 15 minutes by the sandbox clock, then says Expired.
    expect((await pollUntilSettled(checkout.paymentId, 16 * 60_000, 1)).status).toBe('expired');

    const stuck = await kaspiCheckout();
    await t.sandbox.fault({ method: 'KaspiStatus', kind: 'wait', count: 1000 });
    try {
      // Past the link's end but inside PAYMENT_POLL_GRACE_MINUTES (15): still asked about.
      expect((await pollUntilSettled(stuck.checkout.paymentId, 16 * 60_000, 1)).status).toBe('pending');
      expect((await pollUntilSettled(stuck.checkout.paymentId, 15 * 60_000, 2)).status).toBe('expired');
    } finally {
      await t.sandbox.clearFaults();
    }
  });

  it('5xx and −999 while polling are asked again later, and nothing wrong is recorded', async () => {
    const { checkout, kaspiId, patientId } = await kaspiCheckout();
    await emulate('scan', { QrPaymentId: kaspiId });
    await emulate('confirm', { QrPaymentId: kaspiId });
    await t.sandbox.fault({ method: 'KaspiStatus', kind: '500', count: 1 });
    await t.sandbox.fault({ method: 'KaspiStatus', kind: 'unavailable', count: 1 });
    await t.sandbox.fault({ method: 'KaspiStatus', kind: '429', count: 1 });
    const row = await pollUntilSettled(checkout.paymentId);
    expect(row.status).toBe('paid');
    expect(Number(row.checks)).toBeGreaterThanOrEqual(4);
    expect(await receipts(patientId)).toBe(1);
    expect(await alerts(checkout.paymentId)).toEqual([]);
  });

  it('a status whose amount is not ours records nothing and alerts staff', async () => {
    const { checkout, kaspiId, invoice, patientId } = await kaspiCheckout();
    await emulate('scan', { QrPaymentId: kaspiId });
    await emulate('confirm', { QrPaymentId: kaspiId, Amount: 125 });
    await pollUntilSettled(checkout.paymentId, 5_000, 2);
    expect((await paymentRow(checkout.paymentId)).status).toBe('pending');
    expect(await receipts(patientId)).toBe(0);
    expect((await desk().payments.staff.invoice({ invoiceId: invoice.id })).status).toBe('unpaid');
    const raised = await alerts(checkout.paymentId);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      kind: 'status_mismatch',
      details: { wrong: ['amount'], amountTiyn: 12_500, expectedTiyn: 1_250_000 },
    });
    const open = await admin().payments.staff.alerts({ open: true });
    expect(open.some((a) => a.paymentId === checkout.paymentId)).toBe(true);
  });

  it('a refund cannot go through the basic scheme: it fails as unsupported and staff are alerted', async () => {
    const { checkout, kaspiId, invoice } = await kaspiCheckout();
    await emulate('scan', { QrPaymentId: kaspiId });
    await emulate('confirm', { QrPaymentId: kaspiId });
    expect((await pollUntilSettled(checkout.paymentId)).status).toBe('paid');
    const refund = await admin().payments.staff.refund({
      paymentId: checkout.paymentId,
      reason: 'Пациент передумал',
      idempotencyKey: `kaspi-refund-${checkout.paymentId}`,
    });
    expect(refund.status).toBe('failed');
    const raised = await alerts(checkout.paymentId);
    expect(raised.map((a) => a.kind)).toEqual(['refund_failed']);
    expect(raised[0]!.details).toMatchObject({ state: 'unsupported' });
    expect((await desk().payments.staff.invoice({ invoiceId: invoice.id })).refundedTiyn).toBe(0);
  });

  it('the stand-in refuses a wrong Api-Key and an unknown device as Kaspi does, and the adapter says so', async () => {
    const sandbox = t.app.sandbox!;
    const through = (input: string, init: RequestInit) => sandbox.handle(new Request(input, init));
    const apiUrl = `${t.url}/sandbox/kaspi/r1/v01`;
    const charge = {
      paymentId: crypto.randomUUID(),
      orderNumber: '555001',
      amountTiyn: 100_000,
      description: 'СЧ-1',
      language: 'ru' as const,
      accountId: '1',
      secretHash: 'x',
      callbackUrl: null,
      returnUrl: null,
      expiresAt: new Date(t.clock.now().getTime() + 3_600_000),
    };
    const wrongKey = kaspiProvider({
      apiUrl,
      apiKey: 'nope',
      deviceToken: sandbox.kaspi.deviceToken,
      fetch: through,
    });
    await expect(wrongKey.checkout(charge)).rejects.toThrow(/-10000/);
    const wrongDevice = kaspiProvider({
      apiUrl,
      apiKey: sandbox.kaspi.apiKey,
      deviceToken: 'nope',
      fetch: through,
    });
    await expect(wrongDevice.checkout(charge)).rejects.toThrow(/-1501 \(device not found\)/);
    const right = kaspiProvider({
      apiUrl,
      apiKey: sandbox.kaspi.apiKey,
      deviceToken: sandbox.kaspi.deviceToken,
      fetch: through,
    });
    expect(await right.status({ orderNumber: '1', providerRef: '1' })).toEqual({
      state: 'unknown',
      reason: 'purchase not found',
    });
    // The same ExternalId twice is one Kaspi payment.
    const a = await right.checkout(charge);
    const b = await right.checkout(charge);
    expect(b.providerRef).toBe(a.providerRef);
    expect(a.pollSeconds).toBe(5);
  });
});
