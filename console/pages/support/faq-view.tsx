import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ConfirmButton, ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import '../../care.css';
import './strings.ts';

/**
 * The FAQ the bot answers from, in both languages (both required: patients read either): topics,
 * and in each its questions with answers, drafts until published. Not paged by the API: a clinic's
 * FAQ is tens of entries.
 */
type Outputs = inferRouterOutputs<AppRouter>['support']['staff']['faq'];
type Category = Outputs['categories'][number];
type Entry = Outputs['entries'][number];

const both = (form: FormData, name: string) => ({
  ru: String(form.get(`${name}-ru`) ?? '').trim(),
  kk: String(form.get(`${name}-kk`) ?? '').trim(),
});

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.support.staff.faq.pathKey() });
}

/** What saving a topic or an entry does, added or changed: closes its form and refreshes the FAQ. */
function useOnSaved(onDone: () => void) {
  const refresh = useRefresh();
  return {
    onSuccess: () => {
      onDone();
      return refresh();
    },
  };
}

function Pair({
  name,
  label,
  max,
  rows,
  value,
}: {
  name: string;
  label: string;
  max: number;
  rows?: number;
  value?: { ru: string; kk: string };
}) {
  const tr = useT();
  return (
    <>
      {(['ru', 'kk'] as const).map((language) => (
        // biome-ignore lint/a11y/noLabelWithoutControl: the control is its child, a textarea or an input
        <label key={language} className={rows ? 'wide' : undefined}>
          {label} ({tr.t(`console-language-name-${language}`)})
          {rows ? (
            <textarea
              name={`${name}-${language}`}
              rows={rows}
              maxLength={max}
              required
              defaultValue={value?.[language]}
            />
          ) : (
            <input
              name={`${name}-${language}`}
              maxLength={max}
              required
              defaultValue={value?.[language]}
              autoComplete="off"
            />
          )}
        </label>
      ))}
    </>
  );
}

