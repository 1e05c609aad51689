import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/roles.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy, slotAfter } from '../../tests/support/demo.ts';
import { failure } from '../../tests/support/errors.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { ScriptedProvider } from '../../tests/support/payment-provider.ts';
import { systemPayments } from '../../tests/support/payments.ts';
import { checkPayment } from './use-cases/check-payment.ts';

/**
 * Invoices that follow a visit's life, against real PostgreSQL: a prepaid service is invoiced when
 * it is booked, a cancelled or missed visit's unpaid invoice is voided, a completed visit is
 * invoiced when the clinic takes money after the visit.
 */
type Choice = { branchId: number; serviceId: number; doctorId: number };

const DESK: Caller = { kind: 'service', name: 'desk', roles: ['registrar'] };
const ADMIN: Caller = { kind: 'service', name: 'admin', roles: ['admin'] };

async function clinicWith(env: Record<string, string>, kaspi?: ScriptedProvider) {
  const t = await startTestApp(env, kaspi ? { paymentProviders: { kaspi } } : {});
  const therapy = await demoTherapy(t);
  const services = await t.client().clinic.services.ofBranch.query({ branchId: therapy.branchId });
  const online = services.find((s) => s.name.ru === 'Онлайн-консультация терапевта')!;
  const doctors = await t
    .client()
    .clinic.doctors.forService.query({ branchId: therapy.branchId, serviceId: online.id });
  await t.app.caller(ADMIN).clinic.services.update({ id: online.id, prepaid: true });
  const prepaid: Choice = { branchId: therapy.branchId, serviceId: online.id, doctorId: doctors[0]!.id };
  return { t, therapy, prepaid };
}

let nextUser = 1_310_000_000;
/** A registered patient, and the bot acting for them. */
async function patientOf(t: TestApp) {
  const telegramUserId = ++nextUser;
  await registerPatient(t.app, telegramUserId);
  const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId });
  return { bot, id: (await bot.patients.profile.get()).id };
}

const invoicesOf = async (t: TestApp, patientId: number) =>
  (await t.app.caller(DESK).payments.staff.invoices({ patientId })).items.sort((a, b) => a.id - b.id);

