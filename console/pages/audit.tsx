import { lazy } from 'react';
import { LazyPage } from '../components/lazy.tsx';
import type { ConsolePage } from '../registry.ts';

/** The audit log (admin): who read or changed which patient's data, filtered, paged and exported. */
const View = lazy(() => import('./audit/audit-view.tsx'));

function AuditPage() {
  return (
    <LazyPage>
      <View />
    </LazyPage>
  );
}

export const page: ConsolePage = {
  path: '/audit',
  title: 'console-audit-title',
  roles: ['admin'],
  procedures: ['audit.entries', 'audit.export', 'staff.list'],
  order: 80,
  Component: AuditPage,
};
