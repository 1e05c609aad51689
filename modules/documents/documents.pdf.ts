import pdfmake, { type Content, type TableCell } from 'pdfmake';
import QRCode from 'qrcode';
import type { Language } from '../../shared/localized.ts';
import type { DocText, DocumentKind } from './documents.kinds.ts';
import './documents.fonts.ts';
import { docFormat } from './kinds/common.ts';

/** What every page says besides the kind's own body. */
export interface PageFacts {
  clinicName: string;
  clinicLicence: string | null;
  branch: { name: string; address: string; phone: string } | null;
  /** The branch's zone: the page's times are its wall clock. */
  timeZone: string;
  number: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  patient: { fullName: string; birthDate: string; iinMasked: string };
  doctor: { fullName: string; specialty: string } | null;
  /** The public verification page the QR code and the short code lead to. */
  verifyUrl: string;
  verifyCode: string;
}

const GREY = '#555555';
/** The QR code's side in points (about 20 mm: a phone reads it off paper at arm's length). */
const QR_SIZE = 56;

/**
 * The verification QR code as vector squares, each run of dark modules in a row one rectangle.
 * Drawn straight, it costs a fraction of an SVG, which pdfmake would parse again on every page.
 */
export function qrCode(url: string): Content {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const cell = QR_SIZE / modules.size;
  const rects: { type: 'rect'; x: number; y: number; w: number; h: number; color: string }[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        // A hair wider and taller, so neighbouring squares leave no white seam when printed.
        rects.push({
          type: 'rect',
          x: start * cell,
          y: row * cell,
          w: (col - start) * cell + 0.05,
          h: cell + 0.05,
          color: 'black',
        });
        start = -1;
      }
    }
  }
  return { canvas: rects };
}

const row = (label: string, value: string): TableCell[] => [{ text: label, style: 'label' }, { text: value }];

/** "Құрманғазиева Ә. Б.": the name under a signature, as Kazakhstan's forms print it. */
export const surnameInitials = (fullName: string): string => {
  const [last, ...rest] = fullName.trim().split(/\s+/);
  return [last, ...rest.map((part) => `${part[0]}.`)].join(' ');
};

/**
 * The page's frame: the clinic (and a form number in the corner), the title and number, who the
 * document is about, the kind's body, then the doctor's signature and the stamp's place kept
 * together on one page. Every page's footer carries the QR code, the verification address and the
 * short code (a page torn off a certificate still proves itself) and, when there is more than one,
 * the page's number.
 */
