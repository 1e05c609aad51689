import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import { type Broadcast, KIND_KEYS, STATE_KEYS } from './common.tsx';
import { useStats } from './stats.tsx';

/** Sent of targeted, readers who tapped, readers who booked: for one that has started. */
function KeyNumbers({ broadcast }: { broadcast: Broadcast }) {
  const tr = useT();
  const stats = useStats(broadcast);
  if (!stats.data) return <>{broadcast.targeted ?? '—'}</>;
  const n = stats.data.total;
  return (
    <>
      {tr.t('console-broadcasts-key-numbers', {
        sent: n.sent,
        targeted: n.targeted,
        tapped: n.tapped,
        booked: n.booked,
      })}
    </>
  );
}

function Row({ broadcast }: { broadcast: Broadcast }) {
  const tr = useT();
  const when = broadcast.startedAt ?? broadcast.sendAt;
  return (
    <tr data-testid={`broadcast-${broadcast.id}`}>
      <td>
        <Link href={`/broadcasts?id=${broadcast.id}`}>{broadcast.title}</Link>
      </td>
      <td>{tr.t(KIND_KEYS[broadcast.kind])}</td>
      <td data-testid="state">{tr.t(STATE_KEYS[broadcast.state])}</td>
      <td>{when ? tr.dateTime(when) : '—'}</td>
      <td data-testid="numbers">{broadcast.startedAt ? <KeyNumbers broadcast={broadcast} /> : '—'}</td>
    </tr>
  );
}

/** Newest first, twenty at a time (the API's cursor). */
export function BroadcastList() {
  const tr = useT();
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.broadcasts.staff.list.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Section
      title={tr.t('console-broadcasts-list')}
      actions={
        <Link href="/broadcasts?new=1" className="bc-new">
          {tr.t('console-broadcasts-new')}
        </Link>
      }
    >
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNote error={list.error} />
      ) : items.length === 0 ? (
        <p className="muted">{tr.t('console-broadcasts-none')}</p>
      ) : (
        <Table
          label={tr.t('console-broadcasts-list')}
          head={[
            tr.t('console-broadcasts-title'),
            tr.t('console-broadcasts-kind'),
            tr.t('console-broadcasts-state'),
            tr.t('console-broadcasts-when'),
            tr.t('console-broadcasts-numbers'),
          ]}
        >
          {items.map((b) => (
            <Row key={b.id} broadcast={b} />
          ))}
        </Table>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {tr.t('console-broadcasts-more')}
        </button>
      )}
    </Section>
  );
}
