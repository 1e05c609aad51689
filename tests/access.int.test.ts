import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../server/router.ts';
import { DomainError } from '../shared/errors.ts';
import { type Access, type Caller, STAFF_ROLES, type StaffRole } from '../shared/roles.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { demoTherapy } from './support/demo.ts';
import { failure } from './support/errors.ts';
import { makeIin } from './support/iin.ts';
import { registerPatient } from './support/patients.ts';

/**
 * Every procedure × every kind of caller. A procedure must declare who may call it; callers it
 * does not admit get UNAUTHORIZED (no token) or FORBIDDEN, those it admits get past the door
 * (their call may still fail on its input, which is not an access decision).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const procedures = Object.entries(appRouter._def.procedures) as unknown as [
  string,
  { _def: { meta?: { access?: Access }; type: string } },
][];

const callers: [string, Caller][] = [
  ['anonymous', { kind: 'anonymous' }],
  ['bot', { kind: 'bot', name: 'bot', telegramUserId: 1 }],
  ...STAFF_ROLES.map((role): [string, Caller] => [
    `staff:${role}`,
    { kind: 'service', name: role, roles: [role] },
  ]),
];

/**
 * Who may call what, written out by hand: the test compares each procedure's real behaviour with
 * this table, never with the declaration the server itself reads, so a wrong role list in a router
 * fails here. A new procedure fails the completeness check until it is added.
 */
