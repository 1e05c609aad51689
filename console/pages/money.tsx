import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** Money (admin): invoices by day, state and patient; one invoice with its payments; refunds. */
const MoneyPage = lazy(() => import('./money/money-view.tsx'));

export const page: ConsolePage = {
  path: '/money',
  title: 'console-money-title',
  roles: ['admin'],
  procedures: [
    'payments.staff.invoices',
    'payments.staff.invoice',
    'payments.staff.payments',
    'payments.staff.refunds',
    'payments.staff.refund',
  ],
  order: 70,
  Component: MoneyPage,
};
