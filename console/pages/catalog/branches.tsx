import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading } from '../../ui.tsx';
import { CatalogForm, CatalogRow, CatalogSection, type FormProps } from './catalog-list.tsx';
import { Check, checked, LocalizedFields, localizedOf, textOf } from './fields.tsx';

type Branch = inferRouterOutputs<AppRouter>['clinic']['branches']['listAll'][number];
type Values = Omit<Branch, 'id'>;

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Opening hours, Monday to Sunday: a day without both times is closed. */
function OpeningHours({ value }: { value?: Branch['openingHours'] }) {
  const tr = useT();
  return (
    <fieldset className="box wide">
      <legend>{tr.t('console-catalog-opening-hours')}</legend>
      <div className="hours">
        {WEEKDAYS.map((day, i) => (
          <div key={day} className="contents">
            <span>{tr.t(`console-catalog-weekday-${day}`)}</span>
            <input
              type="time"
              name={`open-${day}`}
              aria-label={`${tr.t(`console-catalog-weekday-${day}`)} ${tr.t('console-catalog-opens')}`}
              defaultValue={value?.[i]?.open}
            />
            <input
              type="time"
              name={`close-${day}`}
              aria-label={`${tr.t(`console-catalog-weekday-${day}`)} ${tr.t('console-catalog-closes')}`}
              defaultValue={value?.[i]?.close}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function BranchForm({ branch, ...props }: FormProps<Values> & { branch?: Branch }) {
  const tr = useT();
  const read = (form: FormData): Values => ({
    name: localizedOf(form, 'name'),
    address: localizedOf(form, 'address'),
    phone: textOf(form, 'phone'),
    timeZone: textOf(form, 'timeZone') || 'Asia/Almaty',
    location: { latitude: Number(textOf(form, 'latitude')), longitude: Number(textOf(form, 'longitude')) },
    openingHours: WEEKDAYS.map((day) => {
      const open = textOf(form, `open-${day}`);
      const close = textOf(form, `close-${day}`);
      return open && close ? { open, close } : null;
    }),
    active: checked(form, 'active'),
  });
  return (
    <CatalogForm {...props} read={read}>
      <LocalizedFields name="name" label={tr.t('console-catalog-name')} value={branch?.name} />
      <LocalizedFields
        name="address"
        label={tr.t('console-catalog-address')}
        value={branch?.address}
        max={300}
      />
      <label>
        {tr.t('console-catalog-phone')}
        <input name="phone" type="tel" required defaultValue={branch?.phone} placeholder="+7 727 000 00 00" />
      </label>
      <label>
        {tr.t('console-catalog-time-zone')}
        <input name="timeZone" defaultValue={branch?.timeZone ?? 'Asia/Almaty'} />
      </label>
      <label>
        {tr.t('console-catalog-latitude')}
        <input
          name="latitude"
          type="number"
          step="any"
          min={-90}
          max={90}
          required
          defaultValue={branch?.location.latitude}
        />
      </label>
      <label>
        {tr.t('console-catalog-longitude')}
        <input
          name="longitude"
          type="number"
          step="any"
          min={-180}
          max={180}
          required
          defaultValue={branch?.location.longitude}
        />
      </label>
      <OpeningHours value={branch?.openingHours} />
      <div className="wide">
        <Check name="active" label={tr.t('console-catalog-active')} value={branch?.active ?? true} />
      </div>
    </CatalogForm>
  );
}

export function Branches() {
  const tr = useT();
  const trpc = useTRPC();
  const branches = useQuery(trpc.clinic.branches.listAll.queryOptions());
  if (branches.isPending) return <Loading />;
  if (branches.isError) return <ErrorNote error={branches.error} />;
  return (
    <CatalogSection
      title={tr.t('console-catalog-branches')}
      addLabel={tr.t('console-catalog-add-branch')}
      head={[
        tr.t('console-catalog-name'),
        tr.t('console-catalog-address'),
        tr.t('console-catalog-phone'),
        tr.t('console-catalog-time-zone'),
        tr.t('console-catalog-state'),
      ]}
      create={trpc.clinic.branches.create}
      form={(props) => <BranchForm {...props} />}
    >
      {branches.data.map((branch) => (
        <CatalogRow
          key={branch.id}
          id={branch.id}
          testId={`branch-${branch.id}`}
          inactive={!branch.active}
          cells={[
            branch.name[tr.language],
            branch.address[tr.language],
            <span key="phone" className="nowrap">
              {branch.phone}
            </span>,
            branch.timeZone,
            tr.t(branch.active ? 'console-catalog-on' : 'console-catalog-off'),
          ]}
          update={trpc.clinic.branches.update}
          editLabel={tr.t('console-catalog-edit-branch')}
          form={(props: FormProps<Values>) => <BranchForm {...props} branch={branch} />}
        />
      ))}
    </CatalogSection>
  );
}
