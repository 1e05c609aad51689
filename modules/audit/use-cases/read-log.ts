import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import { afterTimeId, type Page, pageOf, timeIdCursorOf } from '../../../shared/pages.ts';
import type { Caller } from '../../../shared/roles.ts';
import { staffNames } from '../../auth/index.ts';
import { auditErrors } from '../audit.errors.ts';
import { audit } from '../audit.record.ts';
import type { AuditActorView, AuditEntryView, AuditExportView, AuditFilter } from '../audit.schemas.ts';
import { AuditEntry } from '../entities/audit-entry.entity.ts';

type AuditCtx = { em: EntityManager; clock: Clock; caller: Caller };

/** The most rows one export holds: an inspector's question is about a patient, a person or a period. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

const NEWEST_FIRST = { at: 'desc', id: 'desc' } as const;

function whereOf(filter: AuditFilter, cursor?: string | null): FilterQuery<AuditEntry> {
  const all: FilterQuery<AuditEntry>[] = [];
  if (filter.patientId) all.push({ patientId: filter.patientId });
  if (filter.staffAccountId) all.push({ actor: `staff:${filter.staffAccountId}` });
  if (filter.actor) all.push({ actor: filter.actor });
  if (filter.action) all.push({ action: filter.action });
  if (filter.actionPrefix)
    all.push({ action: { $like: `${filter.actionPrefix.replace(/[\\%_]/g, '\\$&')}%` } });
  if (filter.from) all.push({ at: { $gte: filter.from } });
  if (filter.to) all.push({ at: { $lt: filter.to } });
  if (filter.via) all.push({ via: { $in: filter.via } });
  if (cursor) all.push(afterTimeId('at', cursor));
  return all.length ? { $and: all } : {};
}

/** The actors of these entries as a person reads them: one query for all the staff names. */
async function actorViews(em: EntityManager, entries: readonly AuditEntry[]) {
  const staffIds = entries.flatMap((e) => (/^staff:\d+$/.test(e.actor) ? [Number(e.actor.slice(6))] : []));
  const names = await staffNames(em, staffIds);
  return (key: string): AuditActorView => {
    const [kind, rest = ''] = key.split(/:(.*)/s) as [string, string?];
    const none = { name: null, username: null, staffAccountId: null, telegramUserId: null };
    if (kind === 'staff') {
      const account = names.get(Number(rest));
      return {
        ...none,
        key,
        kind: 'staff',
        staffAccountId: Number(rest),
        name: account?.name ?? null,
        username: account?.username ?? null,
      };
    }
    if (kind === 'service') return { ...none, key, kind: 'service', name: rest };
    if (kind === 'tg')
      return { ...none, key, kind: 'telegram', telegramUserId: /^\d+$/.test(rest) ? Number(rest) : null };
    return { ...none, key, kind: kind === 'system' ? 'system' : 'anonymous' };
  };
}

async function views(em: EntityManager, entries: readonly AuditEntry[]): Promise<AuditEntryView[]> {
  const actor = await actorViews(em, entries);
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    actor: actor(e.actor),
    via: e.via,
    action: e.action,
    patientId: e.patientId ?? null,
  }));
}

/**
 * The log, newest first, a page at a time (cursor: the last entry's time and id). Reading it is
 * itself recorded (`audit.read`, under the patient filtered on, if any).
 */
export async function auditEntries(
  ctx: AuditCtx,
  input: AuditFilter & { cursor?: string | null; limit: number },
): Promise<Page<AuditEntryView, string>> {
  const rows = await ctx.em.find(AuditEntry, whereOf(input, input.cursor), {
    orderBy: NEWEST_FIRST,
    limit: input.limit + 1,
  });
  const page = pageOf(rows, input.limit, (e) => timeIdCursorOf(e.at, e.id));
  audit(ctx.em, ctx.caller, ctx.clock.now(), 'audit.read', input.patientId ?? null);
  await ctx.em.flush();
  return { items: await views(ctx.em, page.items), nextCursor: page.nextCursor };
}

const CSV_HEADER = ['id', 'at_utc', 'actor', 'actor_name', 'actor_username', 'via', 'action', 'patient_id'];

/**
 * Where a spreadsheet may start a cell inside a text: its start, and after any separator one might
 * split on. Excel in Russian or Kazakh splits a .csv on ";" (its list separator) and does not see a
 * quote in the middle of a line, so quoting the field alone protects nothing there.
 */
const FORMULA_START = /(^|[,;\t\r\n])(\s*)(?=[=+\-@])/g;

/**
 * One CSV field: quoted when it holds a separator, a quote or a line break; = + - @ where a cell
 * may begin (a staff member may be named so) is kept as text with a leading ', never run as a
 * spreadsheet formula.
 */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string') text = text.replace(FORMULA_START, "$1$2'").replace(/^[\t\r]/, "'$&");
  return /[",;\t\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Every entry the filters match, newest first, as CSV for an inspector: at most
 * AUDIT_EXPORT_MAX_ROWS, and beyond that a clear refusal (how many matched, the maximum) rather
 * than a file that silently stops. The export is itself recorded (`audit.export`).
 */
export async function exportAudit(ctx: AuditCtx, filter: AuditFilter): Promise<AuditExportView> {
  const where = whereOf(filter);
  // One statement decides: a count first and the rows after could differ by the entries written
  // between them, and the file would lose its oldest rows without a word.
  const rows = await ctx.em.find(AuditEntry, where, {
    orderBy: NEWEST_FIRST,
    limit: AUDIT_EXPORT_MAX_ROWS + 1,
  });
  if (rows.length > AUDIT_EXPORT_MAX_ROWS)
    throw auditErrors('export_too_large', {
      count: await ctx.em.count(AuditEntry, where),
      max: AUDIT_EXPORT_MAX_ROWS,
    });
  const lines = (await views(ctx.em, rows)).map((e) =>
    [e.id, e.at.toISOString(), e.actor.key, e.actor.name, e.actor.username, e.via, e.action, e.patientId]
      .map(csvField)
      .join(','),
  );
  const now = ctx.clock.now();
  audit(ctx.em, ctx.caller, now, 'audit.export', filter.patientId ?? null);
  await ctx.em.flush();
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return {
    filename: `audit-${stamp}.csv`,
    contentType: 'text/csv; charset=utf-8',
    rows: rows.length,
    csv: `\uFEFF${[CSV_HEADER.join(','), ...lines].join('\r\n')}\r\n`,
  };
}
