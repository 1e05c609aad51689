import { lazy } from 'react';
import type { ConsolePage } from '../registry.ts';

/** NPS follow-ups: each low score waits for a call back and its recorded resolution. */
const FollowUpsPage = lazy(() => import('./support/follow-ups-view.tsx'));

export const page: ConsolePage = {
  path: '/follow-ups',
  title: 'console-support-page-follow-ups',
  roles: ['admin', 'registrar', 'operator'],
  procedures: ['feedback.followUps', 'feedback.closeFollowUp'],
  order: 32,
  Component: FollowUpsPage,
};