export function pageDefinition(
  kind: DocumentKind,
  fields: unknown,
  facts: PageFacts,
  text: DocText,
  language: Language,
  qr: Content,
): Parameters<typeof pdfmake.createPdf>[0] {
  const format = docFormat(language, facts.timeZone);
  const title = kind.title(text, fields);
  const form = kind.form?.(fields) ?? null;
  const clinic: Content[] = [
    { text: facts.clinicName, style: 'clinic' },
    ...(facts.clinicLicence ? [{ text: facts.clinicLicence, style: 'small' }] : []),
    ...(facts.branch
      ? [
          {
            text: `${facts.branch.name}\n${facts.branch.address}\n${text('doc-phone', { phone: facts.branch.phone })}`,
            style: 'small',
          },
        ]
      : []),
  ];
  const issuedOn = text('doc-issued-on', { date: format.date(facts.issueDate) });
  const unsigned: Content = {
    unbreakable: true,
    margin: [0, 28, 0, 0],
    stack: [{ text: issuedOn }, { text: text('doc-unsigned'), style: 'small', margin: [0, 4, 0, 0] }],
  };
  const signature: Content = {
    unbreakable: true,
    margin: [0, 28, 0, 0],
    stack: [
      {
        columns: [
          {
            width: '*',
            text: facts.doctor
              ? [
                  { text: `${text('doc-doctor')}: `, style: 'label' },
                  `${surnameInitials(facts.doctor.fullName)}, ${facts.doctor.specialty}`,
                ]
              : '',
          },
          { width: 150, text: '______________________', alignment: 'center' },
        ],
      },
      {
        columns: [
          { width: '*', text: '' },
          { width: 150, text: text('doc-signature'), style: 'small', alignment: 'center' },
        ],
      },
      {
        columns: [
          {
            width: '*',
            text: issuedOn,
            margin: [0, 14, 0, 0],
          },
          { width: 150, text: text('doc-stamp'), style: 'small', alignment: 'center', margin: [0, 14, 0, 0] },
        ],
      },
    ],
  };
  return {
    pageSize: 'A4',
    pageMargins: [50, 45, 50, 80],
    info: { title: `${title} № ${facts.number}`, producer: 'Emhana', creator: 'Emhana' },
    defaultStyle: { font: 'DejaVuSans', fontSize: 10, lineHeight: 1.2 },
    styles: {
      clinic: { fontSize: 13, bold: true },
      small: { fontSize: 8, color: GREY },
      form: { fontSize: 9, bold: true, alignment: 'right' },
      title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 16, 0, 2] },
      number: { alignment: 'center', margin: [0, 0, 0, 12] },
      label: { bold: true },
      th: { bold: true, fontSize: 9, fillColor: '#eeeeee' },
      note: { fontSize: 8, color: GREY },
    },
    content: [
      form
        ? {
            columns: [
              { width: '*', stack: clinic },
              { width: 'auto', text: text('doc-form', { form }), style: 'form' },
            ],
          }
        : { stack: clinic },
      { canvas: [{ type: 'line', x1: 0, y1: 6, x2: 495, y2: 6, lineWidth: 0.5, lineColor: GREY }] },
      { text: title, style: 'title' },
      {
        text: text('doc-number-date', { number: facts.number, date: format.date(facts.issueDate) }),
        style: 'number',
      },
      {
        table: {
          widths: [120, '*'],
          body: [
            row(text('doc-patient'), facts.patient.fullName),
            row(text('doc-birth-date'), format.date(facts.patient.birthDate)),
            row(text('doc-iin'), facts.patient.iinMasked),
            ...(facts.doctor
              ? [row(text('doc-doctor'), `${facts.doctor.fullName}, ${facts.doctor.specialty}`)]
              : []),
          ],
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 4],
      },
      // pdfmake writes its layout into the nodes it is given (a list's strings become objects that
      // hold the PDF document); a kind may hand over its fields' own arrays, and the fields are
      // stored with the document, so the body gets a copy.
      ...kind.body(text, structuredClone(fields), format),
      kind.signed === false ? unsigned : signature,
    ],
    footer: (page: number, pages: number) => ({
      margin: [50, 4, 50, 0],
      columns: [
        { width: QR_SIZE, stack: [qr] },
        {
          width: '*',
          margin: [10, 4, 0, 0],
          stack: [
            { text: text('doc-verify-footer', { url: facts.verifyUrl }), style: 'small' },
            {
              text: text('doc-verify-code', { code: facts.verifyCode }),
              fontSize: 9,
              bold: true,
              margin: [0, 2, 0, 0],
            },
            { text: `${title} № ${facts.number}`, style: 'small', margin: [0, 2, 0, 0] },
          ],
        },
        {
          width: 70,
          margin: [0, 4, 0, 0],
          alignment: 'right',
          style: 'small',
          text: pages > 1 ? text('doc-page', { page, pages }) : '',
        },
      ],
    }),
  };
}

/** Renders a generated document to PDF bytes, in its language. */
export async function renderDocument(
  kind: DocumentKind,
  fields: unknown,
  facts: PageFacts,
  text: DocText,
  language: Language,
): Promise<Uint8Array> {
  const pdf = pdfmake.createPdf(pageDefinition(kind, fields, facts, text, language, qrCode(facts.verifyUrl)));
  return new Uint8Array(await pdf.getBuffer());
}
