import { setTimeout as sleep } from 'node:timers/promises';
import type { PaymentsCtx } from '../../modules/payments/payments.context.ts';
import { hooks } from '../../server/modules.ts';
import { silentLogger } from '../../shared/log.ts';
import type { TestApp } from './app.ts';

/** Raw rows of the test's database (what a test checks behind the API's back). */
export const sqlOf =
  (t: TestApp) =>
  (query: string, params: unknown[] = []) =>
    t.app.orm.em.fork().getConnection().execute(query, params) as Promise<Record<string, unknown>[]>;

/** The payments module's context as its background work has it: the system acts. */
export const systemPayments = (t: TestApp): PaymentsCtx => ({
  em: t.app.orm.em.fork(),
  clock: t.app.clock,
  caller: { kind: 'system' },
  settings: t.app.settings,
  hooks,
  log: silentLogger,
});

/** How many receipts (documents of kind `receipt`) a patient has. */
export async function receiptsOf(t: TestApp, patientId: number): Promise<number> {
  const [row] = await sqlOf(t)(
    `select count(*)::int as n from documents_document where kind = 'receipt' and patient_id = ?`,
    [patientId],
  );
  return Number(row!.n);
}

/**
 * Waits until the bot has told the API which message shows a payment's link (the newest attempt
 * when no id is given): a patient answers the bank only after reading the link, and a payment
 * confirmed before that gets "paid" as a new message rather than as the link's edit.
 */
export async function linkShown(t: TestApp, paymentId?: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const [row] = paymentId
      ? await sqlOf(t)('select message_id from payments_payment where id = ?', [paymentId])
      : await sqlOf(t)('select message_id from payments_payment order by created_at desc limit 1');
    if (row?.message_id != null) return;
    if (Date.now() > deadline) throw new Error('the bot never reported the link’s message');
    await sleep(25);
  }
}