type Who = 'public' | 'bot' | readonly StaffRole[];
const ALL_STAFF = ['admin', 'registrar', 'operator', 'doctor', 'marketer'] as const;
const WHO: Record<string, Who> = {
  'auth.login': 'public',
  'auth.me': ALL_STAFF,
  'auth.logout': ALL_STAFF,
  'staff.list': ['admin'],
  'staff.create': ['admin'],
  'staff.update': ['admin'],
  'staff.deactivate': ['admin'],
  'staff.tokens.list': ['admin'],
  'staff.tokens.create': ['admin'],
  'staff.tokens.revoke': ['admin'],
  'audit.entries': ['admin'],
  'audit.export': ['admin'],
  'clinic.branches.list': 'public',
  'clinic.branches.get': 'public',
  'clinic.branches.listAll': ALL_STAFF,
  'clinic.branches.create': ['admin'],
  'clinic.branches.update': ['admin'],
  'clinic.branches.deactivate': ['admin'],
  'clinic.categories.list': 'public',
  'clinic.categories.listAll': ALL_STAFF,
  'clinic.categories.create': ['admin'],
  'clinic.categories.update': ['admin'],
  'clinic.categories.deactivate': ['admin'],
  'clinic.services.ofBranch': 'public',
  'clinic.services.get': 'public',
  'clinic.services.listAll': ALL_STAFF,
  'clinic.services.create': ['admin'],
  'clinic.services.update': ['admin'],
  'clinic.services.deactivate': ['admin'],
  'clinic.doctors.forService': 'public',
  'clinic.doctors.get': ALL_STAFF,
  'clinic.doctors.listAll': ALL_STAFF,
  'clinic.doctors.create': ['admin'],
  'clinic.doctors.update': ['admin'],
  'clinic.doctors.deactivate': ['admin'],
  'clinic.schedules.get': ALL_STAFF,
  'clinic.schedules.setWeekly': ['admin', 'registrar'],
  'clinic.schedules.addException': ['admin', 'registrar'],
  'clinic.schedules.removeException': ['admin', 'registrar'],
  'patients.me': 'bot',
  'patients.setBlocked': 'bot',
  'patients.registration.state': 'bot',
  'patients.registration.chooseLanguage': 'bot',
  'patients.registration.answerConsents': 'bot',
  'patients.registration.answerMarketing': 'bot',
  'patients.registration.setPhone': 'bot',
  'patients.registration.setNamePart': 'bot',
  'patients.registration.setIin': 'bot',
  'patients.registration.edit': 'bot',
  'patients.registration.complete': 'bot',
  'patients.registration.enterCode': 'bot',
  'patients.registration.sendCodeAgain': 'bot',
  'patients.registration.askDesk': 'bot',
  'patients.profile.get': 'bot',
  'patients.profile.setLanguage': 'bot',
  'patients.profile.changePhone': 'bot',
  'patients.profile.setMarketing': 'bot',
  'patients.profile.setTelegramDocuments': 'bot',
  'patients.profile.deletePreview': 'bot',
  'patients.profile.deleteMyData': 'bot',
  'patients.family.checkIin': 'bot',
  'patients.family.list': 'bot',
  'patients.family.add': 'bot',
  'patients.family.remove': 'bot',
  'patients.family.cancelRequest': 'bot',
  'patients.family.answerRequest': 'bot',
  'patients.family.guardians': 'bot',
  'patients.family.setGuardian': 'bot',
  'patients.staff.register': ['admin', 'registrar'],
  'patients.staff.identityChecks': ['admin', 'registrar'],
  'patients.staff.decideIdentity': ['admin', 'registrar'],
  'patients.staff.familyRequests': ['admin', 'registrar'],
  'patients.staff.decideFamilyRequest': ['admin', 'registrar'],
  'patients.staff.guardians': ['admin', 'registrar'],
  'patients.staff.endGuardianship': ['admin', 'registrar'],
  'botState.open': 'bot',
  'botState.read': 'bot',
  'botState.write': 'bot',
  'botState.delete': 'bot',
  'botState.forgetMe': 'bot',
  'booking.availability': 'public',
  'booking.nearest': 'public',
  'booking.services': 'bot',
  'booking.hold': 'bot',
  'booking.confirm': 'bot',
  'booking.release': 'bot',
  'booking.book': 'bot',
  'booking.mine': 'bot',
  'booking.get': 'bot',
  'booking.reschedule': 'bot',
  'booking.attend': 'bot',
  'booking.arrival': 'bot',
  'booking.reminderShown': 'bot',
  'booking.cancel': 'bot',
  'booking.staff.dayBoard': ['admin', 'registrar', 'doctor'],
  'booking.staff.myDay': ['doctor'],
  'booking.staff.get': ['admin', 'registrar', 'doctor'],
  'booking.staff.availability': ['admin', 'registrar'],
  'booking.staff.services': ['admin', 'registrar'],
  'booking.staff.findPatients': ['admin', 'registrar'],
  'booking.staff.book': ['admin', 'registrar'],
  'booking.staff.move': ['admin', 'registrar'],
  'booking.staff.cancel': ['admin', 'registrar'],
  'booking.staff.setStatus': ['admin', 'registrar', 'doctor'],
  'notifications.timeline': ['admin', 'registrar', 'operator'],
  'feedback.answer': 'bot',
  'feedback.comment': 'bot',
  'feedback.openQuestion': 'bot',
  'feedback.report': ['admin', 'registrar', 'operator', 'marketer'],
  'feedback.comments': ['admin', 'registrar', 'operator', 'marketer'],
  'feedback.followUps': ['admin', 'registrar', 'operator'],
  'feedback.closeFollowUp': ['admin', 'registrar', 'operator'],
  'documents.mine': 'bot',
  'documents.open': 'bot',
  'documents.answerConsent': 'bot',
  'documents.staff.issue': ['admin', 'doctor', 'registrar'],
  'documents.staff.list': ['admin', 'doctor', 'registrar'],
  'documents.staff.revoke': ['admin', 'doctor', 'registrar'],
  'documents.staff.resend': ['admin', 'doctor', 'registrar'],
  'payments.mine': 'bot',
  'payments.providers': 'bot',
  'payments.invoice': 'bot',
  'payments.forVisit': 'bot',
  'payments.pay': 'bot',
  'payments.shown': 'bot',
  'payments.staff.createInvoice': ['admin', 'registrar'],
  'payments.staff.invoice': ['admin', 'registrar'],
  'payments.staff.invoices': ['admin', 'registrar'],
  'payments.staff.voidInvoice': ['admin', 'registrar'],
  'payments.staff.payments': ['admin', 'registrar'],
  'payments.staff.refunds': ['admin', 'registrar'],
  'payments.staff.refund': ['admin'],
  'payments.staff.alerts': ['admin'],
  'payments.staff.closeAlert': ['admin'],
  'support.faq.categories': 'public',
  'support.faq.entries': 'public',
  'support.faq.entry': 'public',
  'support.faq.search': 'public',
  'support.tickets.open': 'bot',
  'support.tickets.current': 'bot',
  'support.tickets.mine': 'bot',
  'support.tickets.get': 'bot',
  'support.tickets.write': 'bot',
  'support.tickets.close': 'bot',
  'support.tickets.rate': 'bot',
  'support.tickets.reportAbsence': 'bot',
  'support.staff.inbox': ['admin', 'operator', 'registrar'],
  'support.staff.get': ['admin', 'operator', 'registrar'],
  'support.staff.reply': ['admin', 'operator', 'registrar'],
  'support.staff.assign': ['admin', 'operator', 'registrar'],
  'support.staff.close': ['admin', 'operator', 'registrar'],
  'support.staff.reopen': ['admin', 'operator', 'registrar'],
  'support.staff.fromTopic': 'bot',
  'support.staff.topicCommand': 'bot',
  'support.staff.faq.categories': ['admin', 'operator'],
  'support.staff.faq.entries': ['admin', 'operator'],
  'support.staff.faq.createCategory': ['admin', 'operator'],
  'support.staff.faq.updateCategory': ['admin', 'operator'],
  'support.staff.faq.createEntry': ['admin', 'operator'],
  'support.staff.faq.updateEntry': ['admin', 'operator'],
  'support.staff.faq.removeEntry': ['admin', 'operator'],
  'broadcasts.staff.create': ['admin', 'marketer'],
  'broadcasts.staff.update': ['admin', 'marketer'],
  'broadcasts.staff.get': ['admin', 'marketer'],
  'broadcasts.staff.list': ['admin', 'marketer'],
  'broadcasts.staff.preview': ['admin', 'marketer'],
  'broadcasts.staff.testSend': ['admin', 'marketer'],
  'broadcasts.staff.approve': ['admin'],
  'broadcasts.staff.schedule': ['admin', 'marketer'],
  'broadcasts.staff.pause': ['admin', 'marketer'],
  'broadcasts.staff.resume': ['admin', 'marketer'],
  'broadcasts.staff.cancel': ['admin', 'marketer'],
  'broadcasts.staff.stats': ['admin', 'marketer'],
  'broadcasts.staff.audiences.list': ['admin', 'marketer'],
  'broadcasts.staff.audiences.save': ['admin', 'marketer'],
  'broadcasts.staff.audiences.delete': ['admin', 'marketer'],
  'broadcasts.staff.automations.list': ['admin', 'marketer'],
  'broadcasts.staff.automations.create': ['admin', 'marketer'],
  'broadcasts.staff.automations.update': ['admin', 'marketer'],
  'broadcasts.staff.automations.approve': ['admin'],
  'broadcasts.staff.automations.stop': ['admin', 'marketer'],
  'broadcasts.tapBook': 'bot',
  'broadcasts.booked': 'bot',
  // The clinic's numbers: counts only. Marketers: funnels, channels, NPS, broadcasts; the desk:
  // channels and attendance; operators: NPS; money: admins.
  'analytics.track': 'bot',
  'analytics.staff.funnels': ['admin', 'marketer'],
  'analytics.staff.bookingChannels': ['admin', 'marketer', 'registrar'],
  'analytics.staff.attendance': ['admin', 'registrar'],
  'analytics.staff.nps': ['admin', 'registrar', 'operator', 'marketer'],
  'analytics.staff.broadcasts': ['admin', 'marketer'],
  'analytics.staff.payments': ['admin'],
};

