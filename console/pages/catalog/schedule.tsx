import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ConfirmButton, ErrorNote, Loading, Table } from '../../ui.tsx';
import { WEEKDAYS } from './branches.tsx';
import { textOf } from './fields.tsx';

type Outputs = inferRouterOutputs<AppRouter>['clinic'];
type Doctor = Outputs['doctors']['listAll'][number];
type Branch = Outputs['branches']['listAll'][number];
type Interval = Outputs['schedules']['get']['weekly'][number];
type ExceptionKind = inferRouterInputs<AppRouter>['clinic']['schedules']['addException']['kind'];

const KINDS: readonly ExceptionKind[] = ['day_off', 'hours', 'break'];

function useRefreshSchedule() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.clinic.schedules.pathKey() });
}

/** The doctor's week at one branch, edited as rows and saved whole (the API replaces the week). */
function Week({ doctorId, branchId, weekly }: { doctorId: number; branchId: number; weekly: Interval[] }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefreshSchedule();
  const [rows, setRows] = useState(() =>
    weekly.filter((i) => i.branchId === branchId).map((i, n) => ({ ...i, key: n })),
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.clinic.schedules.setWeekly.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        return refresh();
      },
    }),
  );
  const change = (key: number, patch: Partial<Interval>) => {
    setSaved(false);
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate({
      doctorId,
      branchId,
      intervals: rows.map(({ weekday, start, end }) => ({ weekday, start, end })),
    });
  };
  return (
    <form onSubmit={submit} aria-label={tr.t('console-catalog-week')}>
      <h3>{tr.t('console-catalog-week')}</h3>
      {rows.length === 0 && <p className="muted">{tr.t('console-catalog-week-empty')}</p>}
      {rows.map((r) => (
        <div key={r.key} className="schedule-row" data-testid="interval">
          <select
            aria-label={tr.t('console-catalog-weekday')}
            value={r.weekday}
            onChange={(e) => change(r.key, { weekday: Number(e.target.value) })}
          >
            {WEEKDAYS.map((d) => (
              <option key={d} value={d}>
                {tr.t(`console-catalog-weekday-${d}`)}
              </option>
            ))}
          </select>
          <input
            type="time"
            required
            aria-label={tr.t('console-catalog-from')}
            value={r.start}
            onChange={(e) => change(r.key, { start: e.target.value })}
          />
          <input
            type="time"
            required
            aria-label={tr.t('console-catalog-to')}
            value={r.end}
            onChange={(e) => change(r.key, { end: e.target.value })}
          />
          <button type="button" onClick={() => setRows(rows.filter((x) => x.key !== r.key))}>
            {tr.t('console-catalog-remove')}
          </button>
        </div>
      ))}
      <div className="buttons">
        <button
          type="button"
          onClick={() =>
            setRows([
              ...rows,
              {
                branchId,
                weekday: 1,
                start: '09:00',
                end: '18:00',
                key: Math.max(0, ...rows.map((x) => x.key)) + 1,
              },
            ])
          }
        >
          {tr.t('console-catalog-add-interval')}
        </button>
        <button type="submit" className="primary" disabled={save.isPending}>
          {tr.t('console-save')}
        </button>
        {saved && (
          <span className="muted" role="status">
            {tr.t('console-catalog-saved')}
          </span>
        )}
      </div>
      <ErrorNote error={save.error} />
    </form>
  );
}

