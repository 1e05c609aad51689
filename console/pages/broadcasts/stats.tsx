import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import type { Broadcast, Numbers } from './common.tsx';

/**
 * A broadcast's numbers in all and per language, as a table (no chart library on main yet).
 * Counts only: the API names nobody here. Asked again every few seconds while it is sending.
 */
const ROWS: [keyof Numbers, string][] = [
  ['targeted', 'console-broadcasts-n-targeted'],
  ['sent', 'console-broadcasts-n-sent'],
  ['failed', 'console-broadcasts-n-failed'],
  ['blocked', 'console-broadcasts-n-blocked'],
  ['skipped', 'console-broadcasts-n-skipped'],
  ['pending', 'console-broadcasts-n-pending'],
  ['tapped', 'console-broadcasts-n-tapped'],
  ['taps', 'console-broadcasts-n-taps'],
  ['booked', 'console-broadcasts-n-booked'],
  ['visits', 'console-broadcasts-n-visits'],
  ['bookedFromButton', 'console-broadcasts-n-from-button'],
];

const live = (state: Broadcast['state']) =>
  state === 'sending' || state === 'paused' || state === 'scheduled';

export function useStats(broadcast: Pick<Broadcast, 'id' | 'state'>) {
  const trpc = useTRPC();
  return useQuery(
    trpc.broadcasts.staff.stats.queryOptions(
      { broadcastId: broadcast.id },
      { refetchInterval: live(broadcast.state) ? 3_000 : false },
    ),
  );
}

export function Stats({ broadcast }: { broadcast: Broadcast }) {
  const tr = useT();
  const stats = useStats(broadcast);
  return (
    <Section title={tr.t('console-broadcasts-stats')}>
      {stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <ErrorNote error={stats.error} />
      ) : (
        <Table
          label={tr.t('console-broadcasts-stats')}
          head={[
            '',
            tr.t('console-broadcasts-total'),
            tr.t('console-language-name-ru'),
            tr.t('console-language-name-kk'),
          ]}
        >
          {ROWS.map(([key, label]) => (
            <tr key={key} data-testid={`stat-${key}`}>
              <th scope="row">{tr.t(label)}</th>
              <td data-testid="total">{stats.data.total[key]}</td>
              <td>{stats.data.ru[key]}</td>
              <td>{stats.data.kk[key]}</td>
            </tr>
          ))}
        </Table>
      )}
      <p className="muted">{tr.t('console-broadcasts-stats-about')}</p>
    </Section>
  );
}
