import { keepPreviousData, type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type ComponentType, type ReactNode, useMemo, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { formatTiyn } from '../../../shared/money.ts';
import { useTRPC } from '../../api.ts';
import { Chart } from '../../components/chart.tsx';
import { DIGITS_LOCALE, useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import { bars, everyBar, type Interval } from './periods.ts';
import type { SectionKey } from './sections.ts';

/** One section per figure of analytics.staff.*, each asking for its own. */
type Figures = inferRouterOutputs<AppRouter>['analytics']['staff'];

export interface Filter {
  from: string;
  to: string;
  interval: Interval;
  branchId?: number;
  doctorId?: number;
}

/** Numbers as this language writes them: digit groups, percentages, tenge with ₸. */
function useFormats() {
  const tr = useT();
  return useMemo(() => {
    const whole = new Intl.NumberFormat(DIGITS_LOCALE, { maximumFractionDigits: 0 });
    const percent = new Intl.NumberFormat(DIGITS_LOCALE, { style: 'percent', maximumFractionDigits: 1 });
    return {
      count: (v: number) => whole.format(v),
      percent: (v: number) => percent.format(v),
      rate: (v: number | null) => (v === null ? '—' : percent.format(v)),
      tenge: (tiyn: number) => formatTiyn(tiyn, tr.language),
      nps: (v: number) => (v > 0 ? `+${whole.format(v)}` : whole.format(v)),
    };
  }, [tr.language]);
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="figure" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A section's frame: its heading, and its figures once they came (or why they did not). */
function Frame<T>({
  title,
  query,
  actions,
  children,
  testId,
}: {
  title: string;
  query: UseQueryResult<T, unknown>;
  actions?: ReactNode;
  children(data: T): ReactNode;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <Section title={title} actions={actions}>
        {query.isPending ? (
          <Loading />
        ) : query.isError ? (
          <ErrorNote error={query.error} />
        ) : (
          children(query.data)
        )}
      </Section>
    </div>
  );
}

const periodHeading = (tr: ReturnType<typeof useT>, interval: Interval) =>
  tr.t(`console-analytics-bar-${interval}`);

function Funnels({ filter }: { filter: Filter }) {
  const tr = useT();
  const f = useFormats();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.analytics.staff.funnels.queryOptions(filter, { placeholderData: keepPreviousData }),
  );
  return (
    <Frame title={tr.t('console-analytics-funnels')} query={query} testId="section-funnels">
      {(data) => (
        <>
          <p className="muted">{tr.t('console-analytics-funnels-about')}</p>
          <div className="chart-pair">
            {(['registration', 'booking'] as const).map((funnel) => {
              const steps: Figures['funnels'][typeof funnel] = data[funnel];
              return (
                <Chart
                  key={funnel}
                  testId={`funnel-${funnel}`}
                  kind="bar"
                  stacked
                  title={tr.t(`console-analytics-funnel-${funnel}`)}
                  labelHeading={tr.t('console-analytics-step')}
                  labels={steps.map((s) => tr.t(`console-analytics-step-${funnel}-${s.step}`))}
                  series={[
                    { label: tr.t('console-analytics-reached'), values: steps.map((s) => s.count) },
                    { label: tr.t('console-analytics-dropped'), values: steps.map((s) => s.dropOff) },
                  ]}
                  format={f.count}
                  extraColumns={[
                    {
                      label: tr.t('console-analytics-drop-off-rate'),
                      values: steps.map((s) => f.rate(s.dropOffRate)),
                    },
                    {
                      label: tr.t('console-analytics-conversion'),
                      values: steps.map((s) => f.rate(s.conversion)),
                    },
                  ]}
                />
              );
            })}
          </div>
        </>
      )}
    </Frame>
  );
}

const CHANNELS = ['bot', 'phone', 'console', 'api'] as const;

function Channels({ filter }: { filter: Filter }) {
  const tr = useT();
  const f = useFormats();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.analytics.staff.bookingChannels.queryOptions(filter, { placeholderData: keepPreviousData }),
  );
  const { starts, labels } = bars(filter.from, filter.to, filter.interval);
  return (
    <Frame title={tr.t('console-analytics-channels')} query={query} testId="section-channels">
      {(data) => {
        const rows = everyBar(starts, data.series, (period) => ({
          period,
          bot: 0,
          phone: 0,
          console: 0,
          api: 0,
        }));
        return (
          <>
            <dl className="figures">
              <Figure label={tr.t('console-analytics-bookings-total')} value={f.count(data.total)} />
              {CHANNELS.map((c) => (
                <Figure
                  key={c}
                  label={tr.t(`console-analytics-channel-${c}`)}
                  value={f.count(data.byChannel[c])}
                />
              ))}
            </dl>
            <Chart
              kind="bar"
              stacked
              title={tr.t('console-analytics-channels-chart')}
              labelHeading={periodHeading(tr, filter.interval)}
              labels={labels}
              series={CHANNELS.map((c) => ({
                label: tr.t(`console-analytics-channel-${c}`),
                values: rows.map((r) => r[c]),
              }))}
              format={f.count}
            />
          </>
        );
      }}
    </Frame>
  );
}

function Attendance({ filter }: { filter: Filter }) {
  const tr = useT();
  const f = useFormats();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.analytics.staff.attendance.queryOptions(filter, { placeholderData: keepPreviousData }),
  );
  const { starts, labels } = bars(filter.from, filter.to, filter.interval);
  return (
    <Frame title={tr.t('console-analytics-attendance')} query={query} testId="section-attendance">
      {(data) => {
        const rows = everyBar(starts, data.series, (period) => ({
          period,
          due: 0,
          noShows: 0,
          cancelled: 0,
          lateCancels: 0,
          noShowRate: null,
        }));
        const r = data.reminders;
        return (
          <>
            <dl className="figures">
              <Figure label={tr.t('console-analytics-due')} value={f.count(data.due)} />
              <Figure label={tr.t('console-analytics-no-shows')} value={f.count(data.noShows)} />
              <Figure label={tr.t('console-analytics-no-show-rate')} value={f.rate(data.noShowRate)} />
              <Figure label={tr.t('console-analytics-late-cancels')} value={f.count(data.lateCancels)} />
              <Figure
                label={tr.t('console-analytics-late-cancel-rate', {
                  minutes: data.lateCancelWindowMinutes,
                })}
                value={f.rate(data.lateCancelRate)}
              />
            </dl>
            <Chart
              kind="line"
              title={tr.t('console-analytics-attendance-chart')}
              labelHeading={periodHeading(tr, filter.interval)}
              labels={labels}
              min={0}
              series={[
                {
                  label: tr.t('console-analytics-no-show-rate'),
                  values: rows.map((row) => row.noShowRate),
                },
                {
                  label: tr.t('console-analytics-late-cancel-rate', {
                    minutes: data.lateCancelWindowMinutes,
                  }),
                  values: rows.map((row) =>
                    row.due + row.cancelled > 0 ? row.lateCancels / (row.due + row.cancelled) : null,
                  ),
                },
              ]}
              format={f.percent}
              extraColumns={[
                { label: tr.t('console-analytics-due'), values: rows.map((row) => f.count(row.due)) },
                {
                  label: tr.t('console-analytics-no-shows'),
                  values: rows.map((row) => f.count(row.noShows)),
                },
              ]}
            />
            <h3>{tr.t('console-analytics-reminders')}</h3>
            <dl className="figures">
              <Figure label={tr.t('console-analytics-reminded')} value={f.count(r.reminded)} />
              <Figure label={tr.t('console-analytics-answered-coming')} value={f.count(r.answeredComing)} />
              <Figure label={tr.t('console-analytics-answered-share')} value={f.rate(r.answeredShare)} />
            </dl>
            <Chart
              kind="bar"
              title={tr.t('console-analytics-reminder-effect')}
              labelHeading={tr.t('console-analytics-reminder-group')}
              labels={[tr.t('console-analytics-answered'), tr.t('console-analytics-not-answered')]}
              min={0}
              series={[
                {
                  label: tr.t('console-analytics-no-show-rate'),
                  values: [r.noShowRateAnswered, r.noShowRateNotAnswered],
                },
              ]}
              format={f.percent}
            />
          </>
        );
      }}
    </Frame>
  );
}

