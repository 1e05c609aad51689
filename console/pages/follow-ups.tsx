import { lazy } from 'react';
import { LazyPage } from '../components/lazy.tsx';
import type { ConsolePage } from '../registry.ts';

/** NPS follow-ups: each low score waits for a call back and its recorded resolution. */
const View = lazy(() => import('./support/follow-ups-view.tsx'));

function FollowUpsPage() {
  return (
    <LazyPage>
      <View />
    </LazyPage>
  );
}

export const page: ConsolePage = {
  path: '/follow-ups',
  title: 'console-support-page-follow-ups',
  roles: ['admin', 'registrar', 'operator'],
  procedures: ['feedback.followUps', 'feedback.closeFollowUp'],
  order: 32,
  Component: FollowUpsPage,
};
