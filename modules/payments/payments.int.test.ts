import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy } from '../../tests/support/demo.ts';
import { failure } from '../../tests/support/errors.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { ScriptedProvider } from '../../tests/support/payment-provider.ts';
import { sqlOf, systemPayments } from '../../tests/support/payments.ts';
import { storedPdf } from '../../tests/support/pdf.ts';
import { checkPayment } from './use-cases/check-payment.ts';
import { settlePayment } from './use-cases/settle-payment.ts';

/**
 * The rules of money on our side, whatever the provider: invoices, one payment recorded however
 * often its confirmation arrives, money for an invoice that no longer wants it given back,
 * refunds within what was paid, and balances that add up.
 */
const halyk = new ScriptedProvider('halyk', 'TERMINAL-1');
const kaspi = new ScriptedProvider('kaspi');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ STAFF_CHAT_ID: '-1001234567' }, { paymentProviders: { halyk, kaspi } });
});
afterAll(() => t.stop());

let nextUser = 8_600_000;
const desk = () => t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] }).payments.staff;
const admin = () => t.app.caller({ kind: 'service', name: 'admin', roles: ['admin'] }).payments.staff;
const system = () => systemPayments(t);
const sql = (query: string, params: unknown[] = []) => sqlOf(t)(query, params);

/** A registered patient with an unpaid invoice of 12 500 ₸ (one free line). */
async function patientWithInvoice(amountTiyn = 1_250_000) {
  const telegramUserId = ++nextUser;
  const patient = await registerPatient(t.app, telegramUserId);
  const invoice = await desk().createInvoice({
    patientId: patient.id,
    lines: [{ title: { ru: 'Консультация', kk: 'Кеңес' }, unitPriceTiyn: amountTiyn }],
  });
  const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId }).payments;
  return { telegramUserId, patient, invoice, bot };
}

const receipts = async (patientId: number) =>
  Number(
    (
      await sql(
        `select count(*)::int as n from documents_document where kind = 'receipt' and patient_id = ?`,
        [patientId],
      )
    )[0]!.n,
  );

describe('invoices', () => {
  it('prices lines from the catalog or as given, numbers them and tells the patient', async () => {
    const telegramUserId = ++nextUser;
    const patient = await registerPatient(t.app, telegramUserId);
    const { serviceId } = await demoTherapy(t);
    const [service] = await sql('select id, price_tiyn from clinic_service where id = ?', [serviceId]);
    const invoice = await desk().createInvoice({
      patientId: patient.id,
      lines: [
        { serviceId: Number(service!.id), quantity: 2 },
        { title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 300_000 },
      ],
    });
    expect(invoice.number).toMatch(/^\d{4}-\d{6}$/);
    expect(invoice.totalTiyn).toBe(Number(service!.price_tiyn) * 2 + 300_000);
    expect(invoice.lines.map((l) => l.quantity)).toEqual([2, 1]);
    const [notice] = await sql(
      `select template from notifications_delivery where purpose = 'payments.invoice' and patient_id = ?`,
      [patient.id],
    );
    expect(notice).toMatchObject({ template: 'pay-invoice-new' });
    const [mine] = await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId })
      .payments.mine({ language: 'ru' });
    expect(mine!.balance).toEqual({ owedTiyn: invoice.totalTiyn, paidTiyn: 0, refundedTiyn: 0 });
    expect(mine!.unpaid.map((i) => i.id)).toEqual([invoice.id]);
  });

  it('refuses a line without a price or a Kazakh title, and a sum past the limit, writing nothing', async () => {
    const patient = await registerPatient(t.app, ++nextUser);
    const before = await sql('select count(*)::int as n from payments_invoice');
    const noKazakh = await failure(
      desk().createInvoice({
        patientId: patient.id,
        lines: [{ title: { ru: 'Справка', kk: '' }, unitPriceTiyn: 100 }],
      }),
    );
    expect(noKazakh.code).toBe('BAD_REQUEST');
    const tooMuch = await failure(
      desk().createInvoice({
        patientId: patient.id,
        lines: [{ title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 900_000_000, quantity: 2 }],
      }),
    );
    expect(tooMuch.domain?.code).toBe('invoice_too_large');
    expect(await sql('select count(*)::int as n from payments_invoice')).toEqual(before);
  });

  it('keeps a receipt out of staff’s hands: only a confirmed payment issues one', async () => {
    const { patient } = await patientWithInvoice();
    const seen = await failure(
      t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] }).documents.staff.issue({
        patientId: patient.id,
        kind: 'receipt',
        fields: {},
      }),
    );
    expect(seen.domain?.code).toBe('kind_unknown');
  });
});

