import './strings.ts';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from 'wouter';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading } from '../../ui.tsx';
import './broadcasts.css';
import { Composer } from './composer.tsx';
import { BroadcastList } from './list.tsx';
import { Stats } from './stats.tsx';

/**
 * The broadcasts page: the list; `?new=1` a new draft; `?id=N` one broadcast (its message, its
 * audience, its steps, its numbers). Query parameters keep one page in the navigation while an
 * address still opens the very broadcast a colleague sent.
 */
function One({ id }: { id: number }) {
  const trpc = useTRPC();
  const broadcast = useQuery(
    trpc.broadcasts.staff.get.queryOptions(
      { broadcastId: id },
      {
        refetchInterval: (q) =>
          q.state.data?.state === 'sending' || q.state.data?.state === 'scheduled' ? 3_000 : false,
      },
    ),
  );
  if (broadcast.isPending) return <Loading />;
  if (broadcast.isError) return <ErrorNote error={broadcast.error} />;
  const b = broadcast.data;
  return (
    <>
      <h2 className="bc-title">{b.title}</h2>
      {b.startedAt && <Stats broadcast={b} />}
      <Composer key={`${b.id}:${b.version}`} broadcast={b} />
    </>
  );
}

export default function BroadcastsPage() {
  const tr = useT();
  const params = new URLSearchParams(useSearch());
  const id = Number(params.get('id'));
  return (
    <div className="bc">
      <h1>
        {params.has('id') || params.has('new') ? (
          <Link href="/broadcasts">{tr.t('console-broadcasts-page')}</Link>
        ) : (
          tr.t('console-broadcasts-page')
        )}
      </h1>
      {Number.isInteger(id) && id > 0 ? (
        <One id={id} />
      ) : params.has('new') ? (
        <Composer />
      ) : (
        <BroadcastList />
      )}
    </div>
  );
}
