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

type Outputs = inferRouterOutputs<AppRouter>['clinic'];
type Service = Outputs['services']['listAll'][number];
type Category = Outputs['categories']['listAll'][number];
type ServiceValues = Omit<Service, 'id' | 'description'>;
type CategoryValues = Omit<Category, 'id'>;

const numberOrNull = (text: string) => (text === '' ? null : Number(text));

/** The fields of a service, for adding one or changing it; the price typed in tenge. */
function ServiceForm({
  service,
  categories,
  ...props
}: FormProps<ServiceValues> & { service?: Service; categories: Category[] }) {
  const tr = useT();
  const [badPrice, setBadPrice] = useState(false);
  const read = (form: FormData): ServiceValues | null => {
    const priceTiyn = tiynOf(textOf(form, 'price'));
    setBadPrice(priceTiyn === null);
    if (priceTiyn === null) return null;
    return {
      name: localizedOf(form, 'name'),
      categoryId: Number(textOf(form, 'categoryId')),
      durationMinutes: Number(textOf(form, 'durationMinutes')),
      priceTiyn,
      active: checked(form, 'active'),
      online: checked(form, 'online'),
      prepaid: checked(form, 'prepaid'),
      minAgeYears: numberOrNull(textOf(form, 'minAgeYears')),
      maxAgeYears: numberOrNull(textOf(form, 'maxAgeYears')),
    };
  };
  return (
    <CatalogForm {...props} read={read} note={badPrice && tr.t('console-catalog-bad-price')}>
      <LocalizedFields name="name" label={tr.t('console-catalog-name')} value={service?.name} />
      <label>
        {tr.t('console-catalog-category')}
        <select name="categoryId" defaultValue={service?.categoryId} required>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name[tr.language]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr.t('console-catalog-price')}
        <input
          name="price"
          inputMode="decimal"
          required
          defaultValue={service ? tengeText(service.priceTiyn) : ''}
        />
      </label>
      <label>
        {tr.t('console-catalog-duration')}
        <input
          name="durationMinutes"
          type="number"
          min={5}
          max={720}
          required
          defaultValue={service?.durationMinutes ?? 30}
        />
      </label>
      <label>
        {tr.t('console-catalog-min-age')}
        <input name="minAgeYears" type="number" min={0} max={130} defaultValue={service?.minAgeYears ?? ''} />
      </label>
      <label>
        {tr.t('console-catalog-max-age')}
        <input name="maxAgeYears" type="number" min={0} max={130} defaultValue={service?.maxAgeYears ?? ''} />
      </label>
      <div className="wide">
        <Check name="active" label={tr.t('console-catalog-active')} value={service?.active ?? true} />
        <Check name="online" label={tr.t('console-catalog-online')} value={service?.online} />
        <Check name="prepaid" label={tr.t('console-catalog-prepaid')} value={service?.prepaid} />
      </div>
    </CatalogForm>
  );
}

export function Services() {
  const tr = useT();
  const trpc = useTRPC();
  const services = useQuery(trpc.clinic.services.listAll.queryOptions());
  const categories = useQuery(trpc.clinic.categories.listAll.queryOptions());
  if (services.isPending || categories.isPending) return <Loading />;
  if (services.isError || categories.isError) return <ErrorNote error={services.error ?? categories.error} />;
  const byCategory = [...services.data].sort(
    (a, b) =>
      a.categoryId - b.categoryId || a.name[tr.language].localeCompare(b.name[tr.language], tr.language),
  );
  return (
    <CatalogSection
      title={tr.t('console-catalog-services')}
      addLabel={tr.t('console-catalog-add-service')}
      head={[
        tr.t('console-catalog-name'),
        tr.t('console-catalog-category'),
        tr.t('console-catalog-duration'),
        tr.t('console-catalog-price'),
        tr.t('console-catalog-state'),
      ]}
      create={trpc.clinic.services.create}
      form={(props) => <ServiceForm {...props} categories={categories.data.filter((c) => c.active)} />}
    >
      {byCategory.map((service) => {
        const category = categories.data.find((c) => c.id === service.categoryId);
        // One column for what sets it apart and whether it is offered: a tablet has no room for two.
        const flags = [
          tr.t(service.active ? 'console-catalog-on' : 'console-catalog-off'),
          service.online && tr.t('console-catalog-online'),
          service.prepaid && tr.t('console-catalog-prepaid'),
        ].filter(Boolean);
        return (
          <CatalogRow
            key={service.id}
            id={service.id}
            testId={`service-${service.id}`}
            inactive={!service.active}
            cells={[
              service.name[tr.language],
              category?.name[tr.language] ?? '—',
              tr.t('console-catalog-minutes', { minutes: service.durationMinutes }),
              <span key="price" className="nowrap" data-testid="price">
                {money(tr, service.priceTiyn)}
              </span>,
              flags.join(', '),
            ]}
            update={trpc.clinic.services.update}
            editLabel={tr.t('console-catalog-edit-service')}
            form={(props: FormProps<ServiceValues>) => (
              <ServiceForm {...props} service={service} categories={categories.data} />
            )}
          />
        );
      })}
    </CatalogSection>
  );
}

function CategoryForm({ category, ...props }: FormProps<CategoryValues> & { category?: Category }) {
  const tr = useT();
  const read = (form: FormData): CategoryValues => ({
    name: localizedOf(form, 'name'),
    sortOrder: Number(textOf(form, 'sortOrder') || 0),
    activeLimit: numberOrNull(textOf(form, 'activeLimit')),
    active: checked(form, 'active'),
  });
  return (
    <CatalogForm {...props} read={read}>
      <LocalizedFields name="name" label={tr.t('console-catalog-name')} value={category?.name} />
      <label>
        {tr.t('console-catalog-sort-order')}
        <input name="sortOrder" type="number" min={0} max={10000} defaultValue={category?.sortOrder ?? 0} />
      </label>
      <label>
        {tr.t('console-catalog-active-limit')}
        <input
          name="activeLimit"
          type="number"
          min={1}
          max={100}
          defaultValue={category?.activeLimit ?? ''}
          placeholder={tr.t('console-catalog-default')}
        />
      </label>
      <div className="wide">
        <Check name="active" label={tr.t('console-catalog-active')} value={category?.active ?? true} />
      </div>
    </CatalogForm>
  );
}

export function Categories() {
  const tr = useT();
  const trpc = useTRPC();
  const categories = useQuery(trpc.clinic.categories.listAll.queryOptions());
  if (categories.isPending) return <Loading />;
  if (categories.isError) return <ErrorNote error={categories.error} />;
  return (
    <CatalogSection
      title={tr.t('console-catalog-categories')}
      addLabel={tr.t('console-catalog-add-category')}
      head={[
        tr.t('console-catalog-name'),
        tr.t('console-catalog-sort-order'),
        tr.t('console-catalog-active-limit'),
        tr.t('console-catalog-state'),
      ]}
      create={trpc.clinic.categories.create}
      form={(props) => <CategoryForm {...props} />}
    >
      {categories.data.map((category) => (
        <CatalogRow
          key={category.id}
          id={category.id}
          testId={`category-${category.id}`}
          inactive={!category.active}
          cells={[
            category.name[tr.language],
            category.sortOrder,
            category.activeLimit ?? tr.t('console-catalog-default'),
            tr.t(category.active ? 'console-catalog-on' : 'console-catalog-off'),
          ]}
          update={trpc.clinic.categories.update}
          editLabel={tr.t('console-catalog-edit-category')}
          form={(props: FormProps<CategoryValues>) => <CategoryForm {...props} category={category} />}
        />
      ))}
    </CatalogSection>
  );
}