function expected(path: string, caller: Caller): 'UNAUTHORIZED' | 'FORBIDDEN' | 'pass' {
  const who = WHO[path];
  if (who === undefined) throw new Error(`${path} is missing from the access table`);
  if (who === 'public') return 'pass';
  if (caller.kind === 'anonymous') return 'UNAUTHORIZED';
  if (who === 'bot') return caller.kind === 'bot' ? 'pass' : 'FORBIDDEN';
  return caller.kind === 'service' && caller.roles.some((r) => who.includes(r)) ? 'pass' : 'FORBIDDEN';
}

describe('access table', () => {
  it('has a declared caller for every procedure, and a row in the table for each', () => {
    const undeclared = procedures.filter(([, p]) => !p._def.meta?.access).map(([path]) => path);
    expect(undeclared).toEqual([]);
    expect(procedures.map(([path]) => path).sort()).toEqual(Object.keys(WHO).sort());
  });

  for (const [path] of procedures) {
    it(`${path}`, async () => {
      for (const [name, caller] of callers) {
        const api = t.app.caller(caller) as unknown as Record<string, unknown>;
        const fn = path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
          input: unknown,
        ) => Promise<unknown>;
        // An input no procedure accepts, so admitted calls stop at validation and change nothing.
        const outcome = await fn({ __probe: true, id: -1 }).then(
          () => 'pass',
          // A domain error (e.g. "not registered yet") means the door was passed.
          (error: { code?: string; cause?: unknown }) =>
            error.cause instanceof DomainError ||
            (error.code !== 'UNAUTHORIZED' && error.code !== 'FORBIDDEN')
              ? 'pass'
              : error.code,
        );
        expect(`${name}: ${outcome}`).toBe(`${name}: ${expected(path, caller)}`);
      }
    });
  }

  it('answers UNAUTHORIZED over HTTP without a token', async () => {
    expect((await failure(t.client().staff.list.query())).code).toBe('UNAUTHORIZED');
  });
});

