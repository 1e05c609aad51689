import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTRPC } from '../api.ts';
import { useT } from '../i18n.tsx';
import { ErrorNote } from '../ui.tsx';

/**
 * A document a doctor writes for a patient of theirs, from the kinds the documents module issues
 * (a referral, a prescription, a certificate, laboratory results). Each kind's form gathers its
 * fields; the API checks them against the kind and answers in the staff member's language.
 */
export const ISSUED_KINDS = ['referral', 'prescription', 'certificate', 'lab_results'] as const;
type Kind = (typeof ISSUED_KINDS)[number];

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const optional = (form: FormData, name: string) => text(form, name) || null;
const numberOr = (value: string) => (value !== '' && Number.isFinite(Number(value)) ? Number(value) : value);

/** The rows of a list (medicines, tests): `${prefix}-${i}-${field}`, rows with a first field only. */
function rowsOf(form: FormData, prefix: string, count: number, first: string) {
  return Array.from({ length: count }, (_, i) => i).filter((i) => text(form, `${prefix}-${i}-${first}`));
}

function diagnosisOf(form: FormData) {
  const words = optional(form, 'diagnosis');
  return words ? { code: optional(form, 'diagnosisCode'), text: words } : null;
}

const BUILD: Record<Kind, (form: FormData, rows: number) => Record<string, unknown>> = {
  referral: (form) => ({
    to: text(form, 'to'),
    target: text(form, 'target'),
    reason: text(form, 'reason'),
    urgency: text(form, 'urgency'),
    diagnosis: diagnosisOf(form),
  }),
  prescription: (form, rows) => ({
    items: rowsOf(form, 'rx', rows, 'drug').map((i) => ({
      drug: text(form, `rx-${i}-drug`),
      dose: text(form, `rx-${i}-dose`),
      frequency: text(form, `rx-${i}-frequency`),
      durationDays: Number(text(form, `rx-${i}-days`)) || null,
    })),
    diagnosis: diagnosisOf(form),
  }),
  certificate: (form) => ({
    form: text(form, 'form'),
    purpose: text(form, 'purpose'),
    conclusion: text(form, 'conclusion'),
    diagnosis: diagnosisOf(form),
  }),
  lab_results: (form, rows) => ({
    panel: text(form, 'panel'),
    rows: rowsOf(form, 'lab', rows, 'name').map((i) => ({
      name: text(form, `lab-${i}-name`),
      value: numberOr(text(form, `lab-${i}-value`)),
      unit: optional(form, `lab-${i}-unit`),
      reference: optional(form, `lab-${i}-reference`),
    })),
    comment: optional(form, 'comment'),
  }),
};

function Field({ name, label, children }: { name: string; label: string; children?: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is its child, given or the default input
    <label>
      {label}
      {children ?? <input name={name} autoComplete="off" />}
    </label>
  );
}

function Diagnosis() {
  const tr = useT();
  return (
    <>
      <Field name="diagnosisCode" label={tr.t('console-doctor-doc-diagnosis-code')}>
        <input
          name="diagnosisCode"
          autoComplete="off"
          pattern="[A-Z][0-9]{2}(\.[0-9]{1,2})?"
          placeholder="J06.9"
        />
      </Field>
      <Field name="diagnosis" label={tr.t('console-doctor-doc-diagnosis')} />
    </>
  );
}

/** Rows of a list with "add one more": each row's inputs named by its index. */
function Rows({
  prefix,
  count,
  onMore,
  columns,
}: {
  prefix: string;
  count: number;
  onMore(): void;
  columns: { field: string; label: string; required?: boolean; type?: string }[];
}) {
  const tr = useT();
  return (
    <fieldset className="care-rows">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows only ever grow; the index is the row
        <div className="care-row" key={i}>
          {columns.map((c) => (
            <label key={c.field}>
              {c.label}
              <input
                name={`${prefix}-${i}-${c.field}`}
                type={c.type ?? 'text'}
                min={c.type === 'number' ? 1 : undefined}
                required={i === 0 && c.required}
                autoComplete="off"
              />
            </label>
          ))}
        </div>
      ))}
      <button type="button" onClick={onMore}>
        {tr.t('console-doctor-doc-add-row')}
      </button>
    </fieldset>
  );
}

