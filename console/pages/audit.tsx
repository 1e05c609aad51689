import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** The audit log (admin): who read or changed which patient's data, filtered, paged and exported. */
const AuditPage = lazy(() => import('./audit/audit-view.tsx'));

export const page: ConsolePage = {
  path: '/audit',
  title: 'console-audit-title',
  roles: ['admin'],
  procedures: ['audit.entries', 'audit.export', 'staff.list'],
  order: 80,
  Component: AuditPage,
};
