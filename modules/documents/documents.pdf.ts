import pdfmake, { type Content } from 'pdfmake';
import QRCode from 'qrcode';
import type { Language } from '../../shared/localized.ts';
import type { DocText, DocumentKind } from './documents.kinds.ts';
import './documents.fonts.ts';
import { printedDate } from './kinds/common.ts';

/** What every page says besides the kind's own body. */
export interface PageFacts {
  clinicName: string;
  clinicLicence: string | null;
  branch: { name: string; address: string; phone: string } | null;
  number: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  patient: { fullName: string; birthDate: string; iinMasked: string };
  doctor: { fullName: string; specialty: string } | null;
  /** The public verification page the QR code and the short code lead to. */
  verifyUrl: string;
  verifyCode: string;
}

const row = (label: string, value: string): Content => ({
  columns: [
    { text: label, width: 130, style: 'label' },
    { text: value, width: '*' },
  ],
  margin: [0, 1, 0, 1],
});

/** Renders a generated document to PDF bytes, in its language. */
export async function renderDocument(
  kind: DocumentKind,
  fields: unknown,
  facts: PageFacts,
  text: DocText,
  language: Language,
): Promise<Uint8Array> {
  const qr = await QRCode.toString(facts.verifyUrl, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const definition: Parameters<typeof pdfmake.createPdf>[0] = {
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 70],
    info: { title: `${kind.title(text, fields)} № ${facts.number}`, producer: 'Emhana', creator: 'Emhana' },
    defaultStyle: { font: 'DejaVuSans', fontSize: 10, lineHeight: 1.2 },
    styles: {
      clinic: { fontSize: 13, bold: true },
      small: { fontSize: 8, color: '#555555' },
      title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 18, 0, 2] },
      number: { alignment: 'center', margin: [0, 0, 0, 14] },
      label: { bold: true },
      th: { bold: true, fontSize: 9 },
      note: { fontSize: 8, color: '#555555' },
    },
    content: [
      { text: facts.clinicName, style: 'clinic' },
      ...(facts.clinicLicence ? [{ text: facts.clinicLicence, style: 'small' } as Content] : []),
      ...(facts.branch
        ? [
            {
              text: `${facts.branch.name}\n${facts.branch.address}\n${text('doc-phone', { phone: facts.branch.phone })}`,
              style: 'small',
            } as Content,
          ]
        : []),
      { text: kind.title(text, fields), style: 'title' },
      {
        text: text('doc-number-date', { number: facts.number, date: printedDate(facts.issueDate) }),
        style: 'number',
      },
      row(text('doc-patient'), facts.patient.fullName),
      row(text('doc-birth-date'), printedDate(facts.patient.birthDate)),
      row(text('doc-iin'), facts.patient.iinMasked),
      ...(facts.doctor
        ? [row(text('doc-doctor'), `${facts.doctor.fullName}, ${facts.doctor.specialty}`)]
        : []),
      ...kind.body(text, fields, language),
      {
        columns: [
          { text: text('doc-signature'), width: '*', margin: [0, 40, 0, 0] },
          { text: text('doc-stamp'), width: 'auto', margin: [0, 40, 0, 0], style: 'small' },
        ],
      },
    ],
    footer: () => ({
      margin: [50, 0, 50, 0],
      columns: [
        { svg: qr, width: 52 },
        {
          width: '*',
          margin: [10, 6, 0, 0],
          style: 'small',
          text: text('doc-verify-footer', { url: facts.verifyUrl, code: facts.verifyCode }),
        },
      ],
    }),
  };
  const pdf = pdfmake.createPdf(definition);
  return new Uint8Array(await pdf.getBuffer());
}