function KindFields({ kind, rows, onMore }: { kind: Kind; rows: number; onMore(): void }) {
  const tr = useT();
  const f = (key: string) => tr.t(`console-doctor-doc-${key}`);
  switch (kind) {
    case 'referral':
      return (
        <>
          <Field name="to" label={f('referral-to')}>
            <select name="to" defaultValue="specialist">
              {['specialist', 'tests', 'hospitalisation'].map((to) => (
                <option key={to} value={to}>
                  {f(`referral-to-${to}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field name="target" label={f('referral-target')}>
            <input name="target" required autoComplete="off" />
          </Field>
          <Field name="urgency" label={f('referral-urgency')}>
            <select name="urgency" defaultValue="planned">
              <option value="planned">{f('referral-planned')}</option>
              <option value="urgent">{f('referral-urgent')}</option>
            </select>
          </Field>
          <Diagnosis />
          <Field name="reason" label={f('referral-reason')}>
            <textarea name="reason" rows={3} required />
          </Field>
        </>
      );
    case 'prescription':
      return (
        <>
          <Diagnosis />
          <Rows
            prefix="rx"
            count={rows}
            onMore={onMore}
            columns={[
              { field: 'drug', label: f('rx-drug'), required: true },
              { field: 'dose', label: f('rx-dose'), required: true },
              { field: 'frequency', label: f('rx-frequency'), required: true },
              { field: 'days', label: f('rx-days'), type: 'number' },
            ]}
          />
        </>
      );
    case 'certificate':
      return (
        <>
          <Field name="form" label={f('certificate-form')}>
            <input name="form" required defaultValue="075/у" autoComplete="off" />
          </Field>
          <Field name="purpose" label={f('certificate-purpose')}>
            <input name="purpose" required autoComplete="off" />
          </Field>
          <Diagnosis />
          <Field name="conclusion" label={f('certificate-conclusion')}>
            <textarea name="conclusion" rows={3} required />
          </Field>
        </>
      );
    case 'lab_results':
      return (
        <>
          <Field name="panel" label={f('lab-panel')}>
            <input name="panel" required autoComplete="off" />
          </Field>
          <Rows
            prefix="lab"
            count={rows}
            onMore={onMore}
            columns={[
              { field: 'name', label: f('lab-name'), required: true },
              { field: 'value', label: f('lab-value'), required: true },
              { field: 'unit', label: f('lab-unit') },
              { field: 'reference', label: f('lab-reference') },
            ]}
          />
          <Field name="comment" label={f('lab-comment')}>
            <textarea name="comment" rows={2} />
          </Field>
        </>
      );
  }
}

export function IssueDocument({
  patientId,
  appointmentId,
  onIssued,
}: {
  patientId: number;
  appointmentId: number | null;
  onIssued(number: string): void;
}) {
  const tr = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('referral');
  const [rows, setRows] = useState(1);
  const issue = useMutation(
    trpc.documents.staff.issue.mutationOptions({
      onSuccess: (document) => {
        onIssued(document.number);
        return queryClient.invalidateQueries({ queryKey: trpc.documents.staff.list.queryKey({ patientId }) });
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const language = text(form, 'language');
    issue.mutate(
      {
        patientId,
        appointmentId,
        kind,
        fields: BUILD[kind](form, rows),
        language: language === 'ru' || language === 'kk' ? language : null,
      },
      {
        onSuccess: () => {
          element.reset();
          setRows(1);
        },
      },
    );
  };
  return (
    <form className="form-grid care-issue" onSubmit={submit} aria-label={tr.t('console-doctor-doc-issue')}>
      <label>
        {tr.t('console-doctor-doc-kind')}
        <select
          name="kind"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as Kind);
            setRows(1);
            issue.reset();
          }}
        >
          {ISSUED_KINDS.map((k) => (
            <option key={k} value={k}>
              {tr.t(`console-doctor-kind-${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr.t('console-doctor-doc-language')}
        <select name="language" defaultValue="">
          <option value="">{tr.t('console-doctor-doc-language-patient')}</option>
          <option value="ru">{tr.t('console-language-name-ru')}</option>
          <option value="kk">{tr.t('console-language-name-kk')}</option>
        </select>
      </label>
      <KindFields kind={kind} rows={rows} onMore={() => setRows(rows + 1)} />
      <ErrorNote error={issue.error} />
      <button type="submit" className="primary" disabled={issue.isPending}>
        {tr.t('console-doctor-doc-issue')}
      </button>
    </form>
  );
}
