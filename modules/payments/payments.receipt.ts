import { z } from 'zod';
import { formatTiyn } from '../../shared/money.ts';
import { defineDocumentKind } from '../documents/index.ts';
import { PROVIDERS } from './entities/payment.entity.ts';

const amount = z.number().int().min(0);

/**
 * The receipt a patient gets when a payment is confirmed: a documents kind plugged in through the
 * `documentKinds` hook, so it is numbered, stored, verifiable and listed with the patient's
 * documents. Only payments issue it (never staff by hand: a receipt is proof that money came).
 */
export const receiptKind = defineDocumentKind({
  key: 'receipt',
  prefix: 'ЧЕК',
  moduleOnly: true,
  // Made by the system when the provider confirmed the money: nobody signs or stamps it.
  signed: false,
  fields: z.object({
    invoiceNumber: z.string().min(1).max(40),
    lines: z
      .array(
        z.object({
          title: z.string().min(1).max(200),
          quantity: z.number().int().min(1),
          unitPriceTiyn: amount,
          amountTiyn: amount,
        }),
      )
      .min(1),
    totalTiyn: amount,
    provider: z.enum(PROVIDERS),
    /** The instant the provider confirmed it (ISO with offset). */
    paidAt: z.iso.datetime({ offset: true }),
    orderNumber: z.string().min(1).max(20),
    transactionId: z.string().min(1).max(100),
  }),
  title: (text) => text('doc-receipt-title'),
  body: (text, f, format) => [
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [18, '*', 42, 80, 80],
        body: [
          [
            '№',
            text('doc-receipt-item'),
            text('doc-receipt-qty'),
            text('doc-receipt-price'),
            text('doc-receipt-sum'),
          ].map((t) => ({ text: t, style: 'th' })),
          ...f.lines.map((line, i) => [
            `${i + 1}.`,
            line.title,
            { text: String(line.quantity), alignment: 'center' as const },
            { text: formatTiyn(line.unitPriceTiyn, format.language), alignment: 'right' as const },
            { text: formatTiyn(line.amountTiyn, format.language), alignment: 'right' as const },
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    {
      text: text('doc-receipt-total', { total: formatTiyn(f.totalTiyn, format.language) }),
      bold: true,
      alignment: 'right',
      margin: [0, 8, 0, 8],
    },
    {
      text: [
        `${text('doc-receipt-invoice')}: ${f.invoiceNumber}\n`,
        `${text('doc-receipt-paid-at')}: ${format.dateTime(f.paidAt)}\n`,
        `${text('doc-receipt-provider')}: ${text(`doc-receipt-provider-${f.provider}`)}\n`,
        `${text('doc-receipt-order')}: ${f.orderNumber}\n`,
        `${text('doc-receipt-transaction')}: ${f.transactionId}`,
      ],
    },
  ],
});
