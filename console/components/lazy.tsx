import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { Loading } from '../ui.tsx';

/**
 * Around the pages (the shell puts it there), whose code is fetched the first time one is opened
 * (each page file's React.lazy), not with the console: each role's pages (the admin's catalog,
 * money and audit; the registrar's desk; the doctor's day; the operator's tickets and FAQ) are that
 * role's to download, not everyone's at sign-in. The boundary keeps the navigation on screen while
 * the chunk arrives.
 */
export function LazyPage({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
