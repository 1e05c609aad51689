import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** Saved audiences and the daily automations (admin, marketer): loaded when opened. */
const Automations = lazy(() => import('./broadcasts/automations-page.tsx'));

export const page: ConsolePage = {
  path: '/automations',
  title: 'console-broadcasts-page-automations',
  roles: ['admin', 'marketer'],
  procedures: [
    'auth.me',
    'broadcasts.staff.preview',
    'broadcasts.staff.audiences.list',
    'broadcasts.staff.audiences.save',
    'broadcasts.staff.audiences.delete',
    'broadcasts.staff.automations.list',
    'broadcasts.staff.automations.create',
    'broadcasts.staff.automations.update',
    'broadcasts.staff.automations.stop',
    'clinic.branches.listAll',
    'clinic.categories.listAll',
    'clinic.services.listAll',
  ],
  restricted: [{ roles: ['admin'], procedures: ['broadcasts.staff.automations.approve'] }],
  order: 51,
  Component: Automations,
};