/** A topic, new or changed: its name in both languages and its place in the list. */
function CategoryForm({ category, onDone }: { category?: Category; onDone(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const options = useOnSaved(onDone);
  const create = useMutation(trpc.support.staff.faq.createCategory.mutationOptions(options));
  const update = useMutation(trpc.support.staff.faq.updateCategory.mutationOptions(options));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const fields = {
      name: both(form, 'name'),
      sortOrder: Number(form.get('sortOrder') ?? 0),
      active: form.get('active') === 'on',
    };
    if (category) update.mutate({ categoryId: category.id, ...fields });
    else create.mutate(fields, { onSuccess: () => element.reset() });
  };
  const label = tr.t(category ? 'console-save' : 'console-support-faq-add-topic');
  return (
    <form
      className="care-faq"
      onSubmit={submit}
      aria-label={tr.t(category ? 'console-support-faq-edit-topic' : 'console-support-faq-add-topic')}
    >
      <Pair name="name" label={tr.t('console-support-faq-topic')} max={100} value={category?.name} />
      <label>
        {tr.t('console-support-faq-order')}
        <input name="sortOrder" type="number" min={0} max={10000} defaultValue={category?.sortOrder ?? 0} />
      </label>
      <label className="check">
        <input name="active" type="checkbox" defaultChecked={category?.active ?? true} />
        {tr.t('console-support-faq-active')}
      </label>
      <ErrorNote error={create.error ?? update.error} />
      <button type="submit" className="primary" disabled={create.isPending || update.isPending}>
        {label}
      </button>
    </form>
  );
}

/** A question and its answer, new or changed, in both languages; published or a draft. */
function EntryForm({ categoryId, entry, onDone }: { categoryId: number; entry?: Entry; onDone(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const options = useOnSaved(onDone);
  const create = useMutation(trpc.support.staff.faq.createEntry.mutationOptions(options));
  const update = useMutation(trpc.support.staff.faq.updateEntry.mutationOptions(options));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const fields = {
      question: both(form, 'question'),
      answer: both(form, 'answer'),
      sortOrder: Number(form.get('sortOrder') ?? 0),
      published: form.get('published') === 'on',
    };
    if (entry) update.mutate({ entryId: entry.id, ...fields });
    else create.mutate({ categoryId, ...fields }, { onSuccess: () => element.reset() });
  };
  return (
    <form
      className="care-faq"
      onSubmit={submit}
      aria-label={tr.t(entry ? 'console-support-faq-edit-entry' : 'console-support-faq-add-entry')}
    >
      <Pair name="question" label={tr.t('console-support-faq-question')} max={300} value={entry?.question} />
      <Pair
        name="answer"
        label={tr.t('console-support-faq-answer')}
        max={3000}
        rows={4}
        value={entry?.answer}
      />
      <label>
        {tr.t('console-support-faq-order')}
        <input name="sortOrder" type="number" min={0} max={10000} defaultValue={entry?.sortOrder ?? 0} />
      </label>
      <label className="check">
        <input name="published" type="checkbox" defaultChecked={entry?.published ?? false} />
        {tr.t('console-support-faq-published')}
      </label>
      <ErrorNote error={create.error ?? update.error} />
      <button type="submit" className="primary" disabled={create.isPending || update.isPending}>
        {tr.t(entry ? 'console-save' : 'console-support-faq-add-entry')}
      </button>
    </form>
  );
}

function EntryRow({ entry, categoryId }: { entry: Entry; categoryId: number }) {
  const tr = useT();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [editing, setEditing] = useState(false);
  const remove = useMutation(trpc.support.staff.faq.removeEntry.mutationOptions({ onSuccess: refresh }));
  return (
    <>
      <tr data-testid={`entry-${entry.id}`}>
        <td>{entry.sortOrder}</td>
        <td>{entry.question[tr.language]}</td>
        <td>{tr.t(entry.published ? 'console-support-faq-is-published' : 'console-support-faq-is-draft')}</td>
        <td className="actions">
          <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {tr.t('console-support-faq-edit')}
          </button>
          <ConfirmButton
            label={tr.t('console-support-faq-remove')}
            confirm={tr.t('console-support-faq-remove-confirm')}
            disabled={remove.isPending}
            onConfirm={() => remove.mutate({ entryId: entry.id })}
          />
        </td>
      </tr>
      {(editing || remove.error) && (
        <tr className="row-extra">
          <td colSpan={4}>
            {editing && <EntryForm categoryId={categoryId} entry={entry} onDone={() => setEditing(false)} />}
            <ErrorNote error={remove.error} />
          </td>
        </tr>
      )}
    </>
  );
}

function Entries({ category }: { category: Category }) {
  const tr = useT();
  const trpc = useTRPC();
  const [editingTopic, setEditingTopic] = useState(false);
  const entries = useQuery(trpc.support.staff.faq.entries.queryOptions({ categoryId: category.id }));
  return (
    <Section
      title={category.name[tr.language]}
      actions={
        <button type="button" aria-expanded={editingTopic} onClick={() => setEditingTopic(!editingTopic)}>
          {tr.t('console-support-faq-edit-topic')}
        </button>
      }
    >
      {editingTopic && <CategoryForm category={category} onDone={() => setEditingTopic(false)} />}
      {entries.isPending ? (
        <Loading />
      ) : entries.isError ? (
        <ErrorNote error={entries.error} />
      ) : entries.data.length === 0 ? (
        <p className="muted">{tr.t('console-support-faq-no-entries')}</p>
      ) : (
        <Table
          label={tr.t('console-support-faq-entries')}
          head={[
            tr.t('console-support-faq-order'),
            tr.t('console-support-faq-question'),
            tr.t('console-support-status'),
            '',
          ]}
        >
          {entries.data.map((entry) => (
            <EntryRow key={entry.id} entry={entry} categoryId={category.id} />
          ))}
        </Table>
      )}
      <h3>{tr.t('console-support-faq-add-entry')}</h3>
      <EntryForm categoryId={category.id} onDone={() => {}} />
    </Section>
  );
}

export default function Faq() {
  const tr = useT();
  const trpc = useTRPC();
  const categories = useQuery(trpc.support.staff.faq.categories.queryOptions());
  const [picked, setPicked] = useState<number | null>(null);
  const current = categories.data?.find((c) => c.id === picked) ?? categories.data?.[0] ?? null;
  return (
    <>
      <h1>{tr.t('console-support-page-faq')}</h1>
      <div className="care-split">
        <Section title={tr.t('console-support-faq-topics')}>
          {categories.isPending ? (
            <Loading />
          ) : categories.isError ? (
            <ErrorNote error={categories.error} />
          ) : (
            <fieldset className="care-tabs" aria-label={tr.t('console-support-faq-topics')}>
              {categories.data.map((c) => (
                <button
                  key={c.id}
                  type="button"
                  aria-pressed={c.id === current?.id}
                  onClick={() => setPicked(c.id)}
                >
                  {c.name[tr.language]}
                  {!c.active && ` (${tr.t('console-support-faq-hidden')})`}
                </button>
              ))}
            </fieldset>
          )}
          <h3>{tr.t('console-support-faq-add-topic')}</h3>
          <CategoryForm onDone={() => {}} />
        </Section>
        {current ? (
          <Entries key={current.id} category={current} />
        ) : (
          <section className="card muted">{tr.t('console-support-faq-no-topics')}</section>
        )}
      </div>
    </>
  );
}
