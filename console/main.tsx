import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { queryClient, TRPCProvider, trpcClient } from './api.ts';
import { I18nProvider } from './i18n.tsx';
import { useSession } from './session.ts';
import { Console } from './shell.tsx';
import { SignIn } from './sign-in.tsx';

/**
 * Routes are real paths under /console (wouter, ~2 KB: hooks, a base path, nothing else to learn);
 * the server answers every /console/* path with this page, so an address can be bookmarked, sent
 * to a colleague or reloaded. Signed out, every path shows the sign-in form and stays where it
 * is, so signing in lands on the page that was asked for.
 */
function App() {
  const current = useSession();
  return current ? <Console /> : <SignIn />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <I18nProvider>
          <Router base="/console">
            <App />
          </Router>
        </I18nProvider>
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
