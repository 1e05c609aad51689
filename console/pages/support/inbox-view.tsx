import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ConfirmButton, ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import '../../care.css';
import './strings.ts';

/**
 * The operator's inbox: tickets by status, a page at a time (the API's cursor), those waiting
 * longest first among the open ones; a ticket's conversation, an answer (it reaches the patient's
 * chat through the delivery queue), taking it or giving it back, closing and reopening.
 */
type Ticket = inferRouterOutputs<AppRouter>['support']['staff']['inbox']['items'][number];
const FILTERS = ['open', 'waiting_patient', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];

function useMe() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return me.data?.kind === 'staff' ? me.data.accountId : null;
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.support.staff.pathKey() });
}

function Assignee({ ticket, me }: { ticket: Ticket; me: number | null }) {
  const tr = useT();
  if (ticket.assigneeId !== null)
    return (
      <>
        {ticket.assigneeId === me
          ? tr.t('console-support-assignee-me')
          : tr.t('console-support-assignee-other')}
      </>
    );
  if (ticket.assigneeMember) return <>{ticket.assigneeMember.name}</>;
  return <span className="muted">—</span>;
}

function Inbox({ openId, onOpen }: { openId: number | null; onOpen(id: number): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const me = useMe();
  const [filter, setFilter] = useState<Filter>('open');
  const inbox = useInfiniteQuery(
    trpc.support.staff.inbox.infiniteQueryOptions(
      { status: filter === 'all' ? undefined : filter, limit: 20 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        // Patients write meanwhile: a list shown again is asked again, and an idle one refreshes.
        staleTime: 0,
        refetchInterval: 30_000,
      },
    ),
  );
  const tickets = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Section title={tr.t('console-support-inbox')}>
      <fieldset className="care-tabs" aria-label={tr.t('console-support-filter')}>
        {FILTERS.map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {tr.t(`console-support-filter-${f}`)}
          </button>
        ))}
      </fieldset>
      {inbox.isPending ? (
        <Loading />
      ) : inbox.isError ? (
        <ErrorNote error={inbox.error} />
      ) : tickets.length === 0 ? (
        <p className="muted">{tr.t('console-support-empty')}</p>
      ) : (
        <Table
          label={tr.t('console-support-inbox')}
          head={[
            '№',
            tr.t('console-support-patient'),
            tr.t('console-support-status'),
            tr.t('console-support-assignee'),
            '',
          ]}
        >
          {tickets.map((ticket) => (
            <tr key={ticket.id} data-testid={`ticket-${ticket.id}`} aria-selected={ticket.id === openId}>
              <td>{ticket.id}</td>
              <td>
                {ticket.patient.name}
                <br />
                <small className="muted">{tr.t(`console-support-kind-${ticket.kind}`)}</small>
              </td>
              <td>
                {tr.t(`console-support-status-${ticket.status}`)}
                {ticket.waitingMinutes !== null && (
                  <>
                    <br />
                    <small className="muted">
                      {tr.t('console-support-waiting', { minutes: ticket.waitingMinutes })}
                    </small>
                  </>
                )}
              </td>
              <td>
                <Assignee ticket={ticket} me={me} />
              </td>
              <td className="actions">
                <button type="button" onClick={() => onOpen(ticket.id)}>
                  {tr.t('console-support-open')}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {inbox.hasNextPage && (
        <button
          type="button"
          className="care-more"
          disabled={inbox.isFetchingNextPage}
          onClick={() => inbox.fetchNextPage()}
        >
          {tr.t('console-support-more')}
        </button>
      )}
    </Section>
  );
}

function Reply({ ticketId }: { ticketId: number }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  // One key per answer being written: a retry of the same answer is still one message to the patient.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const reply = useMutation(
    trpc.support.staff.reply.mutationOptions({
      onSuccess: () => {
        setKey(crypto.randomUUID());
        return refresh();
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const text = String(new FormData(element).get('text') ?? '');
    reply.mutate({ ticketId, text, idempotencyKey: key }, { onSuccess: () => element.reset() });
  };
  return (
    <form className="care-reply" onSubmit={submit} aria-label={tr.t('console-support-reply')}>
      <label>
        {tr.t('console-support-reply-label')}
        <textarea name="text" rows={4} required maxLength={4000} />
      </label>
      <ErrorNote error={reply.error} />
      <button type="submit" className="primary" disabled={reply.isPending}>
        {tr.t('console-support-send')}
      </button>
    </form>
  );
}

function TicketView({ ticketId }: { ticketId: number }) {
  const tr = useT();
  const trpc = useTRPC();
  const me = useMe();
  const refresh = useRefresh();
  const ticket = useQuery(trpc.support.staff.get.queryOptions({ ticketId }));
  const assign = useMutation(trpc.support.staff.assign.mutationOptions({ onSuccess: refresh }));
  const close = useMutation(trpc.support.staff.close.mutationOptions({ onSuccess: refresh }));
  const reopen = useMutation(trpc.support.staff.reopen.mutationOptions({ onSuccess: refresh }));
  if (ticket.isPending) return <Loading />;
  if (ticket.isError) return <ErrorNote error={ticket.error} />;
  const { ticket: t, messages } = ticket.data;
  return (
    <Section title={tr.t('console-support-ticket', { number: t.id, name: t.patient.name })}>
      <p className="muted" data-testid="ticket-status">
        {tr.t(`console-support-status-${t.status}`)} · {tr.t(`console-support-kind-${t.kind}`)} ·{' '}
        {tr.t(`console-language-name-${t.language}`)}
      </p>
      <div className="care-ticket-actions">
        {me !== null && t.assigneeId !== me && (
          <button type="button" onClick={() => assign.mutate({ ticketId, assigneeId: me })}>
            {tr.t('console-support-take')}
          </button>
        )}
        {(t.assigneeId !== null || t.assigneeMember) && (
          <button type="button" onClick={() => assign.mutate({ ticketId, assigneeId: null })}>
            {tr.t('console-support-untake')}
          </button>
        )}
        {t.status === 'closed' ? (
          <button type="button" onClick={() => reopen.mutate({ ticketId })}>
            {tr.t('console-support-reopen')}
          </button>
        ) : (
          <ConfirmButton
            label={tr.t('console-support-close')}
            confirm={tr.t('console-support-close-confirm')}
            disabled={close.isPending}
            onConfirm={() => close.mutate({ ticketId })}
          />
        )}
      </div>
      <ErrorNote error={assign.error ?? close.error ?? reopen.error} />
      <ol className="care-thread" aria-label={tr.t('console-support-messages')}>
        {messages.map((m) => (
          <li key={m.id} className={`care-message from-${m.author}`} data-testid="message">
            <small>
              {m.author === 'patient' ? t.patient.name : (m.authorName ?? tr.t('console-support-clinic'))} ·{' '}
              {tr.dateTime(m.createdAt)}
            </small>
            {m.text ?? ''}
            {m.media && <em> [{tr.t(`console-support-media-${m.media.type}`)}]</em>}
          </li>
        ))}
      </ol>
      {/* A closed conversation is not answered (the API refuses it): reopen it first, on purpose. */}
      {t.status === 'closed' ? (
        <p className="muted" data-testid="closed-no-reply">
          {tr.t('console-support-closed-no-reply')}
        </p>
      ) : (
        <Reply ticketId={ticketId} />
      )}
    </Section>
  );
}

export default function Support() {
  const tr = useT();
  const [openId, setOpenId] = useState<number | null>(null);
  return (
    <>
      <h1>{tr.t('console-support-page-inbox')}</h1>
      <div className="care-split">
        <Inbox openId={openId} onOpen={setOpenId} />
        {openId !== null ? (
          <TicketView key={openId} ticketId={openId} />
        ) : (
          <section className="card muted">{tr.t('console-support-pick')}</section>
        )}
      </div>
    </>
  );
}
