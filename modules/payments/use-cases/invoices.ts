import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { actorOf } from '../../../shared/actor.ts';
import { BUTTONS } from '../../../shared/buttons.ts';
import type { Language } from '../../../shared/localized.ts';
import { visitFacts } from '../../booking/index.ts';
import { branchOrMain, catalogViews } from '../../clinic/index.ts';
import { queueNotice } from '../../notifications/index.ts';
import { auditPatientRead, managedPatientIds, patientBriefs } from '../../patients/index.ts';
import { Invoice, InvoiceLine, type InvoiceOrigin } from '../entities/payment.entity.ts';
import { nextCount, type PaymentsCtx } from '../payments.context.ts';
import { paymentErrors } from '../payments.errors.ts';
import { type createInvoiceInput, MAX_INVOICE_TIYN } from '../payments.schemas.ts';
import { type BalanceView, type InvoiceView, invoiceView, type MyPaymentsView } from '../payments.views.ts';

type LineInput = z.output<typeof createInvoiceInput>['lines'][number];

/**
 * `2026-000042`: the year's counter, never a count of rows. Digits only, so the number reads the
 * same in every language and the word goes around it in the reader's ("Счёт № …", "№ … шот",
 * "Шот: …"); numbers written before (`СЧ-2026-…`) stay as they were issued.
 */
async function invoiceNumber(em: EntityManager, year: number): Promise<string> {
  return `${year}-${String(await nextCount(em, `invoice-${year}`)).padStart(6, '0')}`;
}

/**
 * Writes an invoice for a patient (a visit's or free-standing) in the caller's transaction: its
 * lines priced from the catalog unless a price is given, numbered, audited, and announced to the
 * patient (and every guardian) with a "Pay" button unless `quiet` (booking's own confirmation offers it).
 */
export async function writeInvoice(
  ctx: Pick<PaymentsCtx, 'em' | 'clock' | 'caller' | 'settings'>,
  input: {
    patientId: number;
    appointmentId: number | null;
    branchId?: number | null;
    origin: InvoiceOrigin;
    lines: LineInput[];
    quiet?: boolean;
  },
): Promise<InvoiceView> {
  const { em } = ctx;
  const patient = (await patientBriefs(em, [input.patientId])).get(input.patientId);
  if (!patient) throw paymentErrors('patient_not_found');
  let branchId = input.branchId ?? null;
  if (input.appointmentId !== null) {
    const visit = await visitFacts(em, input.appointmentId);
    // Someone else's visit on an invoice would put it in their list.
    if (!visit || visit.patientId !== patient.id) throw paymentErrors('visit_not_of_patient');
    branchId ??= visit.branchId;
  }
  const serviceIds = input.lines.flatMap((l) => (l.serviceId ? [l.serviceId] : []));
  const { services } = await catalogViews(em, { serviceIds });
  const lines = input.lines.map((line, position) => {
    const service = line.serviceId ? services.get(line.serviceId) : undefined;
    if (line.serviceId && !service) throw paymentErrors('service_not_found', { serviceId: line.serviceId });
    const unitPriceTiyn = line.unitPriceTiyn ?? service!.priceTiyn;
    return {
      position,
      serviceId: line.serviceId ?? null,
      title: line.title ?? service!.name,
      quantity: line.quantity,
      unitPriceTiyn,
      amountTiyn: unitPriceTiyn * line.quantity,
    };
  });
  const totalTiyn = lines.reduce((sum, l) => sum + l.amountTiyn, 0);
  if (totalTiyn <= 0) throw paymentErrors('invoice_empty');
  if (totalTiyn > MAX_INVOICE_TIYN) throw paymentErrors('invoice_too_large', { maxTiyn: MAX_INVOICE_TIYN });

  const now = ctx.clock.now();
  const branch = await branchOrMain(em, branchId);
  const invoice = em.create(Invoice, {
    number: await invoiceNumber(em, now.getUTCFullYear()),
    patientId: patient.id,
    appointmentId: input.appointmentId,
    branchId: branch?.id ?? null,
    origin: input.origin,
    totalTiyn,
    createdBy: actorOf(ctx.caller),
  });
  const rows = lines.map((l) => em.create(InvoiceLine, { invoice, ...l }));
  em.persist([invoice, ...rows]);
  await em.flush();
  auditPatientRead(em, ctx.caller, now, `invoice.create.${input.origin}`, patient.id);
  if (!input.quiet)
    await queueNotice(ctx, {
      purpose: 'payments.invoice',
      target: `invoice:${invoice.id}`,
      to: { patientId: patient.id },
      template: 'pay-invoice-new',
      params: { number: invoice.number, amount: { tiyn: totalTiyn } },
      buttons: [[{ label: 'pay-open', data: BUTTONS.openInvoice.data({ invoiceId: invoice.id }) }]],
      priority: 'care',
      timeZone: branch?.timeZone ?? 'Asia/Almaty',
      subject: { kind: 'invoice', id: invoice.id },
      guard: { kind: 'invoice', invoiceId: invoice.id },
    });
  await em.flush();
  return invoiceView(invoice, rows);
}

/** Staff write an invoice. */
export async function createInvoice(
  ctx: PaymentsCtx,
  input: z.output<typeof createInvoiceInput>,
): Promise<InvoiceView> {
  return ctx.em.transactional((em) => writeInvoice({ ...ctx, em }, { ...input, origin: 'staff' }));
}

