import { type ReactNode, useState } from 'react';
import { errorText } from './errors.ts';
import { useT } from './i18n.tsx';

/** A failed call, said in the staff member's language (role=alert: screen readers hear it). */
export function ErrorNote({ error }: { error: unknown }) {
  const tr = useT();
  if (!error) return null;
  return (
    <p className="note note-error" role="alert">
      {errorText(tr, error)}
    </p>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="card">
      <header className="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A table that scrolls sideways on a narrow screen instead of squeezing its columns. */
export function Table({ head, children, label }: { head: ReactNode[]; children: ReactNode; label: string }) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {head.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of headings
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Loading() {
  const tr = useT();
  return <p className="muted">{tr.t('console-loading')}</p>;
}

/** A button that asks once more before it does something that cannot be undone. */
export function ConfirmButton({
  label,
  confirm,
  onConfirm,
  disabled,
}: {
  label: string;
  confirm: string;
  onConfirm(): void;
  disabled?: boolean;
}) {
  const tr = useT();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="danger-quiet" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirm}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {tr.t('console-cancel')}
      </button>
    </span>
  );
}
