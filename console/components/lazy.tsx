import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { Loading } from '../ui.tsx';

/**
 * Around a page whose code is fetched the first time it is opened (React.lazy), not with the
 * console: the catalog, money and audit pages are an admin's, and nobody else should download
 * them. The boundary keeps the navigation on screen while the chunk arrives.
 */
export function LazyPage({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
