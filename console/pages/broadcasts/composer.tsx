import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ConfirmButton, ErrorNote, Section } from '../../ui.tsx';
import { AudienceBuilder, AudiencePreview } from './audience.tsx';
import {
  type Broadcast,
  type Content,
  type Filter,
  KIND_KEYS,
  type Kind,
  localInput,
  STATE_KEYS,
  useIsAdmin,
} from './common.tsx';
import { ContentEditor } from './content.tsx';

/**
 * One broadcast from draft to sent: the message and its audience (editable while it is a draft or
 * scheduled — an edit takes the approval back), then the steps the API asks for in order: a test
 * to one's own Telegram chat, an admin's approval (the button only an admin sees), a time. While
 * it goes: pause, resume, cancel.
 */
function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.broadcasts.pathKey() });
}

/** Start from a saved audience, or keep this one under a name for next time. */
function SavedAudiences({ filter, onPick }: { filter: Filter; onPick(filter: Filter): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const audiences = useQuery(trpc.broadcasts.staff.audiences.list.queryOptions());
  const save = useMutation(trpc.broadcasts.staff.audiences.save.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState('');
  return (
    <div className="bc-row bc-saved">
      <label>
        {tr.t('console-broadcasts-audience-from-saved')}
        <select
          value=""
          onChange={(e) => {
            const saved = audiences.data?.find((a) => a.id === Number(e.target.value));
            if (saved) onPick(saved.filter);
          }}
        >
          <option value="">—</option>
          {audiences.data?.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr.t('console-broadcasts-audience-save-as')}
        <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <button
        type="button"
        disabled={!name.trim() || save.isPending}
        onClick={() => save.mutate({ name, filter }, { onSuccess: () => setName('') })}
      >
        {tr.t('console-broadcasts-audience-save')}
      </button>
      {save.isSuccess && (
        <span className="note note-ok" role="status">
          {tr.t('console-broadcasts-audience-saved', { name: save.data.name })}
        </span>
      )}
      <ErrorNote error={save.error ?? audiences.error} />
    </div>
  );
}

interface Form {
  kind: Kind;
  audience: Filter;
  content: Content;
}

const formOf = (b?: Broadcast): Form =>
  b
    ? {
        kind: b.kind,
        audience: b.audience,
        content: { title: b.title, text: b.text, photo: b.photo, buttons: b.buttons },
      }
    : { kind: 'marketing', audience: {}, content: { title: '', text: {}, photo: null, buttons: [] } };

/** What is saved, as the API takes it. */
const payload = (form: Form) => ({
  title: form.content.title,
  audience: form.audience,
  text: form.content.text,
  photo: form.content.photo,
  buttons: form.content.buttons,
});

function Steps({ broadcast, dirty }: { broadcast: Broadcast; dirty: boolean }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const isAdmin = useIsAdmin();
  const opts = { onSuccess: refresh };
  const test = useMutation(trpc.broadcasts.staff.testSend.mutationOptions(opts));
  const approve = useMutation(trpc.broadcasts.staff.approve.mutationOptions(opts));
  const schedule = useMutation(trpc.broadcasts.staff.schedule.mutationOptions(opts));
  const pause = useMutation(trpc.broadcasts.staff.pause.mutationOptions(opts));
  const resume = useMutation(trpc.broadcasts.staff.resume.mutationOptions(opts));
  const cancel = useMutation(trpc.broadcasts.staff.cancel.mutationOptions(opts));
  const [sendAt, setSendAt] = useState(() => localInput(new Date(Date.now() + 3_600_000)));
  const id = { broadcastId: broadcast.id };
  const editable = broadcast.state === 'draft' || broadcast.state === 'scheduled';
  const error = test.error ?? approve.error ?? schedule.error ?? pause.error ?? resume.error ?? cancel.error;
  return (
    <Section title={tr.t('console-broadcasts-steps')}>
      <dl className="bc-facts">
        <dt>{tr.t('console-broadcasts-state')}</dt>
        <dd data-testid="broadcast-state">{tr.t(STATE_KEYS[broadcast.state])}</dd>
        <dt>{tr.t('console-broadcasts-kind')}</dt>
        <dd>{tr.t(KIND_KEYS[broadcast.kind])}</dd>
        <dt>{tr.t('console-broadcasts-version')}</dt>
        <dd>{broadcast.version}</dd>
        <dt>{tr.t('console-broadcasts-tested')}</dt>
        <dd data-testid="tested">
          {tr.t(broadcast.tested ? 'console-broadcasts-yes' : 'console-broadcasts-no')}
        </dd>
        <dt>{tr.t('console-broadcasts-approved')}</dt>
        <dd data-testid="approved">
          {tr.t(broadcast.approved ? 'console-broadcasts-yes' : 'console-broadcasts-no')}
        </dd>
        {broadcast.sendAt && (
          <>
            <dt>{tr.t('console-broadcasts-send-at')}</dt>
            <dd data-testid="send-at">{tr.dateTime(broadcast.sendAt)}</dd>
          </>
        )}
      </dl>
      {dirty && editable && <p className="note note-warn">{tr.t('console-broadcasts-save-first')}</p>}
      {editable && (
        <div className="bc-actions">
          <button type="button" disabled={dirty || test.isPending} onClick={() => test.mutate(id)}>
            {tr.t('console-broadcasts-test')}
          </button>
          {isAdmin && broadcast.state === 'draft' && !broadcast.approved && (
            <button
              type="button"
              className="primary"
              disabled={dirty || !broadcast.tested || approve.isPending}
              onClick={() => approve.mutate(id)}
            >
              {tr.t('console-broadcasts-approve')}
            </button>
          )}
        </div>
      )}
      {test.isSuccess && (
        <p className="note note-ok" role="status">
          {tr.t('console-broadcasts-test-sent')}
        </p>
      )}
      {editable && !broadcast.approved && (
        <p className="muted">
          {tr.t(broadcast.tested ? 'console-broadcasts-awaiting-approval' : 'console-broadcasts-test-first')}
        </p>
      )}
      {editable && broadcast.approved && (
        <div className="bc-actions">
          <label>
            {tr.t('console-broadcasts-send-at')}
            <input
              type="datetime-local"
              name="sendAt"
              value={sendAt}
              onChange={(e) => setSendAt(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="primary"
            disabled={dirty || !sendAt || schedule.isPending}
            onClick={() => schedule.mutate({ ...id, sendAt: new Date(sendAt) })}
          >
            {tr.t('console-broadcasts-schedule')}
          </button>
          <button
            type="button"
            disabled={dirty || schedule.isPending}
            onClick={() => schedule.mutate({ ...id, sendAt: null })}
          >
            {tr.t('console-broadcasts-send-now')}
          </button>
        </div>
      )}
      <div className="bc-actions">
        {broadcast.state === 'sending' && (
          <button type="button" disabled={pause.isPending} onClick={() => pause.mutate(id)}>
            {tr.t('console-broadcasts-pause')}
          </button>
        )}
        {broadcast.state === 'paused' && (
          <button type="button" disabled={resume.isPending} onClick={() => resume.mutate(id)}>
            {tr.t('console-broadcasts-resume')}
          </button>
        )}
        {broadcast.state !== 'done' && broadcast.state !== 'cancelled' && (
          <ConfirmButton
            label={tr.t('console-broadcasts-cancel')}
            confirm={tr.t('console-broadcasts-cancel-confirm')}
            disabled={cancel.isPending}
            onConfirm={() => cancel.mutate(id)}
          />
        )}
      </div>
      <ErrorNote error={error} />
    </Section>
  );
}

export function Composer({ broadcast }: { broadcast?: Broadcast }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [, navigate] = useLocation();
  const [saved] = useState(() => formOf(broadcast));
  const [form, setForm] = useState(saved);
  const create = useMutation(
    trpc.broadcasts.staff.create.mutationOptions({
      onSuccess: (b) => {
        navigate(`/broadcasts?id=${b.id}`);
        return refresh();
      },
    }),
  );
  const update = useMutation(trpc.broadcasts.staff.update.mutationOptions({ onSuccess: refresh }));
  const editable = !broadcast || broadcast.state === 'draft' || broadcast.state === 'scheduled';
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  const save = () =>
    broadcast
      ? update.mutate({ broadcastId: broadcast.id, ...payload(form) })
      : create.mutate({ kind: form.kind, ...payload(form) });
  return (
    <>
      {broadcast && <Steps broadcast={broadcast} dirty={dirty} />}
      <Section title={tr.t('console-broadcasts-message')}>
        {!broadcast && (
          <label className="bc-kind">
            {tr.t('console-broadcasts-kind')}
            <select
              name="kind"
              value={form.kind}
              onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}
            >
              <option value="marketing">{tr.t('console-broadcasts-kind-marketing')}</option>
              <option value="service">{tr.t('console-broadcasts-kind-service')}</option>
            </select>
          </label>
        )}
        <p className="muted">
          {tr.t(
            form.kind === 'marketing'
              ? 'console-broadcasts-kind-marketing-about'
              : 'console-broadcasts-kind-service-about',
          )}
        </p>
        <ContentEditor
          value={form.content}
          onChange={(content) => setForm({ ...form, content })}
          disabled={!editable}
        />
      </Section>
      <Section title={tr.t('console-broadcasts-audience')}>
        <div className="bc-audience-wrap">
          <div>
            {editable && (
              <SavedAudiences filter={form.audience} onPick={(audience) => setForm({ ...form, audience })} />
            )}
            <AudienceBuilder
              value={form.audience}
              kind={form.kind}
              disabled={!editable}
              onChange={(audience) => setForm({ ...form, audience })}
            />
          </div>
          <AudiencePreview filter={form.audience} kind={form.kind} />
        </div>
      </Section>
      {editable && (
        <div className="bc-actions bc-save">
          <button
            type="button"
            className="primary"
            disabled={
              (!!broadcast && !dirty) || !form.content.title.trim() || create.isPending || update.isPending
            }
            onClick={save}
          >
            {tr.t(broadcast ? 'console-broadcasts-save' : 'console-broadcasts-save-draft')}
          </button>
          {broadcast?.approved && dirty && (
            <span className="muted">{tr.t('console-broadcasts-edit-unapproves')}</span>
          )}
          <ErrorNote error={create.error ?? update.error} />
        </div>
      )}
    </>
  );
}
