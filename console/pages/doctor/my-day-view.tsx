import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import kkStrings from '../../../locales/kk/console-doctor.lazy.ftl?raw';
import ruStrings from '../../../locales/ru/console-doctor.lazy.ftl?raw';
import type { AppRouter } from '../../../server/router.ts';
import { fullName } from '../../../shared/person-name.ts';
import { addDays } from '../../../shared/zoned-time.ts';
import { useTRPC } from '../../api.ts';
import { IssueDocument } from '../../components/issue-document.tsx';
import { addStrings, useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import '../../care.css';

// The doctor's words come with the page, not with the console's first load.
addStrings({ ru: ruStrings, kk: kkStrings });

/**
 * The doctor's own day: their visits of a date at every branch (the API decides whose: the doctor
 * the signed-in account is linked to), and for a visit's patient, their documents and a new one.
 * The date is in the address (?date=2026-03-02), so a day can be reloaded or sent on.
 */
type Visit = inferRouterOutputs<AppRouter>['booking']['staff']['myDay'][number];

const isoDay = (date: Date) => new Intl.DateTimeFormat('en-CA').format(date);
/** A visit's time on its branch's clock, whatever the computer's zone. */
const timeAt = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone }).format(at);

function Documents({ visit }: { visit: Visit }) {
  const tr = useT();
  const trpc = useTRPC();
  const [issued, setIssued] = useState<string | null>(null);
  const documents = useQuery(trpc.documents.staff.list.queryOptions({ patientId: visit.patient.id }));
  return (
    <Section title={tr.t('console-doctor-patient', { name: fullName(visit.patient) })}>
      <h3>{tr.t('console-doctor-documents')}</h3>
      {documents.isPending ? (
        <Loading />
      ) : documents.isError ? (
        <ErrorNote error={documents.error} />
      ) : documents.data.length === 0 ? (
        <p className="muted">{tr.t('console-doctor-no-documents')}</p>
      ) : (
        <Table
          label={tr.t('console-doctor-documents')}
          head={[
            tr.t('console-doctor-doc-number'),
            tr.t('console-doctor-doc-title'),
            tr.t('console-doctor-doc-date'),
            tr.t('console-doctor-doc-doctor'),
            tr.t('console-doctor-doc-status'),
          ]}
        >
          {documents.data.map((d) => (
            <tr
              key={d.id}
              data-testid={`document-${d.number}`}
              className={d.status === 'valid' ? '' : 'inactive'}
            >
              <td>{d.number}</td>
              <td>{d.title}</td>
              <td>{d.issueDate.split('-').reverse().join('.')}</td>
              <td>{d.doctor?.fullName ?? '—'}</td>
              <td>{tr.t(`console-doctor-doc-${d.status}`)}</td>
            </tr>
          ))}
        </Table>
      )}
      <h3>{tr.t('console-doctor-doc-issue')}</h3>
      {issued && (
        <p className="note note-ok" role="status">
          {tr.t('console-doctor-doc-issued', { number: issued })}
        </p>
      )}
      <IssueDocument patientId={visit.patient.id} appointmentId={visit.id} onIssued={setIssued} />
    </Section>
  );
}

export default function MyDay() {
  const tr = useT();
  const trpc = useTRPC();
  const [location, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const date = /^\d{4}-\d{2}-\d{2}$/.test(search.get('date') ?? '')
    ? search.get('date')!
    : isoDay(new Date());
  const [openId, setOpenId] = useState<number | null>(null);
  const day = useQuery(trpc.booking.staff.myDay.queryOptions({ date }));
  const go = (next: string) => {
    setOpenId(null);
    navigate(`${location}?date=${next}`, { replace: true });
  };
  const open = day.data?.find((v) => v.id === openId) ?? null;
  return (
    <>
      <h1>{tr.t('console-doctor-page')}</h1>
      <Section
        title={tr.t('console-doctor-visits')}
        actions={
          <div className="care-day-nav">
            <button
              type="button"
              onClick={() => go(addDays(date, -1))}
              aria-label={tr.t('console-doctor-day-before')}
            >
              ←
            </button>
            <input
              type="date"
              value={date}
              aria-label={tr.t('console-doctor-date')}
              onChange={(event) => event.target.value && go(event.target.value)}
            />
            <button
              type="button"
              onClick={() => go(addDays(date, 1))}
              aria-label={tr.t('console-doctor-day-after')}
            >
              →
            </button>
          </div>
        }
      >
        {day.isPending ? (
          <Loading />
        ) : day.isError ? (
          <ErrorNote error={day.error} />
        ) : day.data.length === 0 ? (
          <p className="muted">{tr.t('console-doctor-no-visits')}</p>
        ) : (
          <Table
            label={tr.t('console-doctor-visits')}
            head={[
              tr.t('console-doctor-time'),
              tr.t('console-doctor-patient-column'),
              tr.t('console-doctor-service'),
              tr.t('console-doctor-branch'),
              tr.t('console-doctor-status'),
              '',
            ]}
          >
            {day.data.map((v) => (
              <tr
                key={v.id}
                data-testid={`visit-${v.id}`}
                className={v.status === 'cancelled' || v.status === 'no_show' ? 'inactive' : ''}
                aria-selected={v.id === openId}
              >
                <td>
                  {timeAt(v.startsAt, v.branch.timeZone)}–{timeAt(v.endsAt, v.branch.timeZone)}
                </td>
                <td>
                  {fullName(v.patient)}
                  {v.runningLate && (
                    <span className="care-late">
                      {' '}
                      {tr.t('console-doctor-late', { minutes: v.runningLate.minutes })}
                    </span>
                  )}
                </td>
                <td>{v.service.name[tr.language]}</td>
                <td>{v.branch.name[tr.language]}</td>
                <td>{tr.t(`console-doctor-status-${v.status}`)}</td>
                <td className="actions">
                  <button
                    type="button"
                    aria-expanded={v.id === openId}
                    onClick={() => setOpenId(v.id === openId ? null : v.id)}
                  >
                    {tr.t('console-doctor-open')}
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      {open && <Documents key={open.id} visit={open} />}
    </>
  );
}
