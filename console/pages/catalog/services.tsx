import { useMutation, useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import { money, tengeText, tiynOf } from '../../components/money.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import {
  Check,
  checked,
  EditableRow,
  FormButtons,
  LocalizedFields,
  localizedOf,
  textOf,
  useRefreshCatalog,
} from './fields.tsx';

type Outputs = inferRouterOutputs<AppRouter>['clinic'];
type Service = Outputs['services']['listAll'][number];
type Category = Outputs['categories']['listAll'][number];

const numberOrNull = (text: string) => (text === '' ? null : Number(text));

/** The fields of a service, for adding one or changing it; the price typed in tenge. */
function ServiceForm({
  service,
  categories,
  onSave,
  pending,
  error,
  onCancel,
  label,
}: {
  service?: Service;
  categories: Category[];
  onSave(values: Omit<Service, 'id' | 'description'>): void;
  pending: boolean;
  error: unknown;
  onCancel?: () => void;
  label: string;
}) {
  const tr = useT();
  const [badPrice, setBadPrice] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const priceTiyn = tiynOf(textOf(form, 'price'));
    setBadPrice(priceTiyn === null);
    if (priceTiyn === null) return;
    onSave({
      name: localizedOf(form, 'name'),
      categoryId: Number(textOf(form, 'categoryId')),
      durationMinutes: Number(textOf(form, 'durationMinutes')),
      priceTiyn,
      active: checked(form, 'active'),
      online: checked(form, 'online'),
      prepaid: checked(form, 'prepaid'),
      minAgeYears: numberOrNull(textOf(form, 'minAgeYears')),
      maxAgeYears: numberOrNull(textOf(form, 'maxAgeYears')),
    });
  };
  return (
    <form className="edit-grid" onSubmit={submit} aria-label={label}>
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
      {badPrice && (
        <p className="note note-error" role="alert">
          {tr.t('console-catalog-bad-price')}
        </p>
      )}
      <ErrorNote error={error} />
      <FormButtons pending={pending} onCancel={onCancel} />
    </form>
  );
}

function ServiceRow({ service, categories }: { service: Service; categories: Category[] }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefreshCatalog();
  const [editing, setEditing] = useState(false);
  const update = useMutation(trpc.clinic.services.update.mutationOptions({ onSuccess: refresh }));
  const category = categories.find((c) => c.id === service.categoryId);
  // One column for what sets it apart and whether it is offered: a tablet has no room for two.
  const flags = [
    tr.t(service.active ? 'console-catalog-on' : 'console-catalog-off'),
    service.online && tr.t('console-catalog-online'),
    service.prepaid && tr.t('console-catalog-prepaid'),
  ].filter(Boolean);
  return (
    <EditableRow
      testId={`service-${service.id}`}
      inactive={!service.active}
      editing={editing}
      setEditing={setEditing}
      cells={[
        service.name[tr.language],
        category?.name[tr.language] ?? '—',
        tr.t('console-catalog-minutes', { minutes: service.durationMinutes }),
        <span key="price" className="nowrap" data-testid="price">
          {money(tr, service.priceTiyn)}
        </span>,
        flags.join(', '),
      ]}
      form={
        <ServiceForm
          label={tr.t('console-catalog-edit-service')}
          service={service}
          categories={categories}
          pending={update.isPending}
          error={update.error}
          onCancel={() => setEditing(false)}
          onSave={(values) =>
            update.mutate({ id: service.id, ...values }, { onSuccess: () => setEditing(false) })
          }
        />
      }
    />
  );
}

