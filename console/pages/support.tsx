import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** The operator's ticket inbox: a ticket's conversation, answer, take, close, reopen. */
const SupportPage = lazy(() => import('./support/inbox-view.tsx'));

export const page: ConsolePage = {
  path: '/support',
  title: 'console-support-page-inbox',
  roles: ['admin', 'operator', 'registrar'],
  procedures: [
    'auth.me',
    'support.staff.inbox',
    'support.staff.get',
    'support.staff.reply',
    'support.staff.assign',
    'support.staff.close',
    'support.staff.reopen',
  ],
  order: 30,
  Component: SupportPage,
};
