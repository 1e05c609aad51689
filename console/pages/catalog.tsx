import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** The catalog (admin): branches, categories, services and prices, doctors, their weeks and days off. */
const CatalogPage = lazy(() => import('./catalog/catalog-view.tsx'));

export const page: ConsolePage = {
  path: '/catalog',
  title: 'console-catalog-title',
  roles: ['admin'],
  procedures: [
    'clinic.branches.listAll',
    'clinic.branches.create',
    'clinic.branches.update',
    'clinic.categories.listAll',
    'clinic.categories.create',
    'clinic.categories.update',
    'clinic.services.listAll',
    'clinic.services.create',
    'clinic.services.update',
    'clinic.doctors.listAll',
    'clinic.doctors.create',
    'clinic.doctors.update',
    'clinic.schedules.get',
    'clinic.schedules.setWeekly',
    'clinic.schedules.addException',
    'clinic.schedules.removeException',
  ],
  order: 60,
  Component: CatalogPage,
};