export function Services() {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefreshCatalog();
  const services = useQuery(trpc.clinic.services.listAll.queryOptions());
  const categories = useQuery(trpc.clinic.categories.listAll.queryOptions());
  const create = useMutation(trpc.clinic.services.create.mutationOptions({ onSuccess: refresh }));
  const [adding, setAdding] = useState(false);
  if (services.isPending || categories.isPending) return <Loading />;
  if (services.isError || categories.isError) return <ErrorNote error={services.error ?? categories.error} />;
  const byCategory = [...services.data].sort(
    (a, b) =>
      a.categoryId - b.categoryId || a.name[tr.language].localeCompare(b.name[tr.language], tr.language),
  );
  return (
    <Section
      title={tr.t('console-catalog-services')}
      actions={
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          {tr.t('console-catalog-add-service')}
        </button>
      }
    >
      {adding && (
        <ServiceForm
          label={tr.t('console-catalog-add-service')}
          categories={categories.data.filter((c) => c.active)}
          pending={create.isPending}
          error={create.error}
          onCancel={() => setAdding(false)}
          onSave={(values) => create.mutate(values, { onSuccess: () => setAdding(false) })}
        />
      )}
      <Table
        label={tr.t('console-catalog-services')}
        head={[
          tr.t('console-catalog-name'),
          tr.t('console-catalog-category'),
          tr.t('console-catalog-duration'),
          tr.t('console-catalog-price'),
          tr.t('console-catalog-state'),
          '',
        ]}
      >
        {byCategory.map((s) => (
          <ServiceRow key={s.id} service={s} categories={categories.data} />
        ))}
      </Table>
    </Section>
  );
}

function CategoryForm({
  category,
  onSave,
  pending,
  error,
  onCancel,
  label,
}: {
  category?: Category;
  onSave(values: Omit<Category, 'id'>): void;
  pending: boolean;
  error: unknown;
  onCancel?: () => void;
  label: string;
}) {
  const tr = useT();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSave({
      name: localizedOf(form, 'name'),
      sortOrder: Number(textOf(form, 'sortOrder') || 0),
      activeLimit: numberOrNull(textOf(form, 'activeLimit')),
      active: checked(form, 'active'),
    });
  };
  return (
    <form className="edit-grid" onSubmit={submit} aria-label={label}>
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
      <ErrorNote error={error} />
      <FormButtons pending={pending} onCancel={onCancel} />
    </form>
  );
}

function CategoryRow({ category }: { category: Category }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefreshCatalog();
  const [editing, setEditing] = useState(false);
  const update = useMutation(trpc.clinic.categories.update.mutationOptions({ onSuccess: refresh }));
  return (
    <EditableRow
      testId={`category-${category.id}`}
      inactive={!category.active}
      editing={editing}
      setEditing={setEditing}
      cells={[
        category.name[tr.language],
        category.sortOrder,
        category.activeLimit ?? tr.t('console-catalog-default'),
        tr.t(category.active ? 'console-catalog-on' : 'console-catalog-off'),
      ]}
      form={
        <CategoryForm
          label={tr.t('console-catalog-edit-category')}
          category={category}
          pending={update.isPending}
          error={update.error}
          onCancel={() => setEditing(false)}
          onSave={(values) =>
            update.mutate({ id: category.id, ...values }, { onSuccess: () => setEditing(false) })
          }
        />
      }
    />
  );
}

export function Categories() {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefreshCatalog();
  const categories = useQuery(trpc.clinic.categories.listAll.queryOptions());
  const create = useMutation(trpc.clinic.categories.create.mutationOptions({ onSuccess: refresh }));
  const [adding, setAdding] = useState(false);
  if (categories.isPending) return <Loading />;
  if (categories.isError) return <ErrorNote error={categories.error} />;
  return (
    <Section
      title={tr.t('console-catalog-categories')}
      actions={
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          {tr.t('console-catalog-add-category')}
        </button>
      }
    >
      {adding && (
        <CategoryForm
          label={tr.t('console-catalog-add-category')}
          pending={create.isPending}
          error={create.error}
          onCancel={() => setAdding(false)}
          onSave={(values) => create.mutate(values, { onSuccess: () => setAdding(false) })}
        />
      )}
      <Table
        label={tr.t('console-catalog-categories')}
        head={[
          tr.t('console-catalog-name'),
          tr.t('console-catalog-sort-order'),
          tr.t('console-catalog-active-limit'),
          tr.t('console-catalog-state'),
          '',
        ]}
      >
        {categories.data.map((c) => (
          <CategoryRow key={c.id} category={c} />
        ))}
      </Table>
    </Section>
  );
}
