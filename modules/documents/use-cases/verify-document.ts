import type { EntityManager } from '@mikro-orm/postgresql';
import type { Language, Localized } from '../../../shared/localized.ts';
import { isoDateOf, localDate } from '../../../shared/time.ts';
import type { ModuleSettings } from '../../../shared/trpc.ts';
import { branchOrMain, catalogViews } from '../../clinic/index.ts';
import { patientBriefs } from '../../patients/index.ts';
import { Document } from '../entities/document.entity.ts';

/** The verification code as printed: Crockford's base32, 10 characters (issue-document.ts). */
const VERIFY_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * A typed code as the register holds it: upper case, without spaces or dashes, and Crockford's
 * look-alikes read as the digits they stand for (O → 0, I and L → 1). Null when it cannot be one.
 */
export function normalizeVerifyCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return VERIFY_CODE.test(code) ? code : null;
}

/**
 * What the public page shows of a document: only what proves it is authentic. The patient by
 * initials and the IIN's last four digits — enough to match the paper in hand, too little to
 * learn who a stranger's code belongs to.
 */
export interface VerifiedDocument {
  kind: string;
  number: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  language: Language;
  clinic: { name: string; branch: Localized | null };
  doctor: string | null;
  initials: string;
  iinMasked: string;
  status: 'valid' | 'revoked';
  /** YYYY-MM-DD in the branch's zone. */
  revokedOn: string | null;
  sha256: string;
}

const initial = (name: string | null | undefined) => (name ? `${[...name.trim()][0]?.toUpperCase()}.` : '');

/** The document a verification code names, or null (an unknown and a malformed code alike). */
export async function verifyDocument(
  ctx: { em: EntityManager; settings: ModuleSettings },
  typed: string,
): Promise<VerifiedDocument | null> {
  const code = normalizeVerifyCode(typed);
  if (!code) return null;
  const document = await ctx.em.findOne(Document, { verifyCode: code });
  if (!document) return null;
  const patient = (await patientBriefs(ctx.em, [document.patientId])).get(document.patientId);
  const { doctors } = await catalogViews(ctx.em, { doctorIds: document.doctorId ? [document.doctorId] : [] });
  const branch = await branchOrMain(ctx.em, document.branchId);
  return {
    kind: document.kind,
    number: document.number,
    issueDate: isoDateOf(document.issueDate),
    language: document.language,
    clinic: { name: ctx.settings.documents.clinicName, branch: branch ? branch.name : null },
    doctor: document.doctorId ? (doctors.get(document.doctorId)?.fullName ?? null) : null,
    initials: [patient?.lastName, patient?.firstName, patient?.middleName]
      .map(initial)
      .filter(Boolean)
      .join(' '),
    iinMasked: patient?.iinMasked ?? '',
    status: document.status,
    revokedOn: document.revokedAt ? localDate(document.revokedAt, branch?.timeZone ?? 'Asia/Almaty') : null,
    sha256: document.sha256,
  };
}
