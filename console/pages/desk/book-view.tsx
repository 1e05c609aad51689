import { skipToken, useMutation, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import type { AppRouter } from '../../../server/router.ts';
import { fullName } from '../../../shared/person-name.ts';
import { useTRPC } from '../../api.ts';
import {
  BranchSelect,
  dateIn,
  type PickedSlot,
  SlotPicker,
  useBranches,
  useClockOf,
} from '../../components/desk.tsx';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section } from '../../ui.tsx';
import './strings.ts';
import { groupKazakhPhone } from '../../../shared/phone-format.ts';

/**
 * Booking for a caller: find them (name, phone or IIN: booking.staff.findPatients) or register a
 * new patient from their ID card (patients.staff.register), then branch → service → doctor → day →
 * free time, booked with the channel it came through (a call by default).
 */
type Outputs = inferRouterOutputs<AppRouter>;
type Patient = Outputs['booking']['staff']['findPatients'][number];
type Booked = Outputs['booking']['staff']['book'];

/** What a typed search means: 12 digits an IIN, a number with 10+ digits a phone, else a name. */
function queryOf(text: string): { iin?: string; phone?: string; name?: string } {
  const digits = text.replace(/\D/g, '');
  if (/^\d{12}$/.test(text.trim())) return { iin: text.trim() };
  if (digits.length >= 10 && /^[\d\s()+-]+$/.test(text.trim())) return { phone: text.trim() };
  return { name: text.trim() };
}

function PatientLine({ patient }: { patient: Patient }) {
  const tr = useT();
  return (
    <span>
      <strong>{fullName(patient)}</strong> · {patient.birthDate.split('-').reverse().join('.')} ·{' '}
      {tr.t('console-desk-iin')} {patient.iinMasked}
      {patient.phone && ` · ${groupKazakhPhone(patient.phone) ?? patient.phone}`}
    </span>
  );
}

