import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** Broadcasts (admin, marketer): loaded when opened — the composer is the console's largest page. */
const Broadcasts = lazy(() => import('./broadcasts/broadcasts-page.tsx'));

export const page: ConsolePage = {
  path: '/broadcasts',
  title: 'console-broadcasts-page',
  roles: ['admin', 'marketer'],
  procedures: [
    'auth.me',
    'broadcasts.staff.list',
    'broadcasts.staff.get',
    'broadcasts.staff.create',
    'broadcasts.staff.update',
    'broadcasts.staff.preview',
    'broadcasts.staff.testSend',
    'broadcasts.staff.schedule',
    'broadcasts.staff.pause',
    'broadcasts.staff.resume',
    'broadcasts.staff.cancel',
    'broadcasts.staff.stats',
    'broadcasts.staff.audiences.list',
    'broadcasts.staff.audiences.save',
    'clinic.branches.listAll',
    'clinic.categories.listAll',
    'clinic.services.listAll',
  ],
  restricted: [{ roles: ['admin'], procedures: ['broadcasts.staff.approve'] }],
  order: 50,
  Component: Broadcasts,
};