type NpsGroupBy = 'branch' | 'doctor' | 'service';

function Nps({ filter }: { filter: Filter }) {
  const tr = useT();
  const f = useFormats();
  const trpc = useTRPC();
  const [groupBy, setGroupBy] = useState<NpsGroupBy | ''>('');
  const query = useQuery(
    trpc.analytics.staff.nps.queryOptions(
      { ...filter, groupBy: groupBy === '' ? undefined : groupBy },
      { placeholderData: keepPreviousData },
    ),
  );
  const { starts, labels } = bars(filter.from, filter.to, filter.interval);
  const picker = (
    <label className="inline-label">
      {tr.t('console-analytics-nps-by')}
      <select name="groupBy" value={groupBy} onChange={(e) => setGroupBy(e.target.value as NpsGroupBy | '')}>
        <option value="">{tr.t('console-analytics-nps-by-clinic')}</option>
        {(['branch', 'doctor', 'service'] as const).map((g) => (
          <option key={g} value={g}>
            {tr.t(`console-analytics-nps-by-${g}`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Frame title={tr.t('console-analytics-nps')} query={query} actions={picker} testId="section-nps">
      {(data) => {
        const groups =
          data.groups.length > 0
            ? data.groups.map((g) => ({
                id: g.id as number | null,
                name:
                  g.name === null ? `#${g.id}` : typeof g.name === 'string' ? g.name : g.name[tr.language],
              }))
            : [{ id: null, name: tr.t('console-analytics-nps-clinic') }];
        const sum = (key: 'responses' | 'promoters' | 'detractors') =>
          data.points.reduce((s, p) => s + p[key], 0);
        const responses = sum('responses');
        const overall =
          responses > 0 ? Math.round(((sum('promoters') - sum('detractors')) / responses) * 100) : null;
        return (
          <>
            <dl className="figures">
              <Figure
                label={tr.t('console-analytics-nps-overall')}
                value={overall === null ? '—' : f.nps(overall)}
              />
              <Figure label={tr.t('console-analytics-nps-responses')} value={f.count(responses)} />
              <Figure label={tr.t('console-analytics-nps-promoters')} value={f.count(sum('promoters'))} />
              <Figure label={tr.t('console-analytics-nps-detractors')} value={f.count(sum('detractors'))} />
            </dl>
            <Chart
              kind="line"
              title={tr.t('console-analytics-nps-chart')}
              labelHeading={periodHeading(tr, filter.interval)}
              labels={labels}
              min={-100}
              max={100}
              series={groups.map((g) => {
                const points = data.points.filter((p) => p.groupId === g.id);
                return {
                  label: g.name,
                  values: everyBar(
                    starts,
                    points.map((p) => ({ period: p.period, nps: p.nps })),
                    (period) => ({ period, nps: null }),
                  ).map((p) => p.nps),
                };
              })}
              format={f.nps}
            />
            {data.minResponses !== null && data.hidden > 0 && (
              <p className="muted" data-testid="nps-hidden">
                {tr.t('console-analytics-nps-hidden', { count: data.hidden, min: data.minResponses })}
              </p>
            )}
          </>
        );
      }}
    </Frame>
  );
}

function Broadcasts({ filter }: { filter: Filter }) {
  const tr = useT();
  const f = useFormats();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.analytics.staff.broadcasts.queryOptions(filter, { placeholderData: keepPreviousData }),
  );
  return (
    <Frame title={tr.t('console-analytics-broadcasts')} query={query} testId="section-broadcasts">
      {(data) =>
        data.length === 0 ? (
          <p className="muted">{tr.t('console-analytics-broadcasts-none')}</p>
        ) : (
          <>
            <p className="muted">{tr.t('console-analytics-broadcasts-about')}</p>
            <Chart
              kind="bar"
              horizontal
              title={tr.t('console-analytics-broadcasts-chart')}
              labelHeading={tr.t('console-analytics-broadcast')}
              labels={data.map((b) => `${b.title} (${tr.dateTime(b.startedAt).slice(0, 10)})`)}
              min={0}
              series={[
                { label: tr.t('console-analytics-conversion'), values: data.map((b) => b.conversion) },
              ]}
              format={f.percent}
              extraColumns={[
                { label: tr.t('console-analytics-sent'), values: data.map((b) => f.count(b.numbers.sent)) },
                {
                  label: tr.t('console-analytics-tapped'),
                  values: data.map((b) => f.count(b.numbers.tapped)),
                },
                {
                  label: tr.t('console-analytics-booked'),
                  values: data.map((b) => f.count(b.numbers.booked)),
                },
              ]}
            />
          </>
        )
      }
    </Frame>
  );
}

function Payments({ filter }: { filter: Filter }) {
  const tr = useT();
  const f = useFormats();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.analytics.staff.payments.queryOptions(filter, { placeholderData: keepPreviousData }),
  );
  const { starts, labels } = bars(filter.from, filter.to, filter.interval);
  return (
    <Frame title={tr.t('console-analytics-payments')} query={query} testId="section-payments">
      {(data) => {
        const rows = everyBar(starts, data.series, (period) => ({ period, paidTiyn: 0, refundedTiyn: 0 }));
        const providers = Object.entries(data.byProvider) as [string, { count: number; tiyn: number }][];
        return (
          <>
            <dl className="figures">
              <Figure label={tr.t('console-analytics-paid')} value={f.tenge(data.paid.tiyn)} testId="paid" />
              <Figure label={tr.t('console-analytics-refunded')} value={f.tenge(data.refunded.tiyn)} />
              <Figure label={tr.t('console-analytics-net')} value={f.tenge(data.netTiyn)} />
              <Figure label={tr.t('console-analytics-invoiced')} value={f.tenge(data.invoiced.tiyn)} />
              <Figure label={tr.t('console-analytics-unpaid')} value={f.tenge(data.invoiced.unpaidTiyn)} />
            </dl>
            <Chart
              kind="bar"
              title={tr.t('console-analytics-payments-chart')}
              labelHeading={periodHeading(tr, filter.interval)}
              labels={labels}
              series={[
                { label: tr.t('console-analytics-paid'), values: rows.map((r) => r.paidTiyn) },
                { label: tr.t('console-analytics-refunded'), values: rows.map((r) => r.refundedTiyn) },
              ]}
              format={f.tenge}
            />
            <h3>{tr.t('console-analytics-by-provider')}</h3>
            <Table
              label={tr.t('console-analytics-by-provider')}
              head={[
                tr.t('console-analytics-provider'),
                tr.t('console-analytics-payments-count'),
                tr.t('console-analytics-paid'),
              ]}
            >
              {providers.map(([provider, p]) => (
                <tr key={provider}>
                  <td>
                    {tr.has(`console-analytics-provider-${provider}`)
                      ? tr.t(`console-analytics-provider-${provider}`)
                      : provider}
                  </td>
                  <td>{f.count(p.count)}</td>
                  <td>{f.tenge(p.tiyn)}</td>
                </tr>
              ))}
            </Table>
          </>
        );
      }}
    </Frame>
  );
}

export const SECTION_VIEWS: Record<SectionKey, ComponentType<{ filter: Filter }>> = {
  funnels: Funnels,
  channels: Channels,
  attendance: Attendance,
  nps: Nps,
  broadcasts: Broadcasts,
  payments: Payments,
};