/**
 * Every bot procedure that names a patient's record (a patient, appointment, family request or
 * guardianship id), called by another Telegram user with the owner's ids, as an attacker would
 * forge a button: refused, and the owner's data unchanged. The table is written out by hand; a
 * new procedure taking such an id fails the completeness check until it is added here.
 */
describe('ownership', () => {
  const idKeys =
    /^(patientId|appointmentId|dependantId|requestId|linkId|documentId|invoiceId|paymentId|ticketId|recipientId)$/;
  const botProceduresWithIds = procedures
    .filter(([, p]) => p._def.meta?.access?.kind === 'bot')
    .filter(([, p]) => {
      const inputs = (p._def as unknown as { inputs: { shape?: Record<string, unknown> }[] }).inputs;
      return inputs.some((input) => Object.keys(input.shape ?? {}).some((key) => idKeys.test(key)));
    })
    .map(([path]) => path)
    .sort();

  type Ids = {
    self: number;
    child: number;
    visit: number;
    childVisit: number;
    version: number;
    request: number;
    link: number;
    childDocument: number;
    childInvoice: number;
    childPayment: string;
    ticket: number;
    /** The owner's copy of a broadcast with a "book" button. */
    reader: number;
  };
  const table: Record<string, (ids: Ids) => unknown> = {
    'booking.services': (ids) => ({ branchId: slotFor(ids).branchId, patientId: ids.child }),
    'booking.hold': (ids) => ({ ...slotFor(ids), patientId: ids.child }),
    'booking.book': (ids) => ({ ...slotFor(ids), patientId: ids.child }),
    'booking.confirm': (ids) => ({ appointmentId: ids.visit }),
    'booking.release': (ids) => ({ appointmentId: ids.visit }),
    'booking.get': (ids) => ({ appointmentId: ids.childVisit }),
    'booking.reschedule': (ids) => ({
      appointmentId: ids.visit,
      startsAt: slotFor(ids).startsAt,
      doctorId: null,
    }),
    'booking.cancel': (ids) => ({ appointmentId: ids.childVisit, reason: 'other' }),
    'booking.attend': (ids) => ({ appointmentId: ids.visit, version: ids.version }),
    'booking.arrival': (ids) => ({ appointmentId: ids.visit, version: ids.version, answer: 'cannot' }),
    'feedback.answer': (ids) => ({ appointmentId: ids.visit, score: 0 }),
    'feedback.comment': (ids) => ({ appointmentId: ids.visit, comment: 'forged' }),
    'patients.family.remove': (ids) => ({ dependantId: ids.child }),
    'patients.family.cancelRequest': (ids) => ({ requestId: ids.request }),
    'patients.family.answerRequest': (ids) => ({ requestId: ids.request, approve: true }),
    'patients.family.setGuardian': (ids) => ({ linkId: ids.link, keep: false }),
    'documents.open': (ids) => ({ documentId: ids.childDocument }),
    'documents.answerConsent': (ids) => ({ documentId: ids.childDocument, granted: true }),
    'payments.invoice': (ids) => ({ invoiceId: ids.childInvoice }),
    'payments.forVisit': (ids) => ({ appointmentId: ids.childVisit }),
    'payments.pay': (ids) => ({ invoiceId: ids.childInvoice, provider: 'halyk' }),
    'payments.shown': (ids) => ({ paymentId: ids.childPayment, chatId: stranger, messageId: 1 }),
    'support.tickets.get': (ids) => ({ ticketId: ids.ticket }),
    'support.tickets.write': (ids) => ({ ticketId: ids.ticket, text: 'чужое', sourceKey: 'forged-1' }),
    'support.tickets.close': (ids) => ({ ticketId: ids.ticket }),
    'support.tickets.rate': (ids) => ({ ticketId: ids.ticket, rating: 1 }),
    'support.tickets.reportAbsence': (ids) => ({ appointmentId: ids.childVisit }),
    'broadcasts.tapBook': (ids) => ({ recipientId: ids.reader, button: 0 }),
    'broadcasts.booked': (ids) => ({ recipientId: ids.reader, appointmentId: ids.visit }),
  };
  let spare: { branchId: number; serviceId: number; doctorId: number; startsAt: Date };
  const slotFor = (_: Ids) => spare;

  let ids: Ids;
  let owner: number;
  let stranger: number;

  beforeAll(async () => {
    const therapy = await demoTherapy(t);
    const from = new Date(t.clock.now().getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 15 * 86_400_000).toISOString().slice(0, 10);
    const { days } = await t.client().booking.availability.query({ ...therapy, from, to });
    const slots = days.flatMap((d) => d.slots);
    owner = 1_700_000_001;
    stranger = 1_700_000_002;
    await registerPatient(t.app, owner, { firstName: 'Владелец' });
    await registerPatient(t.app, stranger, { firstName: 'Чужой' });
    const as = (id: number) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: id });
    const added = await as(owner).patients.family.add({
      iin: makeIin('2015-05-05', 'male'),
      lastName: 'Сейтқали',
      firstName: 'Бала',
      relation: 'child',
    });
    const child = added.family.dependants[0]!.id;
    // A request the owner sent (to manage an adult the clinic does not know): staff decide it.
    const request = await as(owner).patients.family.add({
      iin: makeIin('1940-04-04', 'female'),
      lastName: 'Бекова',
      firstName: 'Әже',
      relation: 'parent',
    });
    const visit = await as(owner).booking.book({ ...therapy, startsAt: slots[0]!.startsAt });
    const childVisit = await as(owner).booking.book({
      ...therapy,
      startsAt: slots[4]!.startsAt,
      patientId: child,
    });
    spare = { ...therapy, startsAt: slots[8]!.startsAt };
    const link = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute('select id from patients_family_link where dependant_id = ?', [child])) as { id: number }[];
    const childInvoice = (
      await t.app
        .caller({ kind: 'service', name: 'desk', roles: ['registrar'] })
        .payments.staff.createInvoice({
          patientId: child,
          lines: [{ title: { ru: 'Справка', kk: 'Анықтама' }, unitPriceTiyn: 500_000 }],
        })
    ).id;
    // An attempt the owner started (as the bot would through a provider), written as it is stored.
    const childPayment = crypto.randomUUID();
    await t.app.orm.em
      .fork()
      .getConnection()
      .execute(
        `insert into payments_payment (id, invoice_id, provider, amount_tiyn, order_number, secret_hash,
           expires_at, started_by, created_at) values (?, ?, 'halyk', 500000, '900001', 'x', now(), ?, now())`,
        [childPayment, childInvoice, `tg:${owner}`],
      );
    ids = {
      self: (await as(owner).patients.profile.get()).id,
      child,
      visit: visit.id,
      childVisit: childVisit.id,
      version: visit.version,
      request: request.family.requests[0]!.id,
      link: link[0]!.id,
      childDocument: (
        await t.app.caller({ kind: 'service', name: 'doctor', roles: ['doctor'] }).documents.staff.issue({
          patientId: child,
          kind: 'certificate',
          fields: { form: '086/у', purpose: 'для школы', conclusion: 'Здоров.' },
        })
      ).id,
      childInvoice,
      childPayment,
      ticket: (await as(owner).support.tickets.open({ text: 'Как получить справку?', sourceKey: 'tg:1:1' }))
        .ticket.id,
      reader: await ownersBroadcast(owner, therapy.serviceId),
    };
  });

  it('has a forged call for every bot procedure that takes a record’s id', () => {
    expect(Object.keys(table).sort()).toEqual(botProceduresWithIds);
  });

  for (const [path, input] of Object.entries(table)) {
    it(`${path} with another patient’s id is refused and changes nothing`, async () => {
      const before = await snapshot();
      const api = t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: stranger }) as unknown as Record<
        string,
        unknown
      >;
      const fn = path
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
        input: unknown,
      ) => Promise<unknown>;
      const seen = await failure(fn(input(ids)));
      expect(['FORBIDDEN', 'NOT_FOUND'], `${path}: ${seen.code} ${seen.domain?.code}`).toContain(seen.code);
      expect(seen.domain).not.toBeNull();
      expect(await snapshot()).toEqual(before);
    });
  }

  /** A broadcast with a "book" button the owner received (its reader row is what a forged tap names). */
  async function ownersBroadcast(telegramUserId: number, serviceId: number): Promise<number> {
    const sql = t.app.orm.em.fork().getConnection();
    const [broadcast] = await sql.execute(
      `insert into broadcasts_broadcast (kind, title, audience, text, buttons, state, created_by, created_at, updated_at)
       values ('marketing', 'Осенний осмотр', '{}', '{}', ?::jsonb, 'done', 'test', now(), now()) returning id`,
      [JSON.stringify([{ kind: 'book', label: { ru: 'Записаться', kk: 'Жазылу' }, serviceId }])],
    );
    const [reader] = await sql.execute(
      `insert into broadcasts_recipient (broadcast_id, telegram_user_id, patient_id, language, time_zone, state, token)
       select ?, a.telegram_user_id, a.patient_id, 'ru', 'Asia/Almaty', 'queued', md5(random()::text)
         from patients_telegram_account a where a.telegram_user_id = ? returning id`,
      [broadcast!.id, telegramUserId],
    );
    return Number(reader!.id);
  }

  /** What an attack could change: the owner's visits, family, requests and guardianships. */
  async function snapshot() {
    const sql = t.app.orm.em.fork().getConnection();
    return {
      visits: await sql.execute(
        'select id, status, version, starts_at, patient_id from booking_appointment order by id',
      ),
      links: await sql.execute(
        'select id, guardian_id, dependant_id, status from patients_family_link order by id',
      ),
      requests: await sql.execute('select id, status from patients_family_request order by id'),
      answers: await sql.execute('select count(*)::int as n from feedback_response'),
      // Opening a document queues its file: a forged open must queue nothing.
      deliveries: await sql.execute(
        `select count(*)::int as n from notifications_delivery where purpose = 'documents.file'`,
      ),
      // Nor hand out a download link, nor record an answer to the documents question.
      downloadLinks: await sql.execute('select count(*)::int as n from documents_link'),
      consents: await sql.execute('select count(*)::int as n from patients_consent_record'),
      // Nor start, point or change a payment of someone else's invoice.
      payments: await sql.execute('select id, status, chat_id, message_id from payments_payment order by id'),
      invoices: await sql.execute('select id, status, version from payments_invoice order by id'),
      // Nor read, write to, close or rate another's ticket, nor report someone else's visit.
      tickets: await sql.execute('select id, status, rating, version from support_ticket order by id'),
      ticketMessages: await sql.execute('select count(*)::int as n from support_ticket_message'),
      // Nor count a tap or a booking on someone else's copy of a broadcast.
      readers: await sql.execute(
        'select id, taps, booked_appointment_id from broadcasts_recipient order by id',
      ),
    };
  }
});
