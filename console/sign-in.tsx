import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTRPC } from './api.ts';
import { useT } from './i18n.tsx';
import { session } from './session.ts';
import { LanguageSwitch } from './shell.tsx';
import { ErrorNote } from './ui.tsx';

/** Staff sign-in with the username and password of a staff account (auth.login). */
export function SignIn() {
  const tr = useT();
  const trpc = useTRPC();
  const [ended] = useState(session.endReason);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: ({ token, expiresAt }) => session.start({ token, expiresAt: expiresAt.toISOString() }),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate({ username: String(form.get('username')), password: String(form.get('password')) });
  };
  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} aria-label={tr.t('console-sign-in-title')}>
        <div className="sign-in-top">
          <h1>{tr.t('console-sign-in-title')}</h1>
          <LanguageSwitch />
        </div>
        {ended === 'expired' && !login.isError && (
          <p className="note note-warn" role="status">
            {tr.t('console-session-expired')}
          </p>
        )}
        <label>
          {tr.t('console-username')}
          <input name="username" autoComplete="username" required maxLength={64} />
        </label>
        <label>
          {tr.t('console-password')}
          <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
        </label>
        <ErrorNote error={login.error} />
        <button type="submit" className="primary" disabled={login.isPending}>
          {tr.t('console-sign-in')}
        </button>
      </form>
    </main>
  );
}
