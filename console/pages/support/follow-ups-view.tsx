import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { fullName } from '../../../shared/person-name.ts';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import '../../care.css';
import './strings.ts';
import { groupKazakhPhone } from '../../../shared/phone-format.ts';

/**
 * NPS follow-ups: each low score opens one; an operator calls the patient back and records what
 * was done (the resolution), which closes it. Newest first, a page at a time (the API's cursor).
 * The phone is shown: calling back is the job (operators and the desk only, never marketers).
 */
type FollowUp = inferRouterOutputs<AppRouter>['feedback']['followUps']['items'][number];
const FILTERS = ['open', 'closed', 'all'] as const;

function Resolve({ item, onDone }: { item: FollowUp; onDone(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const close = useMutation(
    trpc.feedback.closeFollowUp.mutationOptions({
      onSuccess: () => {
        onDone();
        return queryClient.invalidateQueries({ queryKey: trpc.feedback.followUps.pathKey() });
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    close.mutate({ id: item.id, resolution: String(new FormData(event.currentTarget).get('resolution')) });
  };
  return (
    <form className="care-reply" onSubmit={submit} aria-label={tr.t('console-support-fu-resolve')}>
      <label>
        {tr.t('console-support-fu-resolution')}
        <textarea name="resolution" rows={3} required maxLength={2000} />
      </label>
      <ErrorNote error={close.error} />
      <button type="submit" className="primary" disabled={close.isPending}>
        {tr.t('console-support-fu-close')}
      </button>
    </form>
  );
}

function Row({ item }: { item: FollowUp }) {
  const tr = useT();
  const [open, setOpen] = useState(false);
  const name = item.patient ? fullName(item.patient) : '—';
  return (
    <>
      <tr data-testid={`follow-up-${item.id}`} className={item.status === 'closed' ? 'inactive' : ''}>
        <td>{tr.dateTime(item.openedAt)}</td>
        <td>
          <strong>{item.score}</strong>
        </td>
        <td>{item.comment ?? <span className="muted">—</span>}</td>
        <td>
          {name}
          {item.patient?.phone && (
            <>
              <br />
              <a href={`tel:${item.patient.phone}`}>
                {groupKazakhPhone(item.patient.phone) ?? item.patient.phone}
              </a>
            </>
          )}
        </td>
        <td data-testid="status">
          {item.status === 'closed' ? (
            <>
              {tr.t('console-support-fu-closed')}
              <br />
              <small>{item.resolution}</small>
            </>
          ) : (
            tr.t('console-support-fu-open')
          )}
        </td>
        <td className="actions">
          {item.status === 'open' && (
            <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
              {tr.t('console-support-fu-resolve')}
            </button>
          )}
        </td>
      </tr>
      {open && item.status === 'open' && (
        <tr className="row-extra">
          <td colSpan={6}>
            <Resolve item={item} onDone={() => setOpen(false)} />
          </td>
        </tr>
      )}
    </>
  );
}

export default function FollowUps() {
  const tr = useT();
  const trpc = useTRPC();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('open');
  const list = useInfiniteQuery(
    trpc.feedback.followUps.infiniteQueryOptions(
      { status: filter === 'all' ? undefined : filter, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1>{tr.t('console-support-page-follow-ups')}</h1>
      <Section title={tr.t('console-support-fu-list')}>
        <p className="muted">{tr.t('console-support-fu-about')}</p>
        <fieldset className="care-tabs" aria-label={tr.t('console-support-filter')}>
          {FILTERS.map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {tr.t(`console-support-fu-filter-${f}`)}
            </button>
          ))}
        </fieldset>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorNote error={list.error} />
        ) : items.length === 0 ? (
          <p className="muted">{tr.t('console-support-fu-empty')}</p>
        ) : (
          <Table
            label={tr.t('console-support-fu-list')}
            head={[
              tr.t('console-support-fu-opened'),
              tr.t('console-support-fu-score'),
              tr.t('console-support-fu-comment'),
              tr.t('console-support-patient'),
              tr.t('console-support-status'),
              '',
            ]}
          >
            {items.map((item) => (
              <Row key={item.id} item={item} />
            ))}
          </Table>
        )}
        {list.hasNextPage && (
          <button
            type="button"
            className="care-more"
            disabled={list.isFetchingNextPage}
            onClick={() => list.fetchNextPage()}
          >
            {tr.t('console-support-more')}
          </button>
        )}
      </Section>
    </>
  );
}
