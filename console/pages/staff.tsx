import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import type { AppRouter } from '../../server/router.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/roles.ts';
import { useTRPC } from '../api.ts';
import { useT } from '../i18n.tsx';
import type { ConsolePage } from '../registry.ts';
import { ConfirmButton, ErrorNote, Loading, Section, Table } from '../ui.tsx';
import './staff.css';

/**
 * The admin's staff page: staff accounts (create, change roles and links, deactivate) and the
 * service tokens of internal tools and the bot (issue, shown once; revoke). Neither list is paged
 * by the API: a clinic has tens of staff and tokens, not thousands.
 */
type Outputs = inferRouterOutputs<AppRouter>;
type Account = Outputs['staff']['list'][number];
type Token = Outputs['staff']['tokens']['list'][number];

function RoleBoxes({
  name,
  checked,
  onDoctor,
}: {
  name: string;
  checked?: readonly StaffRole[];
  onDoctor(ticked: boolean): void;
}) {
  const tr = useT();
  const changed = (event: ChangeEvent<HTMLFieldSetElement>) => {
    const box = event.target as unknown as HTMLInputElement;
    if (box.value === 'doctor') onDoctor(box.checked);
  };
  return (
    <fieldset className="roles" onChange={changed}>
      <legend>{tr.t('console-staff-roles')}</legend>
      {STAFF_ROLES.map((role) => (
        <label key={role} className="check">
          <input type="checkbox" name={name} value={role} defaultChecked={checked?.includes(role)} />
          {tr.t(`console-role-${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

const rolesOf = (form: FormData, name: string) => form.getAll(name).map(String) as StaffRole[];

function useDoctors() {
  const trpc = useTRPC();
  return useQuery(trpc.clinic.doctors.listAll.queryOptions(undefined, { staleTime: 300_000 }));
}

/**
 * What a form says of an account: its roles, the clinic doctor it is (only with the doctor role:
 * "My day" shows that doctor's visits, so a role without it is left unlinked) and the staff
 * member's own Telegram id (a broadcast's test send goes there). Empty fields unlink.
 */
function accountOf(form: FormData) {
  const roles = rolesOf(form, 'roles');
  const doctorId = roles.includes('doctor') ? Number(form.get('doctorId') || 0) : 0;
  const telegramUserId = Number(form.get('telegramUserId') || 0);
  return { roles, doctorId: doctorId || null, telegramUserId: telegramUserId || null };
}

/** Roles and links, in both the new-account form and an account's edit form. */
function AccountFields({ account }: { account?: Account }) {
  const tr = useT();
  const doctors = useDoctors();
  const [doctor, setDoctor] = useState(account?.roles.includes('doctor') ?? false);
  const doctorHint = useId();
  const telegramHint = useId();
  // Working doctors by name; one no longer working stays listed while an account is linked to them.
  const choices = (doctors.data ?? [])
    .filter((d) => d.active || d.id === account?.doctorId)
    .sort((a, b) => a.fullName.localeCompare(b.fullName, tr.language));
  return (
    <>
      <RoleBoxes name="roles" checked={account?.roles} onDoctor={setDoctor} />
      {doctor &&
        (doctors.isPending ? (
          <Loading />
        ) : doctors.isError ? (
          <ErrorNote error={doctors.error} />
        ) : (
          <div className="hinted">
            <label>
              {tr.t('console-staff-doctor')}
              <select name="doctorId" defaultValue={account?.doctorId ?? ''} aria-describedby={doctorHint}>
                <option value="">{tr.t('console-staff-doctor-none')}</option>
                {choices.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.active ? d.fullName : tr.t('console-staff-doctor-inactive', { name: d.fullName })}
                  </option>
                ))}
              </select>
            </label>
            <small id={doctorHint} className="muted">
              {tr.t('console-staff-doctor-hint')}
            </small>
          </div>
        ))}
      <div className="hinted">
        <label>
          {tr.t('console-staff-telegram')}
          <input
            name="telegramUserId"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            defaultValue={account?.telegramUserId ?? ''}
            autoComplete="off"
            aria-describedby={telegramHint}
          />
        </label>
        <small id={telegramHint} className="muted">
          {tr.t('console-staff-telegram-hint')}
        </small>
      </div>
    </>
  );
}

/** An account's links as the list shows them: the doctor by name, the Telegram id. */
function Links({ account }: { account: Account }) {
  const tr = useT();
  const doctors = useDoctors();
  const doctor = doctors.data?.find((d) => d.id === account.doctorId);
  return (
    <>
      {account.doctorId !== null && (
        <small className="muted link-line">
          {doctor
            ? tr.t('console-staff-linked-doctor', { name: doctor.fullName })
            : tr.t('console-staff-linked-doctor-id', { id: String(account.doctorId) })}
        </small>
      )}
      {account.telegramUserId !== null && (
        <small className="muted link-line">
          {tr.t('console-staff-linked-telegram', { id: String(account.telegramUserId) })}
        </small>
      )}
    </>
  );
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.staff.pathKey() });
}

function CreateAccount() {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [done, setDone] = useState<string | null>(null);
  // A new round of fields after each account added (the doctor choice hides with its role).
  const [round, setRound] = useState(0);
  const create = useMutation(
    trpc.staff.create.mutationOptions({
      onSuccess: (account) => {
        setDone(account.username);
        return refresh();
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    setDone(null);
    create.mutate(
      {
        username: String(form.get('username')),
        displayName: String(form.get('displayName')),
        password: String(form.get('password')),
        ...accountOf(form),
      },
      {
        onSuccess: () => {
          element.reset();
          setRound((n) => n + 1);
        },
      },
    );
  };
  return (
    <form className="form-grid" onSubmit={submit} aria-label={tr.t('console-staff-create')}>
      <label>
        {tr.t('console-field-username')}
        <input name="username" required pattern="[A-Za-z0-9._\-]{3,64}" autoComplete="off" />
      </label>
      <label>
        {tr.t('console-field-displayName')}
        <input name="displayName" required maxLength={200} autoComplete="off" />
      </label>
      <label>
        {tr.t('console-field-password')}
        <input
          name="password"
          type="password"
          required
          minLength={10}
          maxLength={200}
          autoComplete="new-password"
        />
      </label>
      <AccountFields key={round} />
      <ErrorNote error={create.error} />
      {done && (
        <p className="note note-ok" role="status">
          {tr.t('console-staff-created', { username: done })}
        </p>
      )}
      <button type="submit" className="primary" disabled={create.isPending}>
        {tr.t('console-staff-create')}
      </button>
    </form>
  );
}

function AccountRow({ account }: { account: Account }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [editing, setEditing] = useState(false);
  const update = useMutation(
    trpc.staff.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        return refresh();
      },
    }),
  );
  const deactivate = useMutation(trpc.staff.deactivate.mutationOptions({ onSuccess: refresh }));
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate({ id: account.id, displayName: String(form.get('displayName')), ...accountOf(form) });
  };
  return (
    <>
      <tr data-testid={`account-${account.username}`} className={account.active ? '' : 'inactive'}>
        <td>{account.username}</td>
        <td data-testid="name">
          {account.displayName}
          <Links account={account} />
        </td>
        <td data-testid="roles">{account.roles.map((r) => tr.t(`console-role-${r}`)).join(', ')}</td>
        <td>{tr.t(account.active ? 'console-staff-active' : 'console-staff-inactive')}</td>
        <td>{account.lastLoginAt ? tr.dateTime(account.lastLoginAt) : '—'}</td>
        <td className="actions">
          {account.active && (
            <>
              <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
                {tr.t('console-staff-edit')}
              </button>
              <ConfirmButton
                label={tr.t('console-staff-deactivate')}
                confirm={tr.t('console-staff-deactivate-confirm')}
                disabled={deactivate.isPending}
                onConfirm={() => deactivate.mutate({ id: account.id })}
              />
            </>
          )}
        </td>
      </tr>
      {(editing || deactivate.error) && (
        <tr className="row-extra">
          <td colSpan={6}>
            {editing && (
              <form className="form-grid" onSubmit={save} aria-label={tr.t('console-staff-edit-title')}>
                {/* The first admin starts as "Administrator": the name is changed here. */}
                <label>
                  {tr.t('console-field-displayName')}
                  <input
                    name="displayName"
                    required
                    maxLength={200}
                    defaultValue={account.displayName}
                    autoComplete="off"
                  />
                </label>
                <AccountFields account={account} />
                <div className="staff-buttons">
                  <button type="submit" className="primary" disabled={update.isPending}>
                    {tr.t('console-save')}
                  </button>
                  <button type="button" onClick={() => setEditing(false)}>
                    {tr.t('console-cancel')}
                  </button>
                </div>
              </form>
            )}
            <ErrorNote error={update.error ?? deactivate.error} />
          </td>
        </tr>
      )}
    </>
  );
}

function Accounts() {
  const tr = useT();
  const trpc = useTRPC();
  const accounts = useQuery(trpc.staff.list.queryOptions());
  return (
    <Section title={tr.t('console-staff-accounts')}>
      {accounts.isPending ? (
        <Loading />
      ) : accounts.isError ? (
        <ErrorNote error={accounts.error} />
      ) : (
        <Table
          label={tr.t('console-staff-accounts')}
          head={[
            tr.t('console-field-username'),
            tr.t('console-field-displayName'),
            tr.t('console-staff-roles'),
            tr.t('console-staff-status'),
            tr.t('console-staff-last-login'),
            '',
          ]}
        >
          {accounts.data.map((account) => (
            <AccountRow key={account.id} account={account} />
          ))}
        </Table>
      )}
      <h3>{tr.t('console-staff-create')}</h3>
      <CreateAccount />
    </Section>
  );
}

function IssueToken() {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const issue = useMutation(trpc.staff.tokens.create.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    issue.mutate(
      {
        name: String(form.get('name')),
        role: String(form.get('role')) as StaffRole | 'bot',
        days: Number(form.get('days')),
      },
      { onSuccess: () => element.reset() },
    );
  };
  return (
    <>
      {issue.data && (
        <div className="note note-ok issued" role="status">
          <p>{tr.t('console-tokens-issued', { name: issue.data.info.name })}</p>
          <textarea
            readOnly
            rows={3}
            value={issue.data.token}
            data-testid="issued-token"
            aria-label={issue.data.info.name}
          />
          <button type="button" onClick={() => issue.reset()}>
            {tr.t('console-tokens-issued-done')}
          </button>
        </div>
      )}
      <form className="form-grid" onSubmit={submit} aria-label={tr.t('console-tokens-issue')}>
        <label>
          {tr.t('console-field-name')}
          <input name="name" required pattern="[A-Za-z0-9._\-]{1,64}" autoComplete="off" />
        </label>
        <label>
          {tr.t('console-tokens-role')}
          <select name="role" defaultValue="registrar">
            {[...STAFF_ROLES, 'bot' as const].map((role) => (
              <option key={role} value={role}>
                {tr.t(`console-role-${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tr.t('console-field-days')}
          <input name="days" type="number" min={1} max={3650} defaultValue={365} required />
        </label>
        <ErrorNote error={issue.error} />
        <button type="submit" className="primary" disabled={issue.isPending}>
          {tr.t('console-tokens-issue')}
        </button>
      </form>
    </>
  );
}

function TokenRow({ token, now }: { token: Token; now: number }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const revoke = useMutation(trpc.staff.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  const status = token.revokedAt
    ? 'console-tokens-revoked'
    : token.expiresAt.getTime() <= now
      ? 'console-tokens-expired'
      : 'console-tokens-valid';
  return (
    <tr data-testid={`token-${token.name}`} className={status === 'console-tokens-valid' ? '' : 'inactive'}>
      <td>{token.name}</td>
      <td>
        {token.kind === 'bot'
          ? tr.t('console-role-bot')
          : token.roles.map((r) => tr.t(`console-role-${r}`)).join(', ')}
      </td>
      <td>{token.createdBy}</td>
      <td>{tr.dateTime(token.createdAt)}</td>
      <td>{tr.dateTime(token.expiresAt)}</td>
      <td data-testid="status">{tr.t(status)}</td>
      <td className="actions">
        {status === 'console-tokens-valid' && (
          <ConfirmButton
            label={tr.t('console-tokens-revoke')}
            confirm={tr.t('console-tokens-revoke-confirm')}
            disabled={revoke.isPending}
            onConfirm={() => revoke.mutate({ id: token.id })}
          />
        )}
        <ErrorNote error={revoke.error} />
      </td>
    </tr>
  );
}

function Tokens() {
  const tr = useT();
  const trpc = useTRPC();
  const tokens = useQuery(trpc.staff.tokens.list.queryOptions());
  const now = tokens.dataUpdatedAt;
  return (
    <Section title={tr.t('console-tokens')}>
      <p className="muted">{tr.t('console-tokens-about')}</p>
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorNote error={tokens.error} />
      ) : tokens.data.length === 0 ? (
        <p data-testid="no-tokens">{tr.t('console-tokens-none')}</p>
      ) : (
        <Table
          label={tr.t('console-tokens')}
          head={[
            tr.t('console-field-name'),
            tr.t('console-tokens-role'),
            tr.t('console-tokens-created-by'),
            tr.t('console-tokens-created'),
            tr.t('console-tokens-expires'),
            tr.t('console-staff-status'),
            '',
          ]}
        >
          {tokens.data.map((token) => (
            <TokenRow key={token.id} token={token} now={now} />
          ))}
        </Table>
      )}
      <h3>{tr.t('console-tokens-issue')}</h3>
      <IssueToken />
    </Section>
  );
}

function Staff() {
  const tr = useT();
  return (
    <>
      <h1>{tr.t('console-page-staff')}</h1>
      <Accounts />
      <Tokens />
    </>
  );
}

export const page: ConsolePage = {
  path: '/staff',
  title: 'console-page-staff',
  roles: ['admin'],
  procedures: [
    'staff.list',
    'staff.create',
    'staff.update',
    'staff.deactivate',
    'staff.tokens.list',
    'staff.tokens.create',
    'staff.tokens.revoke',
    'clinic.doctors.listAll',
  ],
  order: 90,
  Component: Staff,
};
