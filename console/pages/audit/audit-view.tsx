import './strings.ts';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { AUDIT_VIAS, type AuditVia } from '../../../shared/actor.ts';
import { useTRPC } from '../../api.ts';
import { MoreButton } from '../../components/more.tsx';
import { type Translator, useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import '../admin.css';

type Filter = inferRouterInputs<AppRouter>['audit']['export'];
type Entry = inferRouterOutputs<AppRouter>['audit']['entries']['items'][number];

/** The groups of actions the log is filtered by (an action's first word). */
const GROUPS = [
  'patient.',
  'family.',
  'appointment.',
  'document.',
  'invoice.',
  'payment.',
  'ticket.',
  'notifications.',
  'audit.',
] as const;

const actionKey = (code: string) => `console-audit-action-${code.replaceAll('.', '-')}`;

/**
 * An action in words: its own message, else its kind's (`document.issue.referral` → "document
 * issued") with the code after it, else the code itself. The code is always there for an inspector.
 */
export function actionText(tr: Translator, code: string): string {
  if (tr.has(actionKey(code))) return tr.t(actionKey(code));
  const parts = code.split('.');
  for (let n = parts.length - 1; n >= 2; n--) {
    const key = actionKey(parts.slice(0, n).join('.'));
    if (tr.has(key)) return tr.t(key);
  }
  return code;
}

function actorText(tr: Translator, actor: Entry['actor']): string {
  switch (actor.kind) {
    case 'staff':
      return actor.name
        ? `${actor.name} (${actor.username})`
        : tr.t('console-audit-actor-staff', { id: actor.staffAccountId ?? 0 });
    case 'service':
      return tr.t('console-audit-actor-service', { name: actor.name ?? '' });
    case 'telegram':
      return tr.t('console-audit-actor-telegram', { id: String(actor.telegramUserId ?? '—') });
    case 'system':
      return tr.t('console-audit-actor-system');
    default:
      return tr.t('console-audit-actor-anonymous');
  }
}

/** A day typed in the form → the instant it starts here (the browser is at the clinic). */
const dayStart = (day: string, plusDays = 0) => {
  const at = new Date(`${day}T00:00:00`);
  at.setDate(at.getDate() + plusDays);
  return at;
};

function filterOf(form: FormData): Filter {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const filter: Filter = {};
  if (text('patientId')) filter.patientId = Number(text('patientId'));
  const who = text('who');
  if (who.startsWith('staff:')) filter.staffAccountId = Number(who.slice(6));
  else if (text('actor')) filter.actor = text('actor');
  if (text('action')) filter.action = text('action');
  else if (text('group')) filter.actionPrefix = text('group');
  if (text('from')) filter.from = dayStart(text('from'));
  // The last day is included: up to the start of the next one.
  if (text('to')) filter.to = dayStart(text('to'), 1);
  const via = form.getAll('via').map(String) as AuditVia[];
  if (via.length) filter.via = via;
  return filter;
}

/** The browser saves the CSV as a file: no server round trip beyond the export itself. */
function download(file: { filename: string; contentType: string; csv: string }) {
  const url = URL.createObjectURL(new Blob([file.csv], { type: file.contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Filters({ onApply }: { onApply(filter: Filter): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const [who, setWho] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(filterOf(new FormData(event.currentTarget)));
  };
  return (
    <form
      className="form-grid filters"
      onSubmit={submit}
      onReset={() => {
        setWho('');
        onApply({});
      }}
      aria-label={tr.t('console-audit-filters')}
    >
      <label>
        {tr.t('console-audit-patient')}
        <input name="patientId" type="number" min={1} inputMode="numeric" />
      </label>
      <label>
        {tr.t('console-audit-who')}
        <select name="who" value={who} onChange={(e) => setWho(e.target.value)}>
          <option value="">{tr.t('console-audit-anyone')}</option>
          {staff.data?.map((a) => (
            <option key={a.id} value={`staff:${a.id}`}>
              {a.displayName} ({a.username})
            </option>
          ))}
          <option value="other">{tr.t('console-audit-other-actor')}</option>
        </select>
      </label>
      {who === 'other' && (
        <label>
          {tr.t('console-audit-actor')}
          <input name="actor" placeholder="service:crm, tg:123456, system" maxLength={100} />
        </label>
      )}
      <label>
        {tr.t('console-audit-group')}
        <select name="group" defaultValue="">
          <option value="">{tr.t('console-audit-any-action')}</option>
          {GROUPS.map((g) => (
            <option key={g} value={g}>
              {tr.t(`console-audit-group-${g.slice(0, -1)}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr.t('console-audit-action-code')}
        <input name="action" placeholder="document.view" maxLength={60} />
      </label>
      <label>
        {tr.t('console-audit-from')}
        <input name="from" type="date" />
      </label>
      <label>
        {tr.t('console-audit-to')}
        <input name="to" type="date" />
      </label>
      <fieldset className="roles">
        <legend>{tr.t('console-audit-via')}</legend>
        {AUDIT_VIAS.map((via) => (
          <label key={via} className="check">
            <input type="checkbox" name="via" value={via} />
            {tr.t(`console-audit-via-${via}`)}
          </label>
        ))}
      </fieldset>
      <div className="buttons">
        <button type="submit" className="primary">
          {tr.t('console-audit-apply')}
        </button>
        <button type="reset">{tr.t('console-audit-clear')}</button>
      </div>
    </form>
  );
}

function Export({ filter }: { filter: Filter }) {
  const tr = useT();
  const trpc = useTRPC();
  const exported = useMutation(trpc.audit.export.mutationOptions({ onSuccess: download }));
  return (
    <div className="export">
      <button type="button" disabled={exported.isPending} onClick={() => exported.mutate(filter)}>
        {tr.t('console-audit-export')}
      </button>
      {exported.data && !exported.isPending && (
        <span className="muted" role="status">
          {tr.t('console-audit-exported', { rows: exported.data.rows, filename: exported.data.filename })}
        </span>
      )}
      <ErrorNote error={exported.error} />
    </div>
  );
}

function Entries({ filter }: { filter: Filter }) {
  const tr = useT();
  const trpc = useTRPC();
  const entries = useInfiniteQuery(
    trpc.audit.entries.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  if (entries.isPending) return <Loading />;
  if (entries.isError) return <ErrorNote error={entries.error} />;
  const items = entries.data.pages.flatMap((p) => p.items);
  if (!items.length) return <p className="muted">{tr.t('console-audit-none')}</p>;
  return (
    <>
      <Table
        label={tr.t('console-audit-title')}
        head={[
          tr.t('console-audit-at'),
          tr.t('console-audit-who'),
          tr.t('console-audit-via'),
          tr.t('console-audit-action'),
          tr.t('console-audit-patient'),
        ]}
      >
        {items.map((e) => (
          <tr key={e.id} data-testid="audit-entry">
            <td className="nowrap">{tr.dateTime(e.at)}</td>
            <td data-testid="actor">{actorText(tr, e.actor)}</td>
            <td>{tr.t(`console-audit-via-${e.via}`)}</td>
            <td data-testid="action">
              {actionText(tr, e.action)}
              <code className="code">{e.action}</code>
            </td>
            <td data-testid="patient">{e.patientId ?? '—'}</td>
          </tr>
        ))}
      </Table>
      <MoreButton query={entries} />
    </>
  );
}

export default function AuditLog() {
  const tr = useT();
  const [filter, setFilter] = useState<Filter>({});
  return (
    <>
      <h1>{tr.t('console-audit-title')}</h1>
      <Section title={tr.t('console-audit-filters')} actions={<Export filter={filter} />}>
        <p className="muted">{tr.t('console-audit-about')}</p>
        <Filters onApply={setFilter} />
      </Section>
      <Section title={tr.t('console-audit-entries')}>
        <Entries filter={filter} />
      </Section>
    </>
  );
}
