import { lazy } from 'react';
import { LazyPage } from '../components/lazy.tsx';
import type { ConsolePage } from '../registry.ts';

/** The registrar's day board of a branch: arrivals, no-shows, moves and cancellations, kept current. */
const View = lazy(() => import('./desk/board-view.tsx'));

function DayBoardPage() {
  return (
    <LazyPage>
      <View />
    </LazyPage>
  );
}

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
