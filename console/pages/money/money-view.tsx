import './strings.ts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import { money, tiynOf } from '../../components/money.ts';
import { MoreButton } from '../../components/more.tsx';
import { useT } from '../../i18n.tsx';
import { ErrorNote, Loading, Section, Table } from '../../ui.tsx';
import '../admin.css';

type Inputs = inferRouterInputs<AppRouter>['payments']['staff'];
type Outputs = inferRouterOutputs<AppRouter>['payments']['staff'];
type Filter = Omit<Inputs['invoices'], 'cursor' | 'limit'>;
type Invoice = Outputs['invoices']['items'][number];
type Payment = Outputs['payments']['items'][number];

const STATUSES = ['unpaid', 'paid', 'void'] as const;

function Filters({ onApply }: { onApply(filter: Filter): void }) {
  const tr = useT();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    onApply({
      ...(text('patientId') ? { patientId: Number(text('patientId')) } : {}),
      ...(text('status') ? { status: text('status') as Filter['status'] } : {}),
      ...(text('day') ? { day: text('day') } : {}),
    });
  };
  return (
    <form
      className="form-grid filters"
      onSubmit={submit}
      onReset={() => onApply({})}
      aria-label={tr.t('console-money-filters')}
    >
      <label>
        {tr.t('console-money-day')}
        <input name="day" type="date" />
      </label>
      <label>
        {tr.t('console-money-status')}
        <select name="status" defaultValue="">
          <option value="">{tr.t('console-money-any-status')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {tr.t(`console-money-status-${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr.t('console-money-patient')}
        <input name="patientId" type="number" min={1} inputMode="numeric" />
      </label>
      <div className="buttons">
        <button type="submit" className="primary">
          {tr.t('console-money-apply')}
        </button>
        <button type="reset">{tr.t('console-money-clear')}</button>
      </div>
    </form>
  );
}

/** Give back a paid payment, whole or part; one key per form, so a double click is one refund. */
function RefundForm({ payment, onDone }: { payment: Payment; onDone(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const [bad, setBad] = useState(false);
  const left = payment.amountTiyn - payment.refundedTiyn;
  const refund = useMutation(
    trpc.payments.staff.refund.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.payments.pathKey() });
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amountText = String(form.get('amount') ?? '').trim();
    const amountTiyn = amountText ? tiynOf(amountText) : undefined;
    setBad(amountTiyn === null);
    if (amountTiyn === null) return;
    refund.mutate({
      paymentId: payment.id,
      ...(amountTiyn ? { amountTiyn } : {}),
      reason: String(form.get('reason')),
      idempotencyKey: key,
    });
  };
  return (
    <form className="edit-grid" onSubmit={submit} aria-label={tr.t('console-money-refund')}>
      <label>
        {tr.t('console-money-refund-amount', { left: money(tr, left) })}
        <input name="amount" inputMode="decimal" placeholder={String(left / 100)} />
      </label>
      <label>
        {tr.t('console-money-refund-reason')}
        <input name="reason" required minLength={3} maxLength={500} />
      </label>
      {bad && (
        <p className="note note-error" role="alert">
          {tr.t('console-money-bad-amount')}
        </p>
      )}
      <ErrorNote error={refund.error} />
      <div className="buttons">
        <button type="submit" className="danger" disabled={refund.isPending}>
          {tr.t('console-money-refund-confirm')}
        </button>
        <button type="button" onClick={onDone}>
          {tr.t('console-cancel')}
        </button>
      </div>
    </form>
  );
}

function Refunds({ paymentId }: { paymentId: string }) {
  const tr = useT();
  const trpc = useTRPC();
  const refunds = useQuery(trpc.payments.staff.refunds.queryOptions({ paymentId }));
  if (!refunds.data?.length) return null;
  return (
    <ul className="links" data-testid="refunds">
      {refunds.data.map((r) => (
        <li key={r.id}>
          {tr.dateTime(r.createdAt)} · {money(tr, r.amountTiyn)} · {tr.t(`console-money-refund-${r.status}`)}{' '}
          · {r.reason}
        </li>
      ))}
    </ul>
  );
}

function PaymentRow({ payment }: { payment: Payment }) {
  const tr = useT();
  const [refunding, setRefunding] = useState(false);
  const refundable = payment.status === 'paid' && payment.amountTiyn > payment.refundedTiyn;
  return (
    <>
      <tr data-testid={`payment-${payment.orderNumber}`}>
        <td className="nowrap">{tr.dateTime(payment.createdAt)}</td>
        <td>{payment.provider === 'kaspi' ? 'Kaspi' : 'Halyk'}</td>
        <td data-testid="payment-status">{tr.t(`console-money-payment-${payment.status}`)}</td>
        <td className="num">{money(tr, payment.amountTiyn)}</td>
        <td className="num" data-testid="payment-refunded">
          {money(tr, payment.refundedTiyn)}
        </td>
        <td className="actions">
          {refundable && !refunding && (
            <button type="button" onClick={() => setRefunding(true)}>
              {tr.t('console-money-refund')}
            </button>
          )}
        </td>
      </tr>
      <tr className="row-extra">
        <td colSpan={6}>
          <Refunds paymentId={payment.id} />
          {refunding && <RefundForm payment={payment} onDone={() => setRefunding(false)} />}
        </td>
      </tr>
    </>
  );
}

/** One invoice: its lines, its payments and what was given back (reading it is audited). */
function InvoiceDetail({ invoiceId, onClose }: { invoiceId: number; onClose(): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const invoice = useQuery(trpc.payments.staff.invoice.queryOptions({ invoiceId }));
  const payments = useQuery(trpc.payments.staff.payments.queryOptions({ invoiceId, limit: 50 }));
  const title = invoice.data
    ? tr.t('console-money-invoice', { number: invoice.data.number })
    : tr.t('console-loading');
  return (
    <Section
      title={title}
      actions={
        <button type="button" onClick={onClose}>
          {tr.t('console-money-close')}
        </button>
      }
    >
      {invoice.isError && <ErrorNote error={invoice.error} />}
      {invoice.data && (
        <div className="detail" data-testid="invoice-detail">
          <p>
            {tr.t('console-money-patient')}: {invoice.data.patientId} ·{' '}
            {tr.t(`console-money-status-${invoice.data.status}`)} · {tr.dateTime(invoice.data.createdAt)}
            {invoice.data.voidReason ? ` · ${invoice.data.voidReason}` : ''}
          </p>
          <Table
            label={tr.t('console-money-lines')}
            head={[tr.t('console-money-line'), tr.t('console-money-quantity'), tr.t('console-money-amount')]}
          >
            {invoice.data.lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id; their order is fixed
              <tr key={i}>
                <td>{l.title[tr.language]}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{money(tr, l.amountTiyn)}</td>
              </tr>
            ))}
          </Table>
          <h3>{tr.t('console-money-payments')}</h3>
          {payments.isPending ? (
            <Loading />
          ) : payments.isError ? (
            <ErrorNote error={payments.error} />
          ) : payments.data.items.length ? (
            <Table
              label={tr.t('console-money-payments')}
              head={[
                tr.t('console-money-created'),
                tr.t('console-money-provider'),
                tr.t('console-money-status'),
                tr.t('console-money-amount'),
                tr.t('console-money-refunded'),
                '',
              ]}
            >
              {payments.data.items.map((p) => (
                <PaymentRow key={p.id} payment={p} />
              ))}
            </Table>
          ) : (
            <p className="muted">{tr.t('console-money-no-payments')}</p>
          )}
        </div>
      )}
    </Section>
  );
}

function InvoiceRow({ invoice, onOpen }: { invoice: Invoice; onOpen(): void }) {
  const tr = useT();
  return (
    <tr data-testid={`invoice-${invoice.number}`} className={invoice.status === 'void' ? 'inactive' : ''}>
      <td className="nowrap">{invoice.number}</td>
      <td className="nowrap">{tr.dateTime(invoice.createdAt)}</td>
      <td>{invoice.patientId}</td>
      <td className={`status-${invoice.status}`} data-testid="status">
        {tr.t(`console-money-status-${invoice.status}`)}
      </td>
      <td className="num">{money(tr, invoice.totalTiyn)}</td>
      <td className="num">{money(tr, invoice.paidTiyn)}</td>
      <td className="num" data-testid="refunded">
        {money(tr, invoice.refundedTiyn)}
      </td>
      <td className="actions">
        <button type="button" onClick={onOpen}>
          {tr.t('console-money-open')}
        </button>
      </td>
    </tr>
  );
}

function Invoices({ filter, onOpen }: { filter: Filter; onOpen(id: number): void }) {
  const tr = useT();
  const trpc = useTRPC();
  const invoices = useInfiniteQuery(
    trpc.payments.staff.invoices.infiniteQueryOptions(
      { ...filter, limit: 30 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  if (invoices.isPending) return <Loading />;
  if (invoices.isError) return <ErrorNote error={invoices.error} />;
  const items = invoices.data.pages.flatMap((p) => p.items);
  if (!items.length) return <p className="muted">{tr.t('console-money-none')}</p>;
  return (
    <>
      <Table
        label={tr.t('console-money-invoices')}
        head={[
          tr.t('console-money-number'),
          tr.t('console-money-created'),
          tr.t('console-money-patient'),
          tr.t('console-money-status'),
          tr.t('console-money-total'),
          tr.t('console-money-paid'),
          tr.t('console-money-refunded'),
          '',
        ]}
      >
        {items.map((invoice) => (
          <InvoiceRow key={invoice.id} invoice={invoice} onOpen={() => onOpen(invoice.id)} />
        ))}
      </Table>
      <MoreButton query={invoices} />
    </>
  );
}

export default function Money() {
  const tr = useT();
  const [filter, setFilter] = useState<Filter>({});
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <h1>{tr.t('console-money-title')}</h1>
      {open !== null && <InvoiceDetail key={open} invoiceId={open} onClose={() => setOpen(null)} />}
      <Section title={tr.t('console-money-invoices')}>
        <Filters onApply={setFilter} />
        <Invoices filter={filter} onOpen={setOpen} />
      </Section>
    </>
  );
}
