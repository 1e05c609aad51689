import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** The doctor's own day: visits of a date, a patient's documents, a new one issued. */
const MyDayPage = lazy(() => import('./doctor/my-day-view.tsx'));

export const page: ConsolePage = {
  path: '/my-day',
  title: 'console-doctor-page',
  roles: ['doctor'],
  procedures: ['booking.staff.myDay', 'documents.staff.list', 'documents.staff.issue'],
  order: 10,
  Component: MyDayPage,
};