/** Invoices with their lines, in the order given. */
export async function invoiceViews(em: EntityManager, invoices: Invoice[]): Promise<InvoiceView[]> {
  const lines = await em.find(InvoiceLine, { invoice: { $in: invoices.map((i) => i.id) } });
  return invoices.map((i) =>
    invoiceView(
      i,
      lines.filter((l) => l.invoice.id === i.id),
    ),
  );
}

/**
 * Takes back an unpaid invoice (row-locked: a payment being recorded at the same moment either
 * finds it void and gives the money back, or pays it first and this refuses).
 */
export async function voidInvoiceIn(
  ctx: Pick<PaymentsCtx, 'em' | 'clock' | 'caller'>,
  invoiceId: number,
  reason: string,
): Promise<Invoice> {
  const { em } = ctx;
  const invoice = await em.findOne(Invoice, invoiceId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!invoice) throw paymentErrors('invoice_not_found');
  if (invoice.status === 'paid') throw paymentErrors('invoice_already_paid');
  if (invoice.status === 'void') return invoice;
  invoice.status = 'void';
  invoice.voidedAt = ctx.clock.now();
  invoice.voidReason = reason;
  invoice.version += 1;
  auditPatientRead(em, ctx.caller, ctx.clock.now(), 'invoice.void', invoice.patientId);
  await em.flush();
  return invoice;
}

export async function voidInvoice(
  ctx: PaymentsCtx,
  input: { invoiceId: number; reason: string },
): Promise<InvoiceView> {
  return ctx.em.transactional(async (em) => {
    const invoice = await voidInvoiceIn({ ...ctx, em }, input.invoiceId, input.reason);
    return (await invoiceViews(em, [invoice]))[0]!;
  });
}

/** Each patient's balance: owed on unpaid invoices, paid, and given back. */
export async function balances(
  em: EntityManager,
  patientIds: readonly number[],
): Promise<Map<number, BalanceView>> {
  const result = new Map<number, BalanceView>(
    patientIds.map((id) => [id, { owedTiyn: 0, paidTiyn: 0, refundedTiyn: 0 }]),
  );
  if (patientIds.length === 0) return result;
  const rows = (await em.execute(
    `select patient_id,
            coalesce(sum(total_tiyn) filter (where status = 'unpaid'), 0)::bigint as owed,
            coalesce(sum(paid_tiyn), 0)::bigint as paid,
            coalesce(sum(refunded_tiyn), 0)::bigint as refunded
       from payments_invoice where patient_id in (?) group by patient_id`,
    [patientIds],
  )) as { patient_id: number; owed: string; paid: string; refunded: string }[];
  for (const row of rows)
    result.set(row.patient_id, {
      owedTiyn: Number(row.owed),
      paidTiyn: Number(row.paid),
      refundedTiyn: Number(row.refunded),
    });
  return result;
}

/** The bot's "Payments": the acting patient's and each dependant's balance and unpaid invoices. */
export async function myPayments(ctx: PaymentsCtx, _language: Language): Promise<MyPaymentsView[]> {
  const ids = await managedPatientIds(ctx.em, ctx.caller);
  const [briefs, money, unpaid] = await Promise.all([
    patientBriefs(ctx.em, ids),
    balances(ctx.em, ids),
    ctx.em.find(Invoice, { patientId: { $in: ids }, status: 'unpaid' }, { orderBy: { id: 'asc' } }),
  ]);
  const views = await invoiceViews(ctx.em, unpaid);
  return ids.flatMap((id) => {
    const brief = briefs.get(id);
    if (!brief) return [];
    return [
      {
        patient: { id, name: [brief.firstName, brief.lastName].join(' ') },
        balance: money.get(id)!,
        unpaid: views.filter((v) => v.patientId === id),
      },
    ];
  });
}

/**
 * An invoice the acting Telegram user may see (their own or a dependant's); another's is "not
 * found", the same answer as one that does not exist.
 */
export async function ownInvoice(
  ctx: Pick<PaymentsCtx, 'em' | 'caller'>,
  invoiceId: number,
): Promise<Invoice> {
  const ids = await managedPatientIds(ctx.em, ctx.caller);
  const invoice = await ctx.em.findOne(Invoice, { id: invoiceId, patientId: { $in: ids } });
  if (!invoice) throw paymentErrors('invoice_not_found');
  return invoice;
}

export async function myInvoice(ctx: PaymentsCtx, invoiceId: number): Promise<InvoiceView> {
  const invoice = await ownInvoice(ctx, invoiceId);
  return (await invoiceViews(ctx.em, [invoice]))[0]!;
}

/** Staff: an invoice, audited as a read of the patient's data. */
export async function staffInvoice(ctx: PaymentsCtx, invoiceId: number): Promise<InvoiceView> {
  const invoice = await ctx.em.findOne(Invoice, invoiceId);
  if (!invoice) throw paymentErrors('invoice_not_found');
  auditPatientRead(ctx.em, ctx.caller, ctx.clock.now(), 'invoice.read', invoice.patientId);
  await ctx.em.flush();
  return (await invoiceViews(ctx.em, [invoice]))[0]!;
}
