import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterInputs } from '@trpc/server';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import type { AppRouter } from '../../../server/router.ts';
import { fullName } from '../../../shared/person-name.ts';
import { useTRPC } from '../../api.ts';
import {
  type Branch,
  BranchSelect,
  dateIn,
  SlotPicker,
  useBranches,
  useClockOf,
  type Visit,
} from '../../components/desk.tsx';
import { useT } from '../../i18n.tsx';
import { ConfirmButton, ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import './strings.ts';

/**
 * The registrar's day board of a branch: every visit of the day with its patient, doctor, service
 * and status, arrivals and "running late" as patients report them in the bot, and what the desk
 * does next (arrived, completed, no-show, move, cancel with a reason). The API has no change feed,
 * so the board asks again every few seconds while the tab is shown (TanStack Query stops in a
 * hidden tab); the server records each patient it shows once per staff member and hour.
 */
const REFRESH_MS = 5_000;

type CancelReason = inferRouterInputs<AppRouter>['booking']['staff']['cancel']['reason'];
const REASONS = [
  'patient_request',
  'doctor_unavailable',
  'clinic_closed',
  'other',
] as const satisfies readonly CancelReason[];
// Every reason the API takes is offered (a new one fails the type check here).
const allReasons: Exclude<CancelReason, (typeof REASONS)[number]> extends never ? true : never = true;
void allReasons;

function useBoardRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.booking.staff.dayBoard.pathKey() });
}

