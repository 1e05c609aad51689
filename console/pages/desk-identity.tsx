import { lazy } from 'react';
import { LazyPage } from '../components/lazy.tsx';
import type { ConsolePage } from '../registry.ts';

/** The identity verification queue: people waiting to be confirmed at the desk. */
const View = lazy(() => import('./desk/identity-view.tsx'));

function IdentityPage() {
  return (
    <LazyPage>
      <View />
    </LazyPage>
  );
}

export const page: ConsolePage = {
  path: '/desk/identity',
  title: 'console-desk-identity',
  roles: ['admin', 'registrar'],
  procedures: ['patients.staff.identityChecks', 'patients.staff.decideIdentity'],
  order: 12,
  Component: IdentityPage,
};