describe('recording money once', () => {
  it('records one payment when 50 confirmations of it arrive at once', async () => {
    const { invoice, bot, patient } = await patientWithInvoice();
    const checkout = await bot.pay({ invoiceId: invoice.id, provider: 'halyk' });
    expect(await bot.pay({ invoiceId: invoice.id, provider: 'halyk' })).toMatchObject({
      paymentId: checkout.paymentId,
      url: checkout.url,
    });
    const charge = halyk.charges.at(-1)!;
    halyk.pay(charge);
    const status = await halyk.status(charge);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => settlePayment(system(), checkout.paymentId, status)),
    );
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'recorded').every((o) => o === 'already')).toBe(true);
    const [row] = await sql('select status, paid_tiyn from payments_invoice where id = ?', [invoice.id]);
    expect(row).toEqual({ status: 'paid', paid_tiyn: String(invoice.totalTiyn) });
    expect(await receipts(patient.id)).toBe(1);
    const [mine] = await bot.mine({ language: 'ru' });
    expect(mine!.balance).toEqual({ owedTiyn: 0, paidTiyn: invoice.totalTiyn, refundedTiyn: 0 });
    expect((await failure(bot.pay({ invoiceId: invoice.id, provider: 'kaspi' }))).domain?.code).toBe(
      'invoice_already_paid',
    );
  });

  it('records nothing when the provider names another amount, currency or terminal, and alerts staff', async () => {
    for (const wrong of [{ amountTiyn: 100 }, { currency: 'USD' }, { terminal: 'OTHER' }]) {
      const { invoice, bot, patient } = await patientWithInvoice();
      const checkout = await bot.pay({ invoiceId: invoice.id, provider: 'halyk' });
      const charge = halyk.charges.at(-1)!;
      halyk.pay(charge, wrong);
      expect(await checkPayment(system(), checkout.paymentId)).toBe('mismatch');
      const [row] = await sql('select status from payments_payment where id = ?', [checkout.paymentId]);
      expect(row).toEqual({ status: 'pending' });
      expect(await receipts(patient.id)).toBe(0);
      const alerts = await admin().alerts({ open: true });
      expect(alerts.find((a) => a.paymentId === checkout.paymentId)).toMatchObject({
        kind: 'status_mismatch',
      });
    }
  });

  it('gives money back by itself when it comes for a voided invoice, and tells staff', async () => {
    const { invoice, bot, patient } = await patientWithInvoice();
    const checkout = await bot.pay({ invoiceId: invoice.id, provider: 'kaspi' });
    await desk().voidInvoice({ invoiceId: invoice.id, reason: 'визит отменён' });
    kaspi.pay(kaspi.charges.at(-1)!);
    const refundsBefore = kaspi.refunds.length;
    expect(await checkPayment(system(), checkout.paymentId)).toBe('recorded');
    expect(kaspi.refunds.length).toBe(refundsBefore + 1);
    const [row] = await sql('select status, paid_tiyn, refunded_tiyn from payments_invoice where id = ?', [
      invoice.id,
    ]);
    expect(row).toEqual({
      status: 'void',
      paid_tiyn: String(invoice.totalTiyn),
      refunded_tiyn: String(invoice.totalTiyn),
    });
    expect(await receipts(patient.id)).toBe(0);
    const alerts = await admin().alerts({ open: true });
    expect(alerts.find((a) => a.paymentId === checkout.paymentId)).toMatchObject({
      kind: 'paid_not_payable',
    });
  });

  it('gives back the second of two payments of one invoice', async () => {
    const { invoice, bot, patient } = await patientWithInvoice();
    const first = await bot.pay({ invoiceId: invoice.id, provider: 'halyk' });
    halyk.pay(halyk.charges.at(-1)!);
    const second = await bot.pay({ invoiceId: invoice.id, provider: 'kaspi' });
    kaspi.pay(kaspi.charges.at(-1)!);
    await Promise.all([checkPayment(system(), first.paymentId), checkPayment(system(), second.paymentId)]);
    const [row] = await sql('select status, paid_tiyn, refunded_tiyn from payments_invoice where id = ?', [
      invoice.id,
    ]);
    expect(row).toEqual({
      status: 'paid',
      paid_tiyn: String(invoice.totalTiyn * 2),
      refunded_tiyn: String(invoice.totalTiyn),
    });
    expect(await receipts(patient.id)).toBe(1);
  });

  it('ends an attempt the provider declined; a new link can be asked for', async () => {
    const { invoice, bot } = await patientWithInvoice();
    const first = await bot.pay({ invoiceId: invoice.id, provider: 'kaspi' });
    kaspi.statuses.set(kaspi.charges.at(-1)!.orderNumber, { state: 'failed', reason: 'CancelledByUser' });
    expect(await checkPayment(system(), first.paymentId)).toBe('closed');
    const second = await bot.pay({ invoiceId: invoice.id, provider: 'kaspi' });
    expect(second.paymentId).not.toBe(first.paymentId);
    expect(second.status).toBe('pending');
  });

  it('says clearly when the provider does not answer, and leaves nothing pending', async () => {
    const { invoice, bot } = await patientWithInvoice();
    halyk.down = true;
    try {
      expect((await failure(bot.pay({ invoiceId: invoice.id, provider: 'halyk' }))).domain?.code).toBe(
        'provider_unavailable',
      );
    } finally {
      halyk.down = false;
    }
    const rows = await sql(`select p.status from payments_payment p where p.invoice_id = ?`, [invoice.id]);
    expect(rows).toEqual([{ status: 'failed' }]);
  });
});

