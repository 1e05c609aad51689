import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import { money, tengeText, tiynOf } from '../../components/money.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading } from '../../ui.tsx';
import { CatalogForm, CatalogRow, CatalogSection, type FormProps } from './catalog-list.tsx';
import { Check, checked, LocalizedFields, localizedOf, textOf } from './fields.tsx';
import { Schedule } from './schedule.tsx';

type Outputs = inferRouterOutputs<AppRouter>['clinic'];
type Doctor = Outputs['doctors']['listAll'][number];
type Branch = Outputs['branches']['listAll'][number];
type Service = Outputs['services']['listAll'][number];
type Values = Omit<Doctor, 'id'>;

interface Lists {
  branches: Branch[];
  services: Service[];
}

/**
 * A doctor's fields: where they work, which services they give and, for each, a price of their
 * own when it differs from the service's (typed in tenge, empty for the service's price).
 */
function DoctorForm({ doctor, lists, ...props }: FormProps<Values> & { doctor?: Doctor; lists: Lists }) {
  const tr = useT();
  const [badPrice, setBadPrice] = useState(false);
  const read = (form: FormData): Values | null => {
    const chosen = lists.services
      .filter((s) => checked(form, `service-${s.id}`))
      .map((s) => ({ serviceId: s.id, text: textOf(form, `override-${s.id}`) }));
    const bad = chosen.some((s) => s.text && tiynOf(s.text) === null);
    setBadPrice(bad);
    if (bad) return null;
    const services = chosen.map((s) => ({
      serviceId: s.serviceId,
      priceOverrideTiyn: s.text ? tiynOf(s.text) : null,
    }));
    return {
      fullName: textOf(form, 'fullName'),
      specialty: localizedOf(form, 'specialty'),
      branchIds: form.getAll('branchIds').map(Number),
      services,
      slotStepMinutes: Number(textOf(form, 'slotStepMinutes')),
      onlineUrl: textOf(form, 'onlineUrl') || null,
      active: checked(form, 'active'),
    };
  };
  const given = new Map(doctor?.services.map((s) => [s.serviceId, s.priceOverrideTiyn]));
  return (
    <CatalogForm {...props} read={read} note={badPrice && tr.t('console-catalog-bad-price')}>
      <label>
        {tr.t('console-catalog-full-name')}
        <input name="fullName" required minLength={3} maxLength={200} defaultValue={doctor?.fullName} />
      </label>
      <label>
        {tr.t('console-catalog-slot-step')}
        <input
          name="slotStepMinutes"
          type="number"
          min={5}
          max={240}
          required
          defaultValue={doctor?.slotStepMinutes ?? 15}
        />
      </label>
      <label>
        {tr.t('console-catalog-online-url')}
        <input name="onlineUrl" type="url" pattern="https://.*" defaultValue={doctor?.onlineUrl ?? ''} />
      </label>
      <LocalizedFields name="specialty" label={tr.t('console-catalog-specialty')} value={doctor?.specialty} />
      <fieldset className="box wide">
        <legend>{tr.t('console-catalog-branches')}</legend>
        {lists.branches.map((b) => (
          <label key={b.id} className="check">
            <input
              type="checkbox"
              name="branchIds"
              value={b.id}
              defaultChecked={doctor?.branchIds.includes(b.id)}
            />
            {b.name[tr.language]}
          </label>
        ))}
      </fieldset>
      <fieldset className="box wide">
        <legend>{tr.t('console-catalog-doctor-services')}</legend>
        {lists.services.map((s) => (
          <div key={s.id} className="schedule-row">
            <label className="check">
              <input type="checkbox" name={`service-${s.id}`} defaultChecked={given.has(s.id)} />
              {s.name[tr.language]} ({money(tr, s.priceTiyn)})
            </label>
            <input
              name={`override-${s.id}`}
              inputMode="decimal"
              aria-label={`${s.name[tr.language]}: ${tr.t('console-catalog-own-price')}`}
              placeholder={tr.t('console-catalog-own-price')}
              defaultValue={given.get(s.id) != null ? tengeText(given.get(s.id)!) : ''}
            />
          </div>
        ))}
      </fieldset>
      <div className="wide">
        <Check name="active" label={tr.t('console-catalog-active')} value={doctor?.active ?? true} />
      </div>
    </CatalogForm>
  );
}

/** A doctor's row, with a second button that opens their schedule under it. */
function DoctorRow({ doctor, lists }: { doctor: Doctor; lists: Lists }) {
  const tr = useT();
  const trpc = useTRPC();
  const [schedule, setSchedule] = useState(false);
  const branchNames = doctor.branchIds
    .map((id) => lists.branches.find((b) => b.id === id)?.name[tr.language])
    .filter(Boolean)
    .join(', ');
  return (
    <>
      <CatalogRow
        id={doctor.id}
        testId={`doctor-${doctor.id}`}
        inactive={!doctor.active}
        cells={[
          doctor.fullName,
          doctor.specialty[tr.language],
          branchNames,
          doctor.services.length,
          tr.t(doctor.active ? 'console-catalog-on' : 'console-catalog-off'),
        ]}
        extra={
          <button type="button" aria-expanded={schedule} onClick={() => setSchedule(!schedule)}>
            {tr.t('console-catalog-schedule')}
          </button>
        }
        update={trpc.clinic.doctors.update}
        editLabel={tr.t('console-catalog-edit-doctor')}
        form={(props: FormProps<Values>) => <DoctorForm {...props} doctor={doctor} lists={lists} />}
      />
      {schedule && (
        <tr className="row-extra">
          <td colSpan={6}>
            <Schedule doctor={doctor} branches={lists.branches} />
          </td>
        </tr>
      )}
    </>
  );
}

export function Doctors() {
  const tr = useT();
  const trpc = useTRPC();
  const doctors = useQuery(trpc.clinic.doctors.listAll.queryOptions());
  const branches = useQuery(trpc.clinic.branches.listAll.queryOptions());
  const services = useQuery(trpc.clinic.services.listAll.queryOptions());
  const failed = doctors.error ?? branches.error ?? services.error;
  if (failed) return <ErrorNote error={failed} />;
  if (!doctors.data || !branches.data || !services.data) return <Loading />;
  const lists = { branches: branches.data, services: services.data.filter((s) => s.active) };
  return (
    <CatalogSection
      title={tr.t('console-catalog-doctors')}
      addLabel={tr.t('console-catalog-add-doctor')}
      head={[
        tr.t('console-catalog-full-name'),
        tr.t('console-catalog-specialty'),
        tr.t('console-catalog-branches'),
        tr.t('console-catalog-doctor-services'),
        tr.t('console-catalog-state'),
      ]}
      create={trpc.clinic.doctors.create}
      form={(props) => <DoctorForm {...props} lists={lists} />}
    >
      {doctors.data.map((d) => (
        <DoctorRow key={d.id} doctor={d} lists={lists} />
      ))}
    </CatalogSection>
  );
}