describe('with invoices on completion', () => {
  let t: TestApp;
  let therapy: Choice;
  let prepaid: Choice;
  const kaspi = new ScriptedProvider('kaspi');
  beforeAll(async () => {
    ({ t, therapy, prepaid } = await clinicWith({ PAYMENT_INVOICE_ON_COMPLETE: 'true' }, kaspi));
  });
  afterAll(() => t.stop());

  /** A prepaid visit held and confirmed in the bot, as a patient books it. */
  async function bookPrepaid(p: Awaited<ReturnType<typeof patientOf>>) {
    const slot = await slotAfter(t, prepaid, 2);
    const held = await p.bot.booking.hold({ ...prepaid, startsAt: slot.startsAt });
    // Holding a slot is not booking it: nothing to pay yet.
    expect(await invoicesOf(t, p.id)).toEqual([]);
    return p.bot.booking.confirm({ appointmentId: held.id });
  }

  /** Pays an invoice through the (scripted) Kaspi, confirmed as the poller would confirm it. */
  async function pay(p: Awaited<ReturnType<typeof patientOf>>, invoiceId: number) {
    const checkout = await p.bot.payments.pay({ invoiceId, provider: 'kaspi' });
    kaspi.pay(kaspi.charges.at(-1)!);
    expect(await checkPayment(systemPayments(t), checkout.paymentId)).toBe('recorded');
    return (await invoicesOf(t, p.id)).find((i) => i.id === invoiceId)!;
  }

  it('invoices a prepaid booking once, at the visit’s price, and shows it to the patient', async () => {
    const p = await patientOf(t);
    const visit = await bookPrepaid(p);
    const [invoice, ...more] = await invoicesOf(t, p.id);
    expect(more).toEqual([]);
    expect(invoice).toMatchObject({
      appointmentId: visit.id,
      origin: 'prepaid_booking',
      status: 'unpaid',
      totalTiyn: visit.priceTiyn,
      lines: [{ serviceId: prepaid.serviceId, quantity: 1, amountTiyn: visit.priceTiyn }],
    });
    expect(visit.priceTiyn).toBeGreaterThan(0);
    // The confirmation's "Pay" and the patient's payments both find it.
    expect((await p.bot.payments.forVisit({ appointmentId: visit.id })).map((i) => i.id)).toEqual([
      invoice!.id,
    ]);
    const [mine] = await p.bot.payments.mine({ language: 'ru' });
    expect(mine!.unpaid.map((i) => i.id)).toEqual([invoice!.id]);
    expect(mine!.balance.owedTiyn).toBe(visit.priceTiyn);
    // Quiet: the confirmation offers "Pay", no separate "new invoice" message.
    const notices = await t.app.orm.em
      .fork()
      .getConnection()
      .execute(`select count(*)::int as n from notifications_delivery where purpose = 'payments.invoice'`);
    expect(notices[0]!.n).toBe(0);
  });

  it('a confirmation tapped again, or several at once, still makes one invoice', async () => {
    const p = await patientOf(t);
    const slot = await slotAfter(t, prepaid, 2);
    const held = await p.bot.booking.hold({ ...prepaid, startsAt: slot.startsAt });
    const taps = await Promise.allSettled(
      Array.from({ length: 5 }, () => p.bot.booking.confirm({ appointmentId: held.id })),
    );
    expect(taps.every((r) => r.status === 'fulfilled')).toBe(true);
    await p.bot.booking.confirm({ appointmentId: held.id });
    const invoices = await invoicesOf(t, p.id);
    expect(invoices.map((i) => [i.appointmentId, i.origin, i.status])).toEqual([
      [held.id, 'prepaid_booking', 'unpaid'],
    ]);
  });

  it('the database refuses a second live invoice of the same origin for a visit', async () => {
    const p = await patientOf(t);
    const visit = await bookPrepaid(p);
    const sql = t.app.orm.em.fork().getConnection();
    const [first] = await invoicesOf(t, p.id);
    const copy = sql.execute(
      `insert into payments_invoice (number, patient_id, appointment_id, origin, status, total_tiyn,
         created_by, created_at) values ('TEST-DUP', ?, ?, 'prepaid_booking', 'unpaid', 100, 'test', now())`,
      [p.id, visit.id],
    );
    await expect(copy).rejects.toThrow(/payments_invoice_visit_origin_unique/);
    // Staff may still write their own invoices for the same visit.
    const extra = await t.app.caller(DESK).payments.staff.createInvoice({
      patientId: p.id,
      appointmentId: visit.id,
      lines: [{ title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 200_000 }],
    });
    expect((await invoicesOf(t, p.id)).map((i) => i.id)).toEqual([first!.id, extra.id]);
  });

  it('staff booking a prepaid service by phone issue the invoice too; a visit that is not prepaid gets none', async () => {
    const p = await patientOf(t);
    const slot = await slotAfter(t, prepaid, 2);
    const visit = await t.app
      .caller(DESK)
      .booking.staff.book({ ...prepaid, patientId: p.id, startsAt: slot.startsAt });
    expect((await invoicesOf(t, p.id)).map((i) => [i.appointmentId, i.origin])).toEqual([
      [visit.id, 'prepaid_booking'],
    ]);
    const other = await patientOf(t);
    const plain = await other.bot.booking.book({
      ...therapy,
      startsAt: (await slotAfter(t, therapy, 2)).startsAt,
    });
    expect(await invoicesOf(t, other.id)).toEqual([]);
    expect(await other.bot.payments.forVisit({ appointmentId: plain.id })).toEqual([]);
  });

  it('a move keeps the invoice; a cancellation voids it', async () => {
    const p = await patientOf(t);
    const visit = await bookPrepaid(p);
    const [before] = await invoicesOf(t, p.id);
    const later = await slotAfter(t, prepaid, 4);
    const moved = await p.bot.booking.reschedule({
      appointmentId: visit.id,
      startsAt: later.startsAt,
      doctorId: null,
    });
    expect(moved.startsAt).toEqual(later.startsAt);
    expect(await invoicesOf(t, p.id)).toEqual([before]);

    await p.bot.booking.cancel({ appointmentId: visit.id, reason: 'other' });
    const [after, ...more] = await invoicesOf(t, p.id);
    expect(more).toEqual([]);
    expect(after).toMatchObject({
      id: before!.id,
      status: 'void',
      voidReason: 'visit cancelled',
      dueTiyn: 0,
    });
    expect(await p.bot.payments.forVisit({ appointmentId: visit.id })).toEqual([]);
    const [mine] = await p.bot.payments.mine({ language: 'kk' });
    expect(mine!.balance.owedTiyn).toBe(0);
    // Voided, it can no longer be paid.
    expect((await failure(p.bot.payments.pay({ invoiceId: before!.id, provider: 'kaspi' }))).code).toBe(
      'CONFLICT',
    );
  });

  it('a clinic cancellation voids the unpaid invoice as well', async () => {
    const p = await patientOf(t);
    const visit = await bookPrepaid(p);
    await t.app.caller(DESK).booking.staff.cancel({ appointmentId: visit.id, reason: 'doctor_unavailable' });
    expect((await invoicesOf(t, p.id)).map((i) => [i.status, i.voidReason])).toEqual([
      ['void', 'visit cancelled'],
    ]);
  });

  it('a no-show voids the unpaid invoice', async () => {
    const p = await patientOf(t);
    const visit = await bookPrepaid(p);
    // Staff mark a no-show only once the visit has begun.
    t.clock.advance(visit.startsAt.getTime() - t.clock.now().getTime() + 60_000);
    await t.app.caller(DESK).booking.staff.setStatus({ appointmentId: visit.id, status: 'no_show' });
    expect((await invoicesOf(t, p.id)).map((i) => [i.status, i.voidReason])).toEqual([
      ['void', 'visit no-show'],
    ]);
  });

  it('a paid prepaid visit that is cancelled keeps its money and raises an alert for staff', async () => {
    const p = await patientOf(t);
    const visit = await bookPrepaid(p);
    const [invoice] = await invoicesOf(t, p.id);
    const paid = await pay(p, invoice!.id);
    expect(paid.paidTiyn).toBe(visit.priceTiyn);
    await p.bot.booking.cancel({ appointmentId: visit.id, reason: 'other' });
    const [after] = await invoicesOf(t, p.id);
    expect(after).toMatchObject({ status: 'paid', paidTiyn: visit.priceTiyn, refundedTiyn: 0 });
    expect(kaspi.refunds).toEqual([]);
    const alerts = await t.app.caller(ADMIN).payments.staff.alerts({ open: true });
    expect(alerts.filter((a) => a.invoiceId === invoice!.id)).toEqual([
      expect.objectContaining({
        kind: 'paid_visit_cancelled',
        details: expect.objectContaining({
          appointmentId: visit.id,
          paidTiyn: visit.priceTiyn,
          cancelledBy: 'patient',
        }),
      }),
    ]);
  });

  it('completing a visit invoices its price once; a prepaid one is not invoiced again', async () => {
    const desk = t.app.caller(DESK);
    const p = await patientOf(t);
    const visit = await p.bot.booking.book({
      ...therapy,
      startsAt: (await slotAfter(t, therapy, 2)).startsAt,
    });
    await desk.booking.staff.setStatus({ appointmentId: visit.id, status: 'arrived' });
    expect(await invoicesOf(t, p.id)).toEqual([]);
    await desk.booking.staff.setStatus({ appointmentId: visit.id, status: 'completed' });
    const [invoice, ...more] = await invoicesOf(t, p.id);
    expect(more).toEqual([]);
    expect(invoice).toMatchObject({
      appointmentId: visit.id,
      origin: 'visit_completed',
      status: 'unpaid',
      totalTiyn: visit.priceTiyn,
    });
    // The patient is told, with a "Pay" button (the invoice's own message).
    const notices = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute(`select subject_id from notifications_delivery where purpose = 'payments.invoice'`)) as {
      subject_id: number;
    }[];
    expect(notices.map((n) => Number(n.subject_id))).toContain(invoice!.id);
    // Completed is final: a second completion is refused and bills nothing.
    expect(
      (await failure(desk.booking.staff.setStatus({ appointmentId: visit.id, status: 'completed' }))).code,
    ).toBe('CONFLICT');
    expect(await invoicesOf(t, p.id)).toHaveLength(1);

    for (const payFirst of [false, true]) {
      const q = await patientOf(t);
      const prepaidVisit = await bookPrepaid(q);
      const [first] = await invoicesOf(t, q.id);
      if (payFirst) await pay(q, first!.id);
      await desk.booking.staff.setStatus({ appointmentId: prepaidVisit.id, status: 'arrived' });
      await desk.booking.staff.setStatus({ appointmentId: prepaidVisit.id, status: 'completed' });
      expect((await invoicesOf(t, q.id)).map((i) => [i.id, i.origin, i.status])).toEqual([
        [first!.id, 'prepaid_booking', payFirst ? 'paid' : 'unpaid'],
      ]);
    }
  });
});

describe('without invoices on completion (the default)', () => {
  let t: TestApp;
  let therapy: Choice;
  beforeAll(async () => {
    ({ t, therapy } = await clinicWith({}));
  });
  afterAll(() => t.stop());

  it('completing a visit invoices nothing', async () => {
    const desk = t.app.caller(DESK);
    const p = await patientOf(t);
    const visit = await p.bot.booking.book({
      ...therapy,
      startsAt: (await slotAfter(t, therapy, 2)).startsAt,
    });
    await desk.booking.staff.setStatus({ appointmentId: visit.id, status: 'arrived' });
    await desk.booking.staff.setStatus({ appointmentId: visit.id, status: 'completed' });
    expect((await desk.booking.staff.get({ appointmentId: visit.id })).status).toBe('completed');
    expect(await invoicesOf(t, p.id)).toEqual([]);
  });
});
