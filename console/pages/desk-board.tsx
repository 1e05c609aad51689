import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** The registrar's day board of a branch: arrivals, no-shows, moves and cancellations, kept current. */
const DayBoardPage = lazy(() => import('./desk/board-view.tsx'));

export const page: ConsolePage = {
  path: '/desk',
  title: 'console-desk-board',
  roles: ['admin', 'registrar'],
  procedures: [
    'clinic.branches.listAll',
    'booking.staff.dayBoard',
    'booking.staff.setStatus',
    'booking.staff.cancel',
    'booking.staff.move',
    'booking.staff.availability',
  ],
  order: 10,
  Component: DayBoardPage,
};
