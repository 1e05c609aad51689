import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote } from '../../ui.tsx';
import { type Filter, type Kind, localized, numberOr, useCatalog, useDebounced } from './common.tsx';

/**
 * The audience as staff compose it: every condition filled in must hold, an empty one is left
 * out of the filter (so an untouched builder is everyone). The fields are the API's filter one by
 * one; "a visit at a branch on a day" is offered for service notices only.
 */
type Range = { min?: number; max?: number };

/** The filter with `key` set, or without it when the value is empty. */
function withValue<K extends keyof Filter>(filter: Filter, key: K, value: Filter[K] | undefined): Filter {
  const next = { ...filter };
  const empty =
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.values(value).every((v) => v === undefined));
  if (empty) delete next[key];
  else next[key] = value;
  return next;
}

function toggled<T>(list: readonly T[] | undefined, item: T, on: boolean): T[] {
  const rest = (list ?? []).filter((x) => x !== item);
  return on ? [...rest, item] : rest;
}

function RangeInputs({ value, onChange, label }: { value?: Range; onChange(v: Range): void; label: string }) {
  const tr = useT();
  return (
    <fieldset className="bc-range">
      <legend>{label}</legend>
      {(['min', 'max'] as const).map((end) => (
        <label key={end}>
          {tr.t(end === 'min' ? 'console-broadcasts-from' : 'console-broadcasts-to')}
          <input
            type="number"
            min={0}
            max={120}
            value={value?.[end] ?? ''}
            onChange={(e) => onChange({ ...value, [end]: numberOr(e.target.value) })}
          />
        </label>
      ))}
    </fieldset>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="bc-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

const NPS_KEYS = {
  promoter: 'console-broadcasts-nps-promoter',
  passive: 'console-broadcasts-nps-passive',
  detractor: 'console-broadcasts-nps-detractor',
} as const;

export function AudienceBuilder({
  value,
  onChange,
  kind,
  disabled,
}: {
  value: Filter;
  onChange(filter: Filter): void;
  /** A service notice may pick the people with a visit at a branch on a day. */
  kind?: Kind;
  disabled?: boolean;
}) {
  const tr = useT();
  const catalog = useCatalog();
  const set = <K extends keyof Filter>(key: K, v: Filter[K] | undefined) =>
    onChange(withValue(value, key, v));
  return (
    <fieldset className="bc-audience" disabled={disabled} aria-label={tr.t('console-broadcasts-audience')}>
      <ErrorNote error={catalog.error} />
      <div className="bc-row">
        <RangeInputs
          label={tr.t('console-broadcasts-age')}
          value={value.age}
          onChange={(v) => set('age', v)}
        />
        <label>
          {tr.t('console-broadcasts-sex')}
          <select
            value={value.sex ?? ''}
            onChange={(e) => set('sex', (e.target.value || undefined) as Filter['sex'])}
          >
            <option value="">{tr.t('console-broadcasts-any')}</option>
            <option value="female">{tr.t('console-broadcasts-sex-female')}</option>
            <option value="male">{tr.t('console-broadcasts-sex-male')}</option>
          </select>
        </label>
        <Group title={tr.t('console-broadcasts-languages')}>
          {(['ru', 'kk'] as const).map((language) => (
            <label key={language} className="check">
              <input
                type="checkbox"
                checked={value.languages?.includes(language) ?? false}
                onChange={(e) => set('languages', toggled(value.languages, language, e.target.checked))}
              />
              {tr.t(language === 'ru' ? 'console-language-name-ru' : 'console-language-name-kk')}
            </label>
          ))}
        </Group>
      </div>
      <Group title={tr.t('console-broadcasts-branches-visited')}>
        {catalog.branches.length === 0 && (
          <span className="muted">{tr.t('console-broadcasts-catalog-empty')}</span>
        )}
        {catalog.branches.map((branch) => (
          <label key={branch.id} className="check">
            <input
              type="checkbox"
              checked={value.branchIds?.includes(branch.id) ?? false}
              onChange={(e) => set('branchIds', toggled(value.branchIds, branch.id, e.target.checked))}
            />
            {localized(tr, branch.name)}
          </label>
        ))}
      </Group>
      <Group title={tr.t('console-broadcasts-services-used')}>
        {catalog.categories.length === 0 && (
          <span className="muted">{tr.t('console-broadcasts-catalog-empty')}</span>
        )}
        <div className="bc-pick">
          {catalog.categories.map((category) => (
            <div key={category.id}>
              <label className="check bc-category">
                <input
                  type="checkbox"
                  checked={value.categoryIds?.includes(category.id) ?? false}
                  onChange={(e) =>
                    set('categoryIds', toggled(value.categoryIds, category.id, e.target.checked))
                  }
                />
                {localized(tr, category.name)} · {tr.t('console-broadcasts-whole-category')}
              </label>
              <div className="bc-services">
                {catalog.services
                  .filter((s) => s.categoryId === category.id)
                  .map((service) => (
                    <label key={service.id} className="check">
                      <input
                        type="checkbox"
                        checked={value.serviceIds?.includes(service.id) ?? false}
                        onChange={(e) =>
                          set('serviceIds', toggled(value.serviceIds, service.id, e.target.checked))
                        }
                      />
                      {localized(tr, service.name)}
                    </label>
                  ))}
              </div>
            </div>
          ))}
        </div>
      </Group>
      <div className="bc-row">
        <label>
          {tr.t('console-broadcasts-last-visit-after')}
          <input
            type="date"
            value={value.lastVisitAfter ?? ''}
            onChange={(e) => set('lastVisitAfter', e.target.value || undefined)}
          />
        </label>
        <label>
          {tr.t('console-broadcasts-last-visit-before')}
          <input
            type="date"
            value={value.lastVisitBefore ?? ''}
            onChange={(e) => set('lastVisitBefore', e.target.value || undefined)}
          />
        </label>
        <label>
          {tr.t('console-broadcasts-no-visit-days')}
          <input
            type="number"
            min={1}
            max={3650}
            value={value.noVisitDays ?? ''}
            onChange={(e) => set('noVisitDays', numberOr(e.target.value))}
          />
        </label>
        <label>
          {tr.t('console-broadcasts-missed-days')}
          <input
            type="number"
            min={1}
            max={365}
            value={value.missedWithinDays ?? ''}
            onChange={(e) => set('missedWithinDays', numberOr(e.target.value))}
          />
        </label>
        <label>
          {tr.t('console-broadcasts-upcoming')}
          <select
            value={value.upcomingVisit === undefined ? '' : String(value.upcomingVisit)}
            onChange={(e) =>
              set('upcomingVisit', e.target.value === '' ? undefined : e.target.value === 'true')
            }
          >
            <option value="">{tr.t('console-broadcasts-any')}</option>
            <option value="true">{tr.t('console-broadcasts-yes')}</option>
            <option value="false">{tr.t('console-broadcasts-no')}</option>
          </select>
        </label>
      </div>
      <div className="bc-row">
        <Group title={tr.t('console-broadcasts-nps')}>
          {(['promoter', 'passive', 'detractor'] as const).map((group) => (
            <label key={group} className="check">
              <input
                type="checkbox"
                checked={value.npsGroups?.includes(group) ?? false}
                onChange={(e) => set('npsGroups', toggled(value.npsGroups, group, e.target.checked))}
              />
              {tr.t(NPS_KEYS[group])}
            </label>
          ))}
        </Group>
        <RangeInputs
          label={tr.t('console-broadcasts-guardians-of')}
          value={value.guardiansOfChildrenAged}
          onChange={(v) => set('guardiansOfChildrenAged', v)}
        />
      </div>
      {kind === 'service' && (
        <Group title={tr.t('console-broadcasts-visit-at')}>
          <div className="bc-row">
            <label>
              {tr.t('console-broadcasts-branch')}
              <select
                value={value.visitAt?.branchId ?? ''}
                onChange={(e) =>
                  set(
                    'visitAt',
                    e.target.value
                      ? { branchId: Number(e.target.value), date: value.visitAt?.date ?? '' }
                      : undefined,
                  )
                }
              >
                <option value="">—</option>
                {catalog.branches.map((branch) => (
                  <option key={branch.id} value={branch.id}>
                    {localized(tr, branch.name)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {tr.t('console-broadcasts-day')}
              <input
                type="date"
                value={value.visitAt?.date ?? ''}
                disabled={!value.visitAt}
                onChange={(e) => value.visitAt && set('visitAt', { ...value.visitAt, date: e.target.value })}
              />
            </label>
          </div>
        </Group>
      )}
    </fieldset>
  );
}

/** A filter the API would take: a half-filled "visit at" (no day yet) is not asked about. */
const complete = (filter: Filter): boolean => filter.visitAt?.date !== '';

/**
 * Who the audience reaches now, asked again once typing pauses: the count, per language, and a
 * few masked examples (a first name's first and last letter, an initial, age, sex) — the API
 * never gives an IIN or a phone here, and neither does this page.
 */
export function AudiencePreview({ filter, kind }: { filter: Filter; kind: Kind }) {
  const tr = useT();
  const trpc = useTRPC();
  const settled = useDebounced(filter, 400);
  const preview = useQuery(
    trpc.broadcasts.staff.preview.queryOptions(
      { audience: settled, kind },
      { enabled: complete(settled), placeholderData: keepPreviousData },
    ),
  );
  const data = preview.data;
  return (
    <section
      className="bc-preview"
      aria-label={tr.t('console-broadcasts-preview')}
      aria-busy={preview.isFetching}
    >
      <h3>{tr.t('console-broadcasts-preview')}</h3>
      <ErrorNote error={preview.error} />
      {data && (
        <>
          <p className="bc-count" data-testid="audience-count">
            {tr.t('console-broadcasts-preview-count', { count: data.count })}
          </p>
          <p className="muted" data-testid="audience-languages">
            {tr.t('console-broadcasts-preview-languages', { ru: data.byLanguage.ru, kk: data.byLanguage.kk })}
          </p>
          {kind === 'marketing' && <p className="muted">{tr.t('console-broadcasts-preview-consent')}</p>}
          {data.examples.length > 0 && (
            <>
              <h4>{tr.t('console-broadcasts-examples')}</h4>
              <ul className="bc-examples" aria-label={tr.t('console-broadcasts-examples')}>
                {data.examples.map((example, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: masked examples have no id of their own
                  <li key={i} data-testid="audience-example">
                    <strong>{example.name}</strong>{' '}
                    {tr.t('console-broadcasts-example', {
                      age: example.age,
                      sex: tr.t(
                        example.sex === 'female'
                          ? 'console-broadcasts-sex-female'
                          : 'console-broadcasts-sex-male',
                      ),
                      language: tr.t(
                        example.language === 'ru' ? 'console-language-name-ru' : 'console-language-name-kk',
                      ),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