/** Days off, changed hours and breaks on a date: listed, added, removed. */
function Exceptions({
  doctorId,
  exceptions,
  branches,
}: {
  doctorId: number;
  exceptions: Outputs['schedules']['get']['exceptions'];
  branches: Branch[];
}) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefreshSchedule();
  const [kind, setKind] = useState<ExceptionKind>('day_off');
  const add = useMutation(trpc.clinic.schedules.addException.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.clinic.schedules.removeException.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const branch = textOf(form, 'branchId');
    add.mutate(
      {
        doctorId,
        date: textOf(form, 'date'),
        kind,
        branchId: branch ? Number(branch) : null,
        ...(kind === 'day_off' ? {} : { start: textOf(form, 'start'), end: textOf(form, 'end') }),
        note: textOf(form, 'note') || null,
      },
      { onSuccess: () => element.reset() },
    );
  };
  const branchName = (id: number | null) =>
    id === null
      ? tr.t('console-catalog-all-branches')
      : (branches.find((b) => b.id === id)?.name[tr.language] ?? id);
  return (
    <>
      <h3>{tr.t('console-catalog-exceptions')}</h3>
      {exceptions.length > 0 && (
        <Table
          label={tr.t('console-catalog-exceptions')}
          head={[
            tr.t('console-catalog-date'),
            tr.t('console-catalog-exception-kind'),
            tr.t('console-catalog-hours'),
            tr.t('console-catalog-branch'),
            tr.t('console-catalog-note'),
            '',
          ]}
        >
          {exceptions.map((e) => (
            <tr key={e.id} data-testid="exception">
              <td className="nowrap">{e.date.split('-').reverse().join('.')}</td>
              <td>{tr.t(`console-catalog-kind-${e.kind}`)}</td>
              <td className="nowrap">{e.start ? `${e.start}–${e.end}` : '—'}</td>
              <td>{branchName(e.branchId)}</td>
              <td>{e.note ?? ''}</td>
              <td className="actions">
                <ConfirmButton
                  label={tr.t('console-catalog-remove')}
                  confirm={tr.t('console-catalog-remove-confirm')}
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate({ id: e.id })}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <ErrorNote error={remove.error} />
      <form className="edit-grid" onSubmit={submit} aria-label={tr.t('console-catalog-add-exception')}>
        <label>
          {tr.t('console-catalog-date')}
          <input name="date" type="date" required />
        </label>
        <label>
          {tr.t('console-catalog-exception-kind')}
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ExceptionKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {tr.t(`console-catalog-kind-${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'day_off' && (
          <>
            <label>
              {tr.t('console-catalog-from')}
              <input name="start" type="time" required />
            </label>
            <label>
              {tr.t('console-catalog-to')}
              <input name="end" type="time" required />
            </label>
          </>
        )}
        <label>
          {tr.t('console-catalog-branch')}
          <select name="branchId" defaultValue="">
            <option value="">{tr.t('console-catalog-all-branches')}</option>
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name[tr.language]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tr.t('console-catalog-note')}
          <input name="note" maxLength={500} />
        </label>
        <ErrorNote error={add.error} />
        <div className="buttons wide">
          <button type="submit" className="primary" disabled={add.isPending}>
            {tr.t('console-catalog-add-exception')}
          </button>
        </div>
      </form>
    </>
  );
}

/** A doctor's schedule: the week at each of their branches, and the dated exceptions from today on. */
export function Schedule({ doctor, branches }: { doctor: Doctor; branches: Branch[] }) {
  const tr = useT();
  const trpc = useTRPC();
  const theirs = branches.filter((b) => doctor.branchIds.includes(b.id));
  const [branchId, setBranchId] = useState(theirs[0]?.id ?? 0);
  const [from] = useState(() => new Date().toLocaleDateString('sv'));
  const schedule = useQuery(trpc.clinic.schedules.get.queryOptions({ doctorId: doctor.id, from }));
  if (schedule.isPending) return <Loading />;
  if (schedule.isError) return <ErrorNote error={schedule.error} />;
  return (
    <div className="detail" data-testid={`schedule-${doctor.id}`}>
      <label>
        {tr.t('console-catalog-branch')}
        <select value={branchId} onChange={(e) => setBranchId(Number(e.target.value))}>
          {theirs.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name[tr.language]}
            </option>
          ))}
        </select>
      </label>
      <Week
        key={`${branchId}-${schedule.dataUpdatedAt}`}
        doctorId={doctor.id}
        branchId={branchId}
        weekly={schedule.data.weekly}
      />
      <Exceptions doctorId={doctor.id} exceptions={schedule.data.exceptions} branches={theirs} />
    </div>
  );
}
