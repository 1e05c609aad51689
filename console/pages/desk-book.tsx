import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** Booking for a caller: find or register the patient, then a free time. */
const BookPage = lazy(() => import('./desk/book-view.tsx'));

export const page: ConsolePage = {
  path: '/desk/book',
  title: 'console-desk-book',
  roles: ['admin', 'registrar'],
  procedures: [
    'clinic.branches.listAll',
    'clinic.doctors.forService',
    'booking.staff.findPatients',
    'patients.staff.register',
    'booking.staff.services',
    'booking.staff.availability',
    'booking.staff.book',
  ],
  order: 11,
  Component: BookPage,
};