describe('refunds', () => {
  async function paid() {
    const setup = await patientWithInvoice(1_000_000);
    const checkout = await setup.bot.pay({ invoiceId: setup.invoice.id, provider: 'halyk' });
    halyk.pay(halyk.charges.at(-1)!);
    expect(await checkPayment(system(), checkout.paymentId)).toBe('recorded');
    return { ...setup, paymentId: checkout.paymentId };
  }

  it('gives back part, then the rest, never more than was paid; a retried request is one refund', async () => {
    const { paymentId, invoice } = await paid();
    const part = await admin().refund({
      paymentId,
      amountTiyn: 400_000,
      reason: 'одна услуга не оказана',
      idempotencyKey: `k-${paymentId}-1`,
    });
    expect(part).toMatchObject({ status: 'done', amountTiyn: 400_000 });
    const again = await admin().refund({
      paymentId,
      amountTiyn: 400_000,
      reason: 'одна услуга не оказана',
      idempotencyKey: `k-${paymentId}-1`,
    });
    expect(again.id).toBe(part.id);
    const tooMuch = await failure(
      admin().refund({
        paymentId,
        amountTiyn: 700_000,
        reason: 'ошибка',
        idempotencyKey: `k-${paymentId}-2`,
      }),
    );
    expect(tooMuch.domain).toMatchObject({ code: 'refund_too_large' });
    const rest = await admin().refund({
      paymentId,
      reason: 'отказ от услуги',
      idempotencyKey: `k-${paymentId}-3`,
    });
    expect(rest.amountTiyn).toBe(600_000);
    const [row] = await sql('select refunded_tiyn from payments_invoice where id = ?', [invoice.id]);
    expect(row).toEqual({ refunded_tiyn: '1000000' });
    expect(await admin().refunds({ paymentId })).toHaveLength(2);
  });

  it('gives back no more than was paid when two refunds race', async () => {
    const { paymentId } = await paid();
    const results = await Promise.allSettled(
      [1, 2].map((n) =>
        admin().refund({
          paymentId,
          amountTiyn: 700_000,
          reason: 'двойной запрос',
          idempotencyKey: `race-${paymentId}-${n}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('alerts staff when the provider cannot give money back, and keeps the invoice as it was', async () => {
    const { paymentId, invoice } = await paid();
    halyk.refundAnswer = { state: 'unsupported', reason: 'basic scheme' };
    try {
      const refund = await admin().refund({ paymentId, reason: 'возврат', idempotencyKey: `u-${paymentId}` });
      expect(refund.status).toBe('failed');
    } finally {
      halyk.refundAnswer = { state: 'done', providerRef: 'R-1' };
    }
    const [row] = await sql('select refunded_tiyn from payments_invoice where id = ?', [invoice.id]);
    expect(row).toEqual({ refunded_tiyn: '0' });
    const alerts = await admin().alerts({ open: true });
    expect(alerts.find((a) => a.paymentId === paymentId)).toMatchObject({ kind: 'refund_failed' });
  });

  it('is for admins only: the desk may not give money back', async () => {
    const { paymentId } = await paid();
    const seen = await failure(
      t.app
        .caller({ kind: 'service', name: 'desk', roles: ['registrar'] })
        .payments.staff.refund({ paymentId, reason: 'возврат', idempotencyKey: `d-${paymentId}` }),
    );
    expect(seen.code).toBe('FORBIDDEN');
  });
});

describe('what staff see', () => {
  it('lists invoices and payments by patient and state, a page at a time', async () => {
    const { patient, invoice, bot } = await patientWithInvoice();
    const second = await desk().createInvoice({
      patientId: patient.id,
      lines: [{ title: { ru: 'Анализ', kk: 'Талдау' }, unitPriceTiyn: 200_000 }],
    });
    const checkout = await bot.pay({ invoiceId: invoice.id, provider: 'halyk' });
    halyk.pay(halyk.charges.at(-1)!);
    await checkPayment(system(), checkout.paymentId);
    const page1 = await desk().invoices({ patientId: patient.id, limit: 1 });
    expect(page1.items.map((i) => i.id)).toEqual([second.id]);
    const page2 = await desk().invoices({ patientId: patient.id, limit: 1, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => i.id)).toEqual([invoice.id]);
    expect(page2.nextCursor).toBeNull();
    expect(
      (await desk().invoices({ patientId: patient.id, status: 'unpaid' })).items.map((i) => i.id),
    ).toEqual([second.id]);
    const payments = await desk().payments({ patientId: patient.id, status: 'paid' });
    expect(payments.items).toHaveLength(1);
    expect(payments.items[0]).toMatchObject({
      invoiceId: invoice.id,
      provider: 'halyk',
      amountTiyn: invoice.totalTiyn,
    });
    expect(JSON.stringify(payments)).not.toContain('secret');
    // One invoice's attempts (where the console starts a refund): the other invoice has none.
    expect((await desk().payments({ invoiceId: invoice.id })).items.map((p) => p.id)).toEqual([
      checkout.paymentId,
    ]);
    expect((await desk().payments({ invoiceId: second.id })).items).toEqual([]);
    expect((await desk().payments({ invoiceId: second.id, patientId: patient.id + 1 })).items).toEqual([]);
  });
});

describe('numbers and the receipt, as a patient reads them', () => {
  for (const [language, invoiceWord, receiptTitle, qty, noSignature] of [
    ['kk', 'Шот', 'Төлем туралы чек', 'Саны', 'мөрді қажет етпейді'],
    ['ru', 'Счёт', 'Чек об оплате', 'Кол-во', 'не требует подписи'],
  ] as const)
    it(`a number carries no Russian abbreviation; the word around it is the patient's (${language})`, async () => {
      const telegramUserId = ++nextUser;
      const patient = await registerPatient(t.app, telegramUserId, { language });
      const invoice = await desk().createInvoice({
        patientId: patient.id,
        lines: [{ title: { ru: 'Консультация', kk: 'Кеңес' }, unitPriceTiyn: 1_250_000, quantity: 2 }],
      });
      // Digits only: "Шот № 2026-000042" / "Счёт № 2026-000042", never "СЧ-…" in a Kazakh text.
      expect(invoice.number).toMatch(/^\d{4}-\d{6}$/);
      const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId }).payments;
      const paying = await bot.pay({ invoiceId: invoice.id, provider: 'halyk' });
      halyk.pay(halyk.charges.at(-1)!);
      await checkPayment(system(), paying.paymentId);
      const [doc] = await sql(
        `select id, number from documents_document where kind = 'receipt' and patient_id = ?`,
        [patient.id],
      );
      const { text } = await storedPdf(t.app, Number(doc!.id));
      expect(text).toContain(receiptTitle);
      expect(text).toContain(`${invoiceWord}: ${invoice.number}`);
      // The quantity's heading is whole on one line (it wrapped to "Кол-" / "во").
      expect(text).toMatch(new RegExp(`${qty}\\s`));
      expect(text).not.toMatch(/Кол-\s+во/);
      // Issued by the system when the bank confirmed: no line for a signature nobody will put.
      expect(text).toContain(noSignature);
      expect(text).not.toMatch(/подпись|қолы|М\. [ПО]\./);
    });
});