function FindPatient({ onChoose }: { onChoose(patient: Patient): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const [query, setQuery] = useState<ReturnType<typeof queryOf> | null>(null);
  const found = useQuery(trpc.booking.staff.findPatients.queryOptions(query ?? skipToken, { staleTime: 0 }));
  return (
    <>
      <form
        className="inline-form"
        aria-label={tr.t('console-desk-find')}
        onSubmit={(event) => {
          event.preventDefault();
          const text = String(new FormData(event.currentTarget).get('q') ?? '');
          if (text.trim().length >= 2) setQuery(queryOf(text));
        }}
      >
        <label>
          {tr.t('console-desk-find-label')}
          <input name="q" required minLength={2} maxLength={200} autoComplete="off" />
        </label>
        <button type="submit" className="primary">
          {tr.t('console-desk-find')}
        </button>
      </form>
      {query &&
        (found.isPending ? (
          <Loading />
        ) : found.isError ? (
          <ErrorNote error={found.error} />
        ) : found.data.length === 0 ? (
          <p className="muted" role="status">
            {tr.t('console-desk-found-none')}
          </p>
        ) : (
          <ul className="desk-results" aria-label={tr.t('console-desk-found')}>
            {found.data.map((p) => (
              <li key={p.id}>
                <PatientLine patient={p} />
                <button type="button" onClick={() => onChoose(p)}>
                  {tr.t('console-desk-choose')}
                </button>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}

function RegisterPatient({ onChoose }: { onChoose(patient: Patient): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const register = useMutation(trpc.patients.staff.register.mutationOptions({ onSuccess: onChoose }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    register.mutate({
      lastName: text('lastName'),
      firstName: text('firstName'),
      middleName: text('middleName') || null,
      iin: text('iin'),
      phone: text('phone'),
      phoneIsOwn: form.get('phoneIsOwn') === 'on',
      consentSigned: true,
    });
  };
  return (
    <form className="form-grid" onSubmit={submit} aria-label={tr.t('console-desk-register')}>
      <label>
        {tr.t('console-desk-last-name')}
        <input name="lastName" required maxLength={100} autoComplete="off" />
      </label>
      <label>
        {tr.t('console-desk-first-name')}
        <input name="firstName" required maxLength={100} autoComplete="off" />
      </label>
      <label>
        {tr.t('console-desk-middle-name')}
        <input name="middleName" maxLength={100} autoComplete="off" />
      </label>
      <label>
        {tr.t('console-desk-iin')}
        <input name="iin" required inputMode="numeric" pattern="\d{12}" maxLength={12} autoComplete="off" />
      </label>
      <label>
        {tr.t('console-desk-phone')}
        <input name="phone" type="tel" required maxLength={40} autoComplete="off" />
      </label>
      <label className="check">
        <input type="checkbox" name="phoneIsOwn" defaultChecked />
        {tr.t('console-desk-phone-own')}
      </label>
      <label className="check">
        <input type="checkbox" name="consentSigned" required />
        {tr.t('console-desk-consent-signed')}
      </label>
      <ErrorNote error={register.error} />
      <button type="submit" className="primary" disabled={register.isPending}>
        {tr.t('console-desk-register')}
      </button>
    </form>
  );
}

function Done({ visit, onAnother }: { visit: Booked; onAnother(): void }) {
  const tr = useT();
  const clock = useClockOf(visit.branch.timeZone);
  const day = dateIn(visit.startsAt, visit.branch.timeZone);
  return (
    <div className="note note-ok" role="status">
      <p>
        {tr.t('console-desk-booked', {
          patient: fullName(visit.patient),
          date: day.split('-').reverse().join('.'),
          time: clock(visit.startsAt),
          doctor: visit.doctor.fullName,
          service: visit.service.name[tr.language],
        })}
      </p>
      <p className="desk-chosen">
        <Link href={`/desk?branch=${visit.branch.id}&date=${day}`}>{tr.t('console-desk-open-board')}</Link>
        <button type="button" onClick={onAnother}>
          {tr.t('console-desk-book-another')}
        </button>
      </p>
    </div>
  );
}

function ChooseVisit({ patient, onBooked }: { patient: Patient; onBooked(visit: Booked): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const branches = useBranches();
  const [branchId, setBranchId] = useState<number | null>(null);
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [doctorId, setDoctorId] = useState<number | null>(null);
  const [channel, setChannel] = useState<'phone' | 'console'>('phone');
  const [picked, setPicked] = useState<PickedSlot | null>(null);
  const branch = branches.data?.find((b) => b.id === branchId);
  const services = useQuery(
    trpc.booking.staff.services.queryOptions(branchId ? { branchId, patientId: patient.id } : skipToken),
  );
  const doctors = useQuery(
    trpc.clinic.doctors.forService.queryOptions(branchId && serviceId ? { branchId, serviceId } : skipToken),
  );
  const book = useMutation(trpc.booking.staff.book.mutationOptions({ onSuccess: onBooked }));
  const clock = useClockOf(branch?.timeZone);
  if (branches.isPending) return <Loading />;
  if (branches.isError) return <ErrorNote error={branches.error} />;
  return (
    <div className="desk-steps">
      <div className="desk-filters">
        <BranchSelect
          branches={branches.data!}
          value={branchId}
          onChange={(id) => {
            setBranchId(id);
            setServiceId(null);
            setDoctorId(null);
            setPicked(null);
          }}
        />
        {branchId && (
          <label>
            {tr.t('console-desk-service')}
            <select
              name="service"
              value={serviceId ?? ''}
              required
              onChange={(e) => {
                setServiceId(Number(e.currentTarget.value) || null);
                setDoctorId(null);
                setPicked(null);
              }}
            >
              <option value="">—</option>
              {services.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name[tr.language]}
                </option>
              ))}
            </select>
          </label>
        )}
        {serviceId && (
          <label>
            {tr.t('console-desk-doctor')}
            <select
              name="doctor"
              value={doctorId ?? ''}
              onChange={(e) => {
                setDoctorId(Number(e.currentTarget.value) || null);
                setPicked(null);
              }}
            >
              <option value="">{tr.t('console-desk-any-doctor')}</option>
              {doctors.data?.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.fullName}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorNote error={services.error ?? doctors.error} />
      {branch && serviceId && (
        <SlotPicker
          key={`${serviceId}:${doctorId}`}
          branch={branch}
          serviceId={serviceId}
          doctorId={doctorId}
          onPick={setPicked}
        />
      )}
      {branch && serviceId && picked && (
        <form
          className="inline-form"
          aria-label={tr.t('console-desk-confirm')}
          onSubmit={(event) => {
            event.preventDefault();
            book.mutate({ branchId: branch.id, serviceId, patientId: patient.id, channel, ...picked });
          }}
        >
          <p>
            {tr.t('console-desk-chosen-time', {
              date: dateIn(picked.startsAt, branch.timeZone).split('-').reverse().join('.'),
              time: clock(picked.startsAt),
              doctor: doctors.data?.find((d) => d.id === picked.doctorId)?.fullName ?? '',
            })}
          </p>
          <fieldset className="roles">
            <legend>{tr.t('console-desk-channel')}</legend>
            {(['phone', 'console'] as const).map((c) => (
              <label key={c} className="check">
                <input type="radio" name="channel" checked={channel === c} onChange={() => setChannel(c)} />
                {tr.t(`console-desk-channel-${c}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" disabled={book.isPending}>
            {tr.t('console-desk-confirm')}
          </button>
          <ErrorNote error={book.error} />
        </form>
      )}
    </div>
  );
}

export default function BookByPhone() {
  const tr = useT();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [adding, setAdding] = useState(false);
  const [booked, setBooked] = useState<Booked | null>(null);
  const choose = (p: Patient) => {
    setPatient(p);
    setAdding(false);
  };
  return (
    <>
      <h1>{tr.t('console-desk-book')}</h1>
      {booked && (
        <Done
          visit={booked}
          onAnother={() => {
            setBooked(null);
            setPatient(null);
          }}
        />
      )}
      <Section title={tr.t('console-desk-step-patient')}>
        {patient ? (
          <p className="desk-chosen" data-testid="chosen-patient">
            <PatientLine patient={patient} />
            <button type="button" onClick={() => setPatient(null)}>
              {tr.t('console-desk-change')}
            </button>
          </p>
        ) : adding ? (
          <>
            <RegisterPatient onChoose={choose} />
            <button type="button" onClick={() => setAdding(false)}>
              {tr.t('console-cancel')}
            </button>
          </>
        ) : (
          <>
            <FindPatient onChoose={choose} />
            <button type="button" onClick={() => setAdding(true)}>
              {tr.t('console-desk-new-patient')}
            </button>
          </>
        )}
      </Section>
      {patient && !booked && (
        <Section title={tr.t('console-desk-step-visit')}>
          <ChooseVisit key={patient.id} patient={patient} onBooked={setBooked} />
        </Section>
      )}
    </>
  );
}
