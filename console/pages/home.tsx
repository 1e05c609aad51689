import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { STAFF_ROLES } from '../../shared/roles.ts';
import { useTRPC } from '../api.ts';
import { useT } from '../i18n.tsx';
import { type ConsolePage, pagesFor } from '../registry.ts';

/** The start page: who is signed in, with which roles, and the pages those roles open. */
function Home() {
  const tr = useT();
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const caller = me.data;
  if (!caller || (caller.kind !== 'staff' && caller.kind !== 'service')) return null;
  const others = pagesFor(caller.roles).filter((p) => p.path !== '/');
  return (
    <section className="card">
      <h1>{tr.t('console-home-hello', { name: caller.displayName })}</h1>
      <p>
        {tr.t('console-home-roles')}{' '}
        <span data-testid="my-roles">{caller.roles.map((r) => tr.t(`console-role-${r}`)).join(', ')}</span>
      </p>
      {others.length ? (
        <ul className="links">
          {others.map((p) => (
            <li key={p.path}>
              <Link href={p.path}>{tr.t(p.title)}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{tr.t('console-home-nothing-yet')}</p>
      )}
    </section>
  );
}

export const page: ConsolePage = {
  path: '/',
  title: 'console-page-home',
  roles: STAFF_ROLES,
  procedures: ['auth.me'],
  order: 0,
  Component: Home,
};
