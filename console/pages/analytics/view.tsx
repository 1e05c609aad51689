import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import kkStrings from '../../../locales/kk/console-analytics.lazy.ftl?raw';
import ruStrings from '../../../locales/ru/console-analytics.lazy.ftl?raw';
import type { StaffRole } from '../../../shared/roles.ts';
import { useTRPC } from '../../api.ts';
import { addStrings, useT } from '../../i18n.tsx';
import { ErrorNote } from '../../ui.tsx';
import './analytics.css';
import { addDays, type Interval, todayInClinic } from './periods.ts';
import { type Filter, SECTION_VIEWS } from './section-views.tsx';
import { sectionsFor } from './sections.ts';

// The page's words come with it, not with the console's first load.
addStrings({ ru: ruStrings, kk: kkStrings });

/**
 * The analytics page: one filter (period, bar width, branch, doctor) for every section the staff
 * member's roles may read. Each section asks the API for its own figures, so a slow one does not
 * hold up the others and a section a role may not read is never asked for.
 */
export default function AnalyticsView() {
  const tr = useT();
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [filter, setFilter] = useState<Filter>(() => {
    const today = todayInClinic();
    return { from: addDays(today, -29), to: today, interval: 'day' };
  });
  const roles: StaffRole[] =
    me.data && (me.data.kind === 'staff' || me.data.kind === 'service') ? me.data.roles : [];
  const sections = sectionsFor(roles);
  const valid = filter.from !== '' && filter.to !== '' && filter.from <= filter.to;
  return (
    <div className="analytics">
      <h1>{tr.t('console-analytics-title')}</h1>
      <Filters filter={filter} onChange={setFilter} />
      {!valid && (
        <p className="note note-warn" role="status">
          {tr.t('console-analytics-period-invalid')}
        </p>
      )}
      {valid &&
        sections.map((key) => {
          const View = SECTION_VIEWS[key];
          return <View key={key} filter={filter} />;
        })}
    </div>
  );
}

function Filters({ filter, onChange }: { filter: Filter; onChange(filter: Filter): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const branches = useQuery(trpc.clinic.branches.list.queryOptions());
  const doctors = useQuery(trpc.clinic.doctors.listAll.queryOptions());
  const set = (change: Partial<Filter>) => onChange({ ...filter, ...change });
  const optionalId = (value: string) => (value === '' ? undefined : Number(value));
  // With a branch chosen, its doctors only (a doctor of another branch would show nothing).
  const shownDoctors = (doctors.data ?? []).filter(
    (d) => filter.branchId === undefined || d.branchIds.includes(filter.branchId),
  );
  return (
    <form
      className="card analytics-filters"
      aria-label={tr.t('console-analytics-filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      <label>
        {tr.t('console-analytics-from')}
        <input
          type="date"
          name="from"
          value={filter.from}
          max={filter.to}
          required
          onChange={(e) => set({ from: e.target.value })}
        />
      </label>
      <label>
        {tr.t('console-analytics-to')}
        <input
          type="date"
          name="to"
          value={filter.to}
          min={filter.from}
          required
          onChange={(e) => set({ to: e.target.value })}
        />
      </label>
      <label>
        {tr.t('console-analytics-interval')}
        <select
          name="interval"
          value={filter.interval}
          onChange={(e) => set({ interval: e.target.value as Interval })}
        >
          {(['day', 'week', 'month'] as const).map((i) => (
            <option key={i} value={i}>
              {tr.t(`console-analytics-interval-${i}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr.t('console-analytics-branch')}
        <select
          name="branch"
          value={filter.branchId ?? ''}
          onChange={(e) => set({ branchId: optionalId(e.target.value), doctorId: undefined })}
        >
          <option value="">{tr.t('console-analytics-all-branches')}</option>
          {(branches.data ?? []).map((b) => (
            <option key={b.id} value={b.id}>
              {b.name[tr.language]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr.t('console-analytics-doctor')}
        <select
          name="doctor"
          value={filter.doctorId ?? ''}
          onChange={(e) => set({ doctorId: optionalId(e.target.value) })}
        >
          <option value="">{tr.t('console-analytics-all-doctors')}</option>
          {shownDoctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.fullName}
            </option>
          ))}
        </select>
      </label>
      <ErrorNote error={branches.error ?? doctors.error} />
    </form>
  );
}
