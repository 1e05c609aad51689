import './strings.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ConfirmButton, ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import { AudienceBuilder, AudiencePreview } from './audience.tsx';
import './broadcasts.css';
import { type Automation, type Content, type Filter, useIsAdmin } from './common.tsx';
import { ContentEditor } from './content.tsx';

/**
 * Saved audiences (kept to start broadcasts from) and the automations that run every day: a
 * recall (no visit for N days) and a win-back (a visit missed, nothing booked). An automation's
 * edit stops it until an admin approves it again; only an admin sees "approve".
 */
function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.broadcasts.pathKey() });
}

function NewAudience() {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [name, setName] = useState('');
  const [filter, setFilter] = useState<Filter>({});
  const save = useMutation(
    trpc.broadcasts.staff.audiences.save.mutationOptions({
      onSuccess: () => {
        setName('');
        setFilter({});
        return refresh();
      },
    }),
  );
  return (
    <form
      aria-label={tr.t('console-broadcasts-aud-new')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name, filter });
      }}
    >
      <label>
        {tr.t('console-broadcasts-aud-name')}
        <input name="name" value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="bc-audience-wrap">
        <AudienceBuilder value={filter} onChange={setFilter} />
        <AudiencePreview filter={filter} kind="marketing" />
      </div>
      <ErrorNote error={save.error} />
      <button type="submit" className="primary" disabled={save.isPending}>
        {tr.t('console-broadcasts-audience-save')}
      </button>
    </form>
  );
}

