import { skipToken, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useMemo, useState } from 'react';
import type { AppRouter } from '../../server/router.ts';
import { useTRPC } from '../api.ts';
import { useT } from '../i18n.tsx';
import { ErrorNote, Loading } from '../ui.tsx';
import './desk.css';

/**
 * Pieces the registrar's pages share: the branch's own clock (a visit is read in its branch's
 * time zone, whatever the computer's), the branch choice, and the free-slot picker that booking
 * and moving a visit both use.
 */
type Outputs = inferRouterOutputs<AppRouter>;
export type Branch = Outputs['clinic']['branches']['listAll'][number];
export type Visit = Outputs['booking']['staff']['dayBoard'][number];

/** A date (YYYY-MM-DD) as the branch's calendar has it. */
export const dateIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );

/** Hours and minutes on the branch's clock. */
export function useClockOf(timeZone: string | undefined) {
  return useMemo(() => {
    const format = new Intl.DateTimeFormat('ru-RU', {
      timeZone: timeZone ?? 'Asia/Almaty',
      hour: '2-digit',
      minute: '2-digit',
    });
    return (at: Date) => format.format(at);
  }, [timeZone]);
}

/** The clinic's active branches (a registrar works at one of them). */
export function useBranches() {
  const trpc = useTRPC();
  const all = useQuery(trpc.clinic.branches.listAll.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return { ...all, data: all.data?.filter((b) => b.active) };
}

export function BranchSelect({
  branches,
  value,
  onChange,
}: {
  branches: Branch[];
  value: number | null;
  onChange(id: number): void;
}) {
  const tr = useT();
  return (
    <label>
      {tr.t('console-desk-branch')}
      <select
        name="branch"
        value={value ?? ''}
        onChange={(event) => onChange(Number(event.currentTarget.value))}
        required
      >
        {value === null && <option value="">—</option>}
        {branches.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name[tr.language]}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface PickedSlot {
  startsAt: Date;
  doctorId: number;
}

/**
 * A day and its free times at a branch for a service (one doctor's, or any doctor's), as the desk
 * books them: without the patients' minimum notice (booking.staff.availability).
 */
export function SlotPicker({
  branch,
  serviceId,
  doctorId,
  initialDate,
  onPick,
  disabled,
}: {
  branch: Branch;
  serviceId: number;
  doctorId: number | null;
  initialDate?: string;
  onPick(slot: PickedSlot): void;
  disabled?: boolean;
}) {
  const tr = useT();
  const trpc = useTRPC();
  const [date, setDate] = useState(initialDate ?? dateIn(new Date(), branch.timeZone));
  const clock = useClockOf(branch.timeZone);
  const free = useQuery(
    trpc.booking.staff.availability.queryOptions(
      date ? { branchId: branch.id, serviceId, doctorId, from: date, to: date } : skipToken,
    ),
  );
  const slots = free.data?.days[0]?.slots ?? [];
  return (
    <div className="slot-picker">
      <label>
        {tr.t('console-desk-day')}
        <input
          type="date"
          name="day"
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          required
        />
      </label>
      {free.isPending && date ? (
        <Loading />
      ) : free.isError ? (
        <ErrorNote error={free.error} />
      ) : slots.length === 0 ? (
        <p className="muted">{tr.t('console-desk-no-slots')}</p>
      ) : (
        <fieldset className="slots" aria-label={tr.t('console-desk-free-times')}>
          <legend>{tr.t('console-desk-free-times')}</legend>
          {slots.map((slot) => (
            <button
              key={slot.startsAt.toISOString()}
              type="button"
              disabled={disabled}
              onClick={() => onPick({ startsAt: slot.startsAt, doctorId: doctorId ?? slot.doctorIds[0]! })}
            >
              {clock(slot.startsAt)}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}
