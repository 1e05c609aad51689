import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../server/router.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/roles.ts';
import { useTRPC } from '../api.ts';
import { useT } from '../i18n.tsx';
import type { ConsolePage } from '../registry.ts';
import { ConfirmButton, ErrorNote, Loading, Section, Table } from '../ui.tsx';

/**
 * The admin's staff page: staff accounts (create, change roles, deactivate) and the service tokens
 * of internal tools and the bot (issue, shown once; revoke). Neither list is paged by the API: a
 * clinic has tens of staff and tokens, not thousands.
 */
type Outputs = inferRouterOutputs<AppRouter>;
type Account = Outputs['staff']['list'][number];
type Token = Outputs['staff']['tokens']['list'][number];

function RoleBoxes({ name, checked }: { name: string; checked?: readonly StaffRole[] }) {
  const tr = useT();
  return (
    <fieldset className="roles">
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
        roles: rolesOf(form, 'roles'),
      },
      { onSuccess: () => element.reset() },
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
      <RoleBoxes name="roles" />
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
  const saveRoles = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({ id: account.id, roles: rolesOf(new FormData(event.currentTarget), 'roles') });
  };
  return (
    <>
      <tr data-testid={`account-${account.username}`} className={account.active ? '' : 'inactive'}>
        <td>{account.username}</td>
        <td>{account.displayName}</td>
        <td data-testid="roles">{account.roles.map((r) => tr.t(`console-role-${r}`)).join(', ')}</td>
        <td>{tr.t(account.active ? 'console-staff-active' : 'console-staff-inactive')}</td>
        <td>{account.lastLoginAt ? tr.dateTime(account.lastLoginAt) : '—'}</td>
        <td className="actions">
          {account.active && (
            <>
              <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
                {tr.t('console-staff-change-roles')}
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
              <form
                className="inline-form"
                onSubmit={saveRoles}
                aria-label={tr.t('console-staff-change-roles')}
              >
                <RoleBoxes name="roles" checked={account.roles} />
                <button type="submit" className="primary" disabled={update.isPending}>
                  {tr.t('console-save')}
                </button>
                <button type="button" onClick={() => setEditing(false)}>
                  {tr.t('console-cancel')}
                </button>
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
  ],
  order: 90,
  Component: Staff,
};
