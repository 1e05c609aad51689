import { type UseMutationOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTRPC } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Section, Table } from '../../ui.tsx';
import { FormButtons } from './fields.tsx';

/** What a catalog form is given, whether it adds an item or changes one. */
export interface FormProps<Values> {
  label: string;
  pending: boolean;
  error: unknown;
  onCancel(): void;
  onSave(values: Values): void;
}

/**
 * A catalog form's frame: its fields, then what keeps it from saving (the form's own note, the
 * server's error) and its buttons. `read` gives the values to save from what was typed in, or null
 * when the note says why not.
 */
export function CatalogForm<Values>({
  label,
  pending,
  error,
  onCancel,
  onSave,
  read,
  note,
  children,
}: FormProps<Values> & { read(form: FormData): Values | null; note?: string | false; children: ReactNode }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = read(new FormData(event.currentTarget));
    if (values) onSave(values);
  };
  return (
    <form className="edit-grid" onSubmit={submit} aria-label={label}>
      {children}
      {note && (
        <p className="note note-error" role="alert">
          {note}
        </p>
      )}
      <ErrorNote error={error} />
      <FormButtons pending={pending} onCancel={onCancel} />
    </form>
  );
}

/** A catalog mutation as `useTRPC()` gives it, e.g. `trpc.clinic.branches.create`. */
interface Procedure<Input, Output, Err> {
  mutationOptions(options: { onSuccess: () => Promise<void> }): UseMutationOptions<Output, Err, Input>;
}

/** A saved change refreshes every catalog list (a service's category, a doctor's services…). */
function useCatalogMutation<Input, Output, Err>(procedure: Procedure<Input, Output, Err>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    procedure.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clinic.pathKey() }),
    }),
  );
}

/**
 * A part of the catalog: its table, and a button that opens a form to add one more (the form
 * closes once the item is saved).
 */
export function CatalogSection<Values, Output, Err>({
  title,
  addLabel,
  head,
  create,
  form,
  children,
}: {
  title: string;
  addLabel: string;
  /** The columns' headings; the column of the row's buttons comes last. */
  head: string[];
  create: Procedure<Values, Output, Err>;
  form(props: FormProps<Values>): ReactNode;
  children: ReactNode;
}) {
  const [adding, setAdding] = useState(false);
  const save = useCatalogMutation(create);
  return (
    <Section
      title={title}
      actions={
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          {addLabel}
        </button>
      }
    >
      {adding &&
        form({
          label: addLabel,
          pending: save.isPending,
          error: save.error,
          onCancel: () => setAdding(false),
          onSave: (values) => save.mutate(values, { onSuccess: () => setAdding(false) }),
        })}
      <Table label={title} head={[...head, '']}>
        {children}
      </Table>
    </Section>
  );
}

/** A row of the catalog and, under it, its editing form when open. */
export function CatalogRow<Values extends object, Output, Err>({
  id,
  testId,
  inactive,
  cells,
  extra,
  update,
  editLabel,
  form,
}: {
  id: number;
  testId: string;
  inactive: boolean;
  cells: ReactNode[];
  /** More buttons beside "Edit". */
  extra?: ReactNode;
  /** The values' type comes from `form` (annotate its props): inferred from here it would take the id in. */
  update: Procedure<NoInfer<Values> & { id: number }, Output, Err>;
  editLabel: string;
  form(props: FormProps<Values>): ReactNode;
}) {
  const tr = useT();
  const [editing, setEditing] = useState(false);
  const save = useCatalogMutation(update);
  return (
    <>
      <tr data-testid={testId} className={inactive ? 'inactive' : ''}>
        {cells.map((cell, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of cells
          <td key={i}>{cell}</td>
        ))}
        <td className="actions">
          <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {tr.t('console-catalog-edit')}
          </button>
          {extra}
        </td>
      </tr>
      {editing && (
        <tr className="row-extra">
          <td colSpan={cells.length + 1}>
            {form({
              label: editLabel,
              pending: save.isPending,
              error: save.error,
              onCancel: () => setEditing(false),
              onSave: (values) => save.mutate({ id, ...values }, { onSuccess: () => setEditing(false) }),
            })}
          </td>
        </tr>
      )}
    </>
  );
}
