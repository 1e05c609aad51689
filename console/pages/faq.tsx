import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** The FAQ the bot answers from, edited in both languages. */
const FaqPage = lazy(() => import('./support/faq-view.tsx'));

export const page: ConsolePage = {
  path: '/faq',
  title: 'console-support-page-faq',
  roles: ['admin', 'operator'],
  procedures: [
    'support.staff.faq.categories',
    'support.staff.faq.entries',
    'support.staff.faq.createCategory',
    'support.staff.faq.updateCategory',
    'support.staff.faq.createEntry',
    'support.staff.faq.updateEntry',
    'support.staff.faq.removeEntry',
  ],
  order: 34,
  Component: FaqPage,
};
