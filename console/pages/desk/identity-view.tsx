import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { fullName } from '../../../shared/person-name.ts';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section } from '../../ui.tsx';
import '../../components/desk.css';
import './strings.ts';

/**
 * The identity verification queue: people who asked in the bot to be confirmed at the desk. The
 * registrar looks at their ID card, compares it with what they typed (and with the clinic's record
 * of that IIN, if there is one), asks for the reference the bot showed them, and approves or
 * rejects; the bot tells the person at once. Paged with the API's cursor, oldest waiting first.
 */
type Check = inferRouterOutputs<AppRouter>['patients']['staff']['identityChecks']['items'][number];
const STATUSES = ['pending', 'approved', 'rejected'] as const;
const PAGE = 20;

function CheckCard({ check }: { check: Check }) {
  const tr = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const decide = useMutation(
    trpc.patients.staff.decideIdentity.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.patients.staff.identityChecks.pathKey() }),
    }),
  );
  const typed = check.typed;
  // Once approved the typed answers are gone (the draft became the record): the record names them.
  const name = fullName(typed) || check.record?.name || '—';
  const date = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '—');
  return (
    <article className="desk-check" data-testid={`check-${check.id}`} aria-label={name}>
      <header className="card-head">
        <h3>{name}</h3>
        <span className="muted">{tr.dateTime(check.requestedAt)}</span>
      </header>
      <dl>
        <dt>{tr.t('console-desk-birth-date')}</dt>
        <dd>{date(typed.birthDate)}</dd>
        <dt>{tr.t('console-desk-iin')}</dt>
        <dd>{typed.iinMasked ?? '—'}</dd>
        <dt>{tr.t('console-desk-phone')}</dt>
        <dd>{typed.phone ?? '—'}</dd>
        <dt>{tr.t('console-desk-record')}</dt>
        <dd data-testid="record">
          {check.record
            ? tr.t('console-desk-record-known', {
                name: check.record.name,
                birthDate: date(check.record.birthDate),
                phone: check.record.phoneMasked ?? '—',
              })
            : tr.t('console-desk-record-new')}
        </dd>
      </dl>
      {check.otherPendingForIin > 0 && (
        <p className="note note-warn">
          {tr.t('console-desk-others-waiting', { count: check.otherPendingForIin })}
        </p>
      )}
      {check.status === 'pending' ? (
        <form
          className="inline-form"
          aria-label={tr.t('console-desk-decide')}
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const approve = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'approve';
            decide.mutate({
              id: check.id,
              approve,
              reference: String(form.get('reference') ?? '') || null,
              reason: String(form.get('reason') ?? '') || null,
            });
          }}
        >
          <label>
            {tr.t('console-desk-reference')}
            <input name="reference" inputMode="numeric" maxLength={20} autoComplete="off" />
          </label>
          <label>
            {tr.t('console-desk-reject-reason')}
            <input name="reason" maxLength={300} autoComplete="off" />
          </label>
          <button
            type="submit"
            name="decision"
            value="approve"
            className="primary"
            disabled={decide.isPending}
          >
            {tr.t('console-desk-approve')}
          </button>
          <button
            type="submit"
            name="decision"
            value="reject"
            className="danger-quiet"
            disabled={decide.isPending}
          >
            {tr.t('console-desk-reject')}
          </button>
          <ErrorNote error={decide.error} />
        </form>
      ) : (
        <p className="muted" data-testid="decided">
          {tr.t(`console-desk-check-${check.status}`)}
        </p>
      )}
    </article>
  );
}

function Queue({ status }: { status: (typeof STATUSES)[number] }) {
  const tr = useT();
  const trpc = useTRPC();
  const checks = useInfiniteQuery(
    trpc.patients.staff.identityChecks.infiniteQueryOptions(
      { status, limit: PAGE },
      {
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        // Someone may be standing at the desk: a new request shows up without a click.
        refetchInterval: status === 'pending' ? 15_000 : false,
      },
    ),
  );
  if (checks.isPending) return <Loading />;
  if (checks.isError) return <ErrorNote error={checks.error} />;
  const items = checks.data.pages.flatMap((p) => p.items);
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">{tr.t(`console-desk-queue-empty-${status}`)}</p>
      ) : (
        items.map((check) => <CheckCard key={check.id} check={check} />)
      )}
      {checks.hasNextPage && (
        <button type="button" disabled={checks.isFetchingNextPage} onClick={() => checks.fetchNextPage()}>
          {tr.t('console-desk-more')}
        </button>
      )}
    </>
  );
}

export default function IdentityQueue() {
  const tr = useT();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('pending');
  return (
    <>
      <h1>{tr.t('console-desk-identity')}</h1>
      <Section title={tr.t(`console-desk-queue-${status}`)}>
        <p className="muted">{tr.t('console-desk-identity-about')}</p>
        <div className="desk-tabs">
          {STATUSES.map((s) => (
            <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
              {tr.t(`console-desk-queue-${s}`)}
            </button>
          ))}
        </div>
        <Queue key={status} status={status} />
      </Section>
    </>
  );
}
