import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** The identity verification queue: people waiting to be confirmed at the desk. */
const IdentityPage = lazy(() => import('./desk/identity-view.tsx'));

export const page: ConsolePage = {
  path: '/desk/identity',
  title: 'console-desk-identity',
  roles: ['admin', 'registrar'],
  procedures: ['patients.staff.identityChecks', 'patients.staff.decideIdentity'],
  order: 12,
  Component: IdentityPage,
};
