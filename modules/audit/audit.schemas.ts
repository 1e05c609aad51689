import { z } from 'zod';
import { AUDIT_VIAS, type AuditVia } from '../../shared/actor.ts';
import { rowIdSchema as id } from '../../shared/ids.ts';
import { pageLimit, timeIdCursor } from '../../shared/pages.ts';
import { instantSchema } from '../../shared/time.ts';

/** Which entries: every filter given must hold. */
export const auditFilterInput = z
  .object({
    patientId: id.optional(),
    /** A staff member's account: what they did signed in, and through the staff group's topics. */
    staffAccountId: id.optional(),
    /** Any actor as the log names it: `service:<token name>`, `tg:<Telegram user id>`, `system`. */
    actor: z.string().trim().min(1).max(100).optional(),
    /** One action (`document.list`)… */
    action: z.string().trim().min(1).max(60).optional(),
    /** …or all that start so (`document.`, `invoice.`, `audit.`). */
    actionPrefix: z.string().trim().min(1).max(60).optional(),
    /** From this instant (inclusive) to that one (exclusive). */
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    via: z.array(z.enum(AUDIT_VIAS)).min(1).optional(),
  })
  .refine((f) => !(f.staffAccountId && f.actor), {
    message: 'give a staff account or an actor, not both',
    path: ['actor'],
  })
  .refine((f) => !(f.from && f.to) || f.to > f.from, {
    message: 'the end must be after the start',
    path: ['to'],
  });

export type AuditFilter = z.infer<typeof auditFilterInput>;

export const auditEntriesInput = auditFilterInput.and(
  z.object({ cursor: timeIdCursor.nullish(), limit: pageLimit(50, 200) }),
);

/** Who acted, as a person reads it (a staff member's name, a token's name) — never a patient's IIN or phone. */
export interface AuditActorView {
  /** As stored: `staff:12`, `service:crm`, `tg:123456`, `system`, `anonymous`. */
  key: string;
  kind: 'staff' | 'service' | 'telegram' | 'system' | 'anonymous';
  /** The staff member's display name, or the service token's name. */
  name: string | null;
  /** The staff member's username. */
  username: string | null;
  staffAccountId: number | null;
  /** The Telegram user the bot acted for. */
  telegramUserId: number | null;
}

export interface AuditEntryView {
  /** Also the tie-break of entries written at the same instant. */
  id: number;
  at: Date;
  actor: AuditActorView;
  via: AuditVia;
  action: string;
  patientId: number | null;
}

export interface AuditExportView {
  filename: string;
  contentType: 'text/csv; charset=utf-8';
  rows: number;
  /** UTF-8 with a byte-order mark (spreadsheets then read Cyrillic names right), a header row first. */
  csv: string;
}