function Audiences() {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const audiences = useQuery(trpc.broadcasts.staff.audiences.list.queryOptions());
  const remove = useMutation(trpc.broadcasts.staff.audiences.delete.mutationOptions({ onSuccess: refresh }));
  const [adding, setAdding] = useState(false);
  return (
    <Section
      title={tr.t('console-broadcasts-aud')}
      actions={
        <button type="button" onClick={() => setAdding(!adding)} aria-expanded={adding}>
          {tr.t('console-broadcasts-aud-new')}
        </button>
      }
    >
      {adding && <NewAudience />}
      {audiences.isPending ? (
        <Loading />
      ) : audiences.isError ? (
        <ErrorNote error={audiences.error} />
      ) : audiences.data.length === 0 ? (
        <p className="muted">{tr.t('console-broadcasts-aud-none')}</p>
      ) : (
        <Table
          label={tr.t('console-broadcasts-aud')}
          head={[tr.t('console-broadcasts-aud-name'), tr.t('console-broadcasts-aud-conditions'), '']}
        >
          {audiences.data.map((a) => (
            <tr key={a.id} data-testid={`audience-${a.id}`}>
              <td>{a.name}</td>
              <td>{Object.keys(a.filter).length || tr.t('console-broadcasts-aud-everyone')}</td>
              <td className="actions">
                <ConfirmButton
                  label={tr.t('console-broadcasts-aud-delete')}
                  confirm={tr.t('console-broadcasts-aud-delete-confirm')}
                  onConfirm={() => remove.mutate({ audienceId: a.id })}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <ErrorNote error={remove.error} />
    </Section>
  );
}

type AutomationForm = Pick<Automation, 'kind' | 'sendAt' | 'periodDays' | 'audience'> & { content: Content };

const formOf = (a?: Automation): AutomationForm =>
  a
    ? {
        kind: a.kind,
        sendAt: a.sendAt,
        periodDays: a.periodDays,
        audience: a.audience,
        content: { title: a.title, text: a.text, photo: a.photo, buttons: a.buttons },
      }
    : {
        kind: 'recall',
        sendAt: '11:00',
        periodDays: 180,
        audience: {},
        content: { title: '', text: {}, photo: null, buttons: [] },
      };

function AutomationEditor({ automation, onDone }: { automation?: Automation; onDone(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [form, setForm] = useState(() => formOf(automation));
  const opts = {
    onSuccess: () => {
      onDone();
      return refresh();
    },
  };
  const create = useMutation(trpc.broadcasts.staff.automations.create.mutationOptions(opts));
  const update = useMutation(trpc.broadcasts.staff.automations.update.mutationOptions(opts));
  const submit = () => {
    const input = {
      kind: form.kind,
      title: form.content.title,
      audience: form.audience,
      // Both languages are required: the API says so in the staff member's language if one is empty.
      text: { ru: form.content.text.ru ?? '', kk: form.content.text.kk ?? '' },
      photo: form.content.photo,
      buttons: form.content.buttons,
      sendAt: form.sendAt,
      periodDays: form.periodDays,
    };
    if (automation) update.mutate({ automationId: automation.id, ...input });
    else create.mutate(input);
  };
  return (
    <form
      className="bc-automation-form"
      aria-label={tr.t(automation ? 'console-broadcasts-auto-edit' : 'console-broadcasts-auto-new')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="bc-row">
        <label>
          {tr.t('console-broadcasts-auto-kind')}
          <select
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as AutomationForm['kind'] })}
          >
            <option value="recall">{tr.t('console-broadcasts-auto-recall')}</option>
            <option value="win_back">{tr.t('console-broadcasts-auto-win-back')}</option>
          </select>
        </label>
        <label>
          {tr.t('console-broadcasts-auto-hour')}
          <input
            type="time"
            required
            value={form.sendAt}
            onChange={(e) => setForm({ ...form, sendAt: e.target.value })}
          />
        </label>
        <label>
          {tr.t('console-broadcasts-auto-period')}
          <input
            type="number"
            min={1}
            max={365}
            required
            value={form.periodDays}
            onChange={(e) => setForm({ ...form, periodDays: Number(e.target.value) })}
          />
        </label>
      </div>
      <p className="muted">
        {tr.t(
          form.kind === 'recall'
            ? 'console-broadcasts-auto-recall-about'
            : 'console-broadcasts-auto-win-back-about',
        )}
      </p>
      <ContentEditor value={form.content} onChange={(content) => setForm({ ...form, content })} />
      <h3>{tr.t('console-broadcasts-audience')}</h3>
      <div className="bc-audience-wrap">
        <AudienceBuilder value={form.audience} onChange={(audience) => setForm({ ...form, audience })} />
        <AudiencePreview filter={form.audience} kind="marketing" />
      </div>
      <ErrorNote error={create.error ?? update.error} />
      <div className="bc-actions">
        <button type="submit" className="primary" disabled={create.isPending || update.isPending}>
          {tr.t('console-save')}
        </button>
        <button type="button" onClick={onDone}>
          {tr.t('console-cancel')}
        </button>
        {automation && <span className="muted">{tr.t('console-broadcasts-auto-edit-stops')}</span>}
      </div>
    </form>
  );
}

function AutomationRow({ automation, onEdit }: { automation: Automation; onEdit(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const isAdmin = useIsAdmin();
  const approve = useMutation(
    trpc.broadcasts.staff.automations.approve.mutationOptions({ onSuccess: refresh }),
  );
  const stop = useMutation(trpc.broadcasts.staff.automations.stop.mutationOptions({ onSuccess: refresh }));
  const status = automation.active
    ? 'console-broadcasts-auto-active'
    : automation.approved
      ? 'console-broadcasts-auto-stopped'
      : 'console-broadcasts-auto-awaiting';
  return (
    <tr data-testid={`automation-${automation.id}`}>
      <td>{automation.title}</td>
      <td>
        {tr.t(
          automation.kind === 'recall'
            ? 'console-broadcasts-auto-recall'
            : 'console-broadcasts-auto-win-back',
        )}
      </td>
      <td>{automation.sendAt}</td>
      <td>{automation.periodDays}</td>
      <td data-testid="status">{tr.t(status)}</td>
      <td>{automation.lastRunOn ?? '—'}</td>
      <td className="actions">
        <button type="button" onClick={onEdit}>
          {tr.t('console-broadcasts-auto-edit')}
        </button>
        {isAdmin && !automation.active && (
          <button
            type="button"
            className="primary"
            disabled={approve.isPending}
            onClick={() => approve.mutate({ automationId: automation.id })}
          >
            {tr.t('console-broadcasts-approve')}
          </button>
        )}
        {automation.active && (
          <ConfirmButton
            label={tr.t('console-broadcasts-auto-stop')}
            confirm={tr.t('console-broadcasts-auto-stop-confirm')}
            disabled={stop.isPending}
            onConfirm={() => stop.mutate({ automationId: automation.id })}
          />
        )}
        <ErrorNote error={approve.error ?? stop.error} />
      </td>
    </tr>
  );
}

function Automations() {
  const tr = useT();
  const trpc = useTRPC();
  const automations = useQuery(trpc.broadcasts.staff.automations.list.queryOptions());
  // 'new', an automation's id, or nothing open.
  const [editing, setEditing] = useState<'new' | number | null>(null);
  const current = automations.data?.find((a) => a.id === editing);
  return (
    <Section
      title={tr.t('console-broadcasts-auto')}
      actions={
        <button type="button" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          {tr.t('console-broadcasts-auto-new')}
        </button>
      }
    >
      {editing === 'new' && <AutomationEditor onDone={() => setEditing(null)} />}
      {current && <AutomationEditor key={current.id} automation={current} onDone={() => setEditing(null)} />}
      {automations.isPending ? (
        <Loading />
      ) : automations.isError ? (
        <ErrorNote error={automations.error} />
      ) : automations.data.length === 0 ? (
        <p className="muted">{tr.t('console-broadcasts-auto-none')}</p>
      ) : (
        <Table
          label={tr.t('console-broadcasts-auto')}
          head={[
            tr.t('console-broadcasts-title'),
            tr.t('console-broadcasts-auto-kind'),
            tr.t('console-broadcasts-auto-hour'),
            tr.t('console-broadcasts-auto-period'),
            tr.t('console-broadcasts-state'),
            tr.t('console-broadcasts-auto-last-run'),
            '',
          ]}
        >
          {automations.data.map((a) => (
            <AutomationRow key={a.id} automation={a} onEdit={() => setEditing(a.id)} />
          ))}
        </Table>
      )}
    </Section>
  );
}

export default function AutomationsPage() {
  const tr = useT();
  return (
    <div className="bc">
      <h1>{tr.t('console-broadcasts-page-automations')}</h1>
      <Automations />
      <Audiences />
    </div>
  );
}
