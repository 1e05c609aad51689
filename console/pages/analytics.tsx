import { Component, lazy, type ReactNode, Suspense } from 'react';
import type { ConsolePage } from '../registry.ts';
import { ErrorNote, Loading } from '../ui.tsx';
import { ANALYTICS_COMMON_PROCEDURES, ANALYTICS_ROLES } from './analytics/sections.ts';

/**
 * The clinic's numbers with charts. The page itself (and Chart.js with it) is its own chunk, loaded
 * when someone opens it: the console's first load does not carry the charts.
 */
const Analytics = lazy(() => import('./analytics/view.tsx'));

/** A chunk that cannot be loaded (a tab older than the last deploy, a dropped connection). */
class ChunkFailed extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? <ErrorNote error={this.state.error} /> : this.props.children;
  }
}

function AnalyticsPage() {
  return (
    <ChunkFailed>
      <Suspense fallback={<Loading />}>
        <Analytics />
      </Suspense>
    </ChunkFailed>
  );
}

export const page: ConsolePage = {
  path: '/analytics',
  title: 'console-analytics-title',
  roles: ANALYTICS_ROLES,
  procedures: ANALYTICS_COMMON_PROCEDURES,
  order: 70,
  Component: AnalyticsPage,
};