function CancelForm({ visit, onDone }: { visit: Visit; onDone(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useBoardRefresh();
  const cancel = useMutation(
    trpc.booking.staff.cancel.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
    }),
  );
  return (
    <form
      className="inline-form"
      aria-label={tr.t('console-desk-cancel-visit')}
      onSubmit={(event) => {
        event.preventDefault();
        const reason = new FormData(event.currentTarget).get('reason') as CancelReason;
        cancel.mutate({ appointmentId: visit.id, reason });
      }}
    >
      <label>
        {tr.t('console-desk-cancel-reason')}
        <select name="reason" defaultValue="patient_request">
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {tr.t(`console-desk-reason-${r}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="danger" disabled={cancel.isPending}>
        {tr.t('console-desk-cancel-confirm')}
      </button>
      <button type="button" onClick={onDone}>
        {tr.t('console-cancel')}
      </button>
      <ErrorNote error={cancel.error} />
    </form>
  );
}

function MoveForm({ visit, branch, onDone }: { visit: Visit; branch: Branch; onDone(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useBoardRefresh();
  const move = useMutation(
    trpc.booking.staff.move.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
    }),
  );
  return (
    <fieldset className="inline-form" aria-label={tr.t('console-desk-move-visit')}>
      <SlotPicker
        branch={branch}
        serviceId={visit.service.id}
        doctorId={visit.doctor.id}
        initialDate={dateIn(visit.startsAt, branch.timeZone)}
        disabled={move.isPending}
        onPick={(slot) => move.mutate({ appointmentId: visit.id, ...slot })}
      />
      <button type="button" onClick={onDone}>
        {tr.t('console-cancel')}
      </button>
      <ErrorNote error={move.error} />
    </fieldset>
  );
}

function VisitRow({ visit, branch, now }: { visit: Visit; branch: Branch; now: number }) {
  const tr = useT();
  const trpc = useTRPC();
  const clock = useClockOf(branch.timeZone);
  const refresh = useBoardRefresh();
  const [open, setOpen] = useState<'move' | 'cancel' | null>(null);
  const status = useMutation(trpc.booking.staff.setStatus.mutationOptions({ onSuccess: refresh }));
  const set = (to: 'arrived' | 'completed' | 'no_show') =>
    status.mutate({ appointmentId: visit.id, status: to });
  const ahead = visit.status === 'booked' || visit.status === 'confirmed';
  const here = visit.status === 'arrived' || visit.status === 'in_progress';
  const late = ahead ? visit.runningLate : null;
  const started = visit.startsAt.getTime() <= now;
  return (
    <>
      <tr
        data-testid={`visit-${visit.id}`}
        className={late ? 'visit-late' : ahead || here ? '' : 'visit-over'}
      >
        <td className="visit-time">
          {clock(visit.startsAt)}–{clock(visit.endsAt)}
        </td>
        <td data-testid="patient">{fullName(visit.patient)}</td>
        <td>{visit.doctor.fullName}</td>
        <td>{visit.service.name[tr.language]}</td>
        <td>
          <span className={`status status-${visit.status}`} data-testid="status">
            {tr.t(`console-desk-status-${visit.status}`)}
          </span>
          {late && (
            <span className="late" data-testid="late">
              {tr.t('console-desk-running-late', { minutes: late.minutes })}
            </span>
          )}
        </td>
        <td className="actions">
          {ahead && (
            <>
              <button
                type="button"
                className="primary"
                disabled={status.isPending}
                onClick={() => set('arrived')}
              >
                {tr.t('console-desk-mark-arrived')}
              </button>
              {/* A no-show is told to the patient and cannot be undone: only once the visit began. */}
              {started && (
                <ConfirmButton
                  label={tr.t('console-desk-mark-no-show')}
                  confirm={tr.t('console-desk-mark-no-show-confirm')}
                  disabled={status.isPending}
                  onConfirm={() => set('no_show')}
                />
              )}
              <button
                type="button"
                aria-expanded={open === 'move'}
                onClick={() => setOpen(open === 'move' ? null : 'move')}
              >
                {tr.t('console-desk-move')}
              </button>
            </>
          )}
          {here && (
            <button type="button" disabled={status.isPending} onClick={() => set('completed')}>
              {tr.t('console-desk-mark-completed')}
            </button>
          )}
          {(ahead || visit.status === 'arrived') && (
            <button
              type="button"
              className="danger-quiet"
              aria-expanded={open === 'cancel'}
              onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}
            >
              {tr.t('console-desk-cancel')}
            </button>
          )}
          {visit.status === 'cancelled' && visit.cancelReason && (
            <span className="muted">
              {tr.has(`console-desk-reason-${visit.cancelReason}`)
                ? tr.t(`console-desk-reason-${visit.cancelReason}`)
                : tr.t(`console-desk-cancelled-by-${visit.cancelledBy ?? 'clinic'}`)}
            </span>
          )}
        </td>
      </tr>
      {(open || status.error) && (
        <tr className="row-extra">
          <td colSpan={6}>
            {open === 'cancel' && <CancelForm visit={visit} onDone={() => setOpen(null)} />}
            {open === 'move' && <MoveForm visit={visit} branch={branch} onDone={() => setOpen(null)} />}
            <ErrorNote error={status.error} />
          </td>
        </tr>
      )}
    </>
  );
}

function Board({ branch, date }: { branch: Branch; date: string }) {
  const tr = useT();
  const trpc = useTRPC();
  const board = useQuery(
    trpc.booking.staff.dayBoard.queryOptions(
      { branchId: branch.id, date },
      { refetchInterval: REFRESH_MS, staleTime: 0 },
    ),
  );
  if (board.isPending) return <Loading />;
  if (board.isError) return <ErrorNote error={board.error} />;
  const visits = board.data;
  const count = (test: (v: Visit) => boolean) => visits.filter(test).length;
  const figures = [
    ['console-desk-figure-visits', count((v) => v.status !== 'cancelled')],
    ['console-desk-figure-arrived', count((v) => ['arrived', 'in_progress', 'completed'].includes(v.status))],
    [
      'console-desk-figure-late',
      count((v) => (v.status === 'booked' || v.status === 'confirmed') && v.runningLate !== null),
    ],
    ['console-desk-figure-no-show', count((v) => v.status === 'no_show')],
    ['console-desk-figure-cancelled', count((v) => v.status === 'cancelled')],
  ] as const;
  return (
    <>
      <ul className="desk-figures" aria-label={tr.t('console-desk-figures')}>
        {figures.map(([key, n]) => (
          <li key={key} data-testid={key}>
            {tr.t(key)}
            <strong>{n}</strong>
          </li>
        ))}
      </ul>
      {visits.length === 0 ? (
        <p className="muted">{tr.t('console-desk-no-visits')}</p>
      ) : (
        <Table
          label={tr.t('console-desk-board')}
          head={[
            tr.t('console-desk-time'),
            tr.t('console-desk-patient'),
            tr.t('console-desk-doctor'),
            tr.t('console-desk-service'),
            tr.t('console-desk-status'),
            '',
          ]}
        >
          {visits.map((visit) => (
            <VisitRow key={visit.id} visit={visit} branch={branch} now={board.dataUpdatedAt} />
          ))}
        </Table>
      )}
      <p className="muted" data-testid="updated">
        {tr.t('console-desk-updated', { time: tr.dateTime(new Date(board.dataUpdatedAt)) })}
      </p>
    </>
  );
}

export default function DayBoard() {
  const tr = useT();
  const branches = useBranches();
  // ?branch=&date= open a given day (the booking page links to the day it booked).
  const search = new URLSearchParams(useSearch());
  const [branchId, setBranchId] = useState<number | null>(Number(search.get('branch')) || null);
  const branch = branches.data?.find((b) => b.id === branchId) ?? branches.data?.[0];
  const [date, setDate] = useState<string | null>(search.get('date'));
  const day = date ?? (branch ? dateIn(new Date(), branch.timeZone) : '');
  return (
    <>
      <h1>{tr.t('console-desk-board')}</h1>
      <Section
        title={branch ? `${branch.name[tr.language]} · ${day.split('-').reverse().join('.')}` : ''}
        actions={<Link href="/desk/book">{tr.t('console-desk-book')}</Link>}
      >
        {branches.isPending ? (
          <Loading />
        ) : branches.isError ? (
          <ErrorNote error={branches.error} />
        ) : !branch ? (
          <p className="muted">{tr.t('console-desk-no-branches')}</p>
        ) : (
          <>
            <div className="desk-filters">
              <BranchSelect branches={branches.data!} value={branch.id} onChange={setBranchId} />
              <label>
                {tr.t('console-desk-day')}
                <input
                  type="date"
                  name="date"
                  value={day}
                  required
                  onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
                />
              </label>
              <button type="button" onClick={() => setDate(dateIn(new Date(), branch.timeZone))}>
                {tr.t('console-desk-today')}
              </button>
            </div>
            <Board branch={branch} date={day} />
          </>
        )}
      </Section>
    </>
  );
}
