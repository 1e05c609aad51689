import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useTRPC } from './api.ts';
import { LazyPage } from './components/lazy.tsx';
import { LANGUAGES, useI18n, useT } from './i18n.tsx';
import { type ConsolePage, pagesFor } from './registry.ts';
import { session, useSession } from './session.ts';
import { ErrorNote, Loading } from './ui.tsx';

export function LanguageSwitch() {
  const { tr, setLanguage } = useI18n();
  return (
    <fieldset className="language" aria-label={tr.t('console-language')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          aria-pressed={tr.language === language}
          onClick={() => setLanguage(language)}
        >
          {tr.t(`console-language-${language}`)}
        </button>
      ))}
    </fieldset>
  );
}

/** Ends the session when its token runs out, rather than at the next refused call. */
function useExpiry() {
  const current = useSession();
  useEffect(() => {
    if (!current) return;
    const left = new Date(current.expiresAt).getTime() - Date.now();
    const timer = setTimeout(() => session.end('expired'), Math.max(0, Math.min(left, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [current]);
}

function Navigation({ pages }: { pages: ConsolePage[] }) {
  const tr = useT();
  const [location] = useLocation();
  return (
    <nav className="nav" aria-label={tr.t('console-navigation')}>
      {pages.map((page) => (
        <Link key={page.path} href={page.path} aria-current={location === page.path ? 'page' : undefined}>
          {tr.t(page.title)}
        </Link>
      ))}
    </nav>
  );
}

/**
 * Signing out ends the token on the server too (auth.logout), so a copy of it left anywhere opens
 * nothing; the browser forgets it whatever the answer (an unreachable server must not keep
 * someone signed in at a shared computer).
 */
function SignOut() {
  const tr = useT();
  const trpc = useTRPC();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({ onSettled: () => session.end('signed-out') }),
  );
  return (
    <button type="button" disabled={logout.isPending} onClick={() => logout.mutate()}>
      {tr.t('console-sign-out')}
    </button>
  );
}

function Layout({ pages, who, children }: { pages: ConsolePage[]; who: string; children: ReactNode }) {
  return (
    <div className="layout">
      <header className="top">
        <span className="brand">Emhana</span>
        <Navigation pages={pages} />
        <div className="me">
          <span className="who" data-testid="who">
            {who}
          </span>
          <LanguageSwitch />
          <SignOut />
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

function NotFound() {
  const tr = useT();
  return (
    <section className="card">
      <h1>{tr.t('console-not-found')}</h1>
      <Link href="/">{tr.t('console-to-start')}</Link>
    </section>
  );
}

/**
 * The signed-in console: who this is (auth.me, asked again every minute so a revoked token is
 * noticed on an idle screen too) decides the pages; a path to a page the roles may not see is
 * "not found", as if it did not exist.
 */
export function Console() {
  const trpc = useTRPC();
  useExpiry();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { refetchInterval: 60_000 }));
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorNote error={me.error} />;
  const visible = pagesFor(me.data.roles);
  return (
    <Layout pages={visible} who={me.data.displayName}>
      <LazyPage>
        <Switch>
          {visible.map((page) => (
            <Route key={page.path} path={page.path} component={page.Component} />
          ))}
          <Route component={NotFound} />
        </Switch>
      </LazyPage>
    </Layout>
  );
}
