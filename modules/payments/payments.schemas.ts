import { z } from 'zod';
import { rowIdSchema as idSchema } from '../../shared/ids.ts';
import { localizedSchema } from '../../shared/localized.ts';
import { timeIdCursor } from '../../shared/pages.ts';
import { PROVIDERS } from './entities/payment.entity.ts';

/** The most one invoice may ask (10 000 000 ₸): a typo of three zeros is refused, not billed. */
export const MAX_INVOICE_TIYN = 1_000_000_000;

const tiyn = z.number().int().min(0).max(MAX_INVOICE_TIYN);

/** A line: a service of the catalog (its name, its price unless another is given) or a free text. */
export const invoiceLineInput = z
  .object({
    serviceId: idSchema.optional(),
    title: localizedSchema(200).optional(),
    quantity: z.number().int().min(1).max(100).default(1),
    unitPriceTiyn: tiyn.optional(),
  })
  .refine((l) => l.serviceId !== undefined || (l.title !== undefined && l.unitPriceTiyn !== undefined), {
    message: 'a line without a service needs a title in both languages and a price',
    path: ['title'],
  });

export const createInvoiceInput = z.object({
  patientId: idSchema,
  appointmentId: idSchema.nullable().default(null),
  lines: z.array(invoiceLineInput).min(1).max(50),
});

export const invoiceIdInput = z.object({ invoiceId: idSchema });
export const appointmentIdInput = z.object({ appointmentId: idSchema });
export const voidInvoiceInput = z.object({ invoiceId: idSchema, reason: z.string().trim().min(3).max(500) });

export const startPaymentInput = z.object({ invoiceId: idSchema, provider: z.enum(PROVIDERS) });

export const shownInput = z.object({
  paymentId: z.uuid(),
  chatId: z.number().int(),
  messageId: z.number().int().positive(),
});

export const refundInput = z.object({
  paymentId: z.uuid(),
  /** Part of it; the whole rest of the payment when left out. */
  amountTiyn: tiyn.min(1).optional(),
  reason: z.string().trim().min(3).max(500),
  /** The caller's key for this refund: the same key twice is one refund (a retried request). */
  idempotencyKey: z.string().trim().min(8).max(80),
});

export const staffInvoicesInput = z.object({
  patientId: idSchema.optional(),
  status: z.enum(['unpaid', 'paid', 'void']).optional(),
  /** Invoices created on that calendar day (Asia/Almaty). */
  day: z.iso.date().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** The last invoice id of the previous page. */
  cursor: idSchema.optional(),
});

export const staffPaymentsInput = z.object({
  patientId: idSchema.optional(),
  /** The attempts to pay one invoice (the console's invoice view, where a refund starts). */
  invoiceId: idSchema.optional(),
  status: z.enum(['pending', 'paid', 'failed', 'expired', 'cancelled']).optional(),
  day: z.iso.date().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: timeIdCursor.optional(),
});

export const closeAlertInput = z.object({ alertId: idSchema });
