import { UploadError, uploadDocument } from 'emhana/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmhanaClient } from '../../server/client.ts';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy, slotAfter } from '../../tests/support/demo.ts';
import { failure } from '../../tests/support/errors.ts';
import { registerPatient } from '../../tests/support/patients.ts';

/**
 * A doctor signed in with their own account (the console's doctor): their own day, and the
 * documents of their own patients only, issued under their own name. Tried the way a curious or
 * careless doctor would: another patient's id, another doctor's name on the document.
 */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
let doctor: EmhanaClient;
let mine: number;
let stranger: number;
let visitDate: string;
let visitId: number;

let doctorToken: string;
/** The signed-in doctor's token, for the upload route (outside tRPC). */
let ownToken: string;

async function signedIn(username: string, doctorId: number | null): Promise<EmhanaClient> {
  const admin = t.client(await t.tokenFor('admin'));
  await admin.staff.create.mutate({
    username,
    displayName: username,
    password: `${username}-password-1`,
    roles: ['doctor'],
    doctorId,
  });
  const { token } = await t.client().auth.login.mutate({ username, password: `${username}-password-1` });
  doctorToken = token;
  return t.client(token);
}

beforeAll(async () => {
  t = await startTestApp();
  therapy = await demoTherapy(t);
  doctor = await signedIn('dr.own', therapy.doctorId);
  ownToken = doctorToken;
  mine = (await registerPatient(t.app, 8_300_001, { firstName: 'Мой' })).id;
  stranger = (await registerPatient(t.app, 8_300_002, { firstName: 'Чужой' })).id;
  const slot = await slotAfter(t, therapy, 2);
  const booked = await t.app
    .caller({ kind: 'bot', name: 'bot', telegramUserId: 8_300_001 })
    .booking.book({ ...therapy, startsAt: slot.startsAt });
  visitId = booked.id;
  visitDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(slot.startsAt);
});
afterAll(() => t.stop());

const certificate = { form: '075/у', purpose: 'по месту работы', conclusion: 'Здоров.' };

describe('a doctor’s own day', () => {
  it('lists their visits of the day, and nothing on a day without any', async () => {
    const day = await doctor.booking.staff.myDay.query({ date: visitDate });
    expect(day.map((a) => [a.id, a.doctor.id, a.patient.id])).toEqual([[visitId, therapy.doctorId, mine]]);
    // Named in full, as the day board names them.
    expect(day[0]!.branch.name.ru).toBeTruthy();
    expect(day[0]!.service.name.kk).toBeTruthy();
    expect(await doctor.booking.staff.myDay.query({ date: '2020-01-01' })).toEqual([]);
  });

  it('shows only their own column of a day board, whatever doctor the input names', async () => {
    const other = (await t.client(await t.tokenFor('admin')).clinic.doctors.listAll.query()).find(
      (d) => d.id !== therapy.doctorId,
    )!;
    for (const doctorId of [other.id, undefined]) {
      const board = await doctor.booking.staff.dayBoard.query({
        branchId: therapy.branchId,
        date: visitDate,
        doctorId,
      });
      expect(board.map((a) => [a.id, a.doctor.id])).toEqual([[visitId, therapy.doctorId]]);
    }
  });

  it('is refused to an account linked to no doctor, and to a registrar', async () => {
    const unlinked = await signedIn('dr.none', null);
    expect((await failure(unlinked.booking.staff.myDay.query({ date: visitDate }))).domain).toMatchObject({
      code: 'no_doctor_linked',
    });
    const registrar = t.client(await t.tokenFor('registrar'));
    expect((await failure(registrar.booking.staff.myDay.query({ date: visitDate }))).code).toBe('FORBIDDEN');
  });
});

describe('a doctor’s documents', () => {
  it('issues for their own patient under their own name, whatever doctor the input names', async () => {
    const other = (await t.client(await t.tokenFor('admin')).clinic.doctors.listAll.query()).find(
      (d) => d.id !== therapy.doctorId,
    )!;
    const issued = await doctor.documents.staff.issue.mutate({
      patientId: mine,
      kind: 'certificate',
      fields: certificate,
      doctorId: other.id,
    });
    expect(issued.doctor?.id).toBe(therapy.doctorId);
    expect((await doctor.documents.staff.list.query({ patientId: mine })).map((d) => d.id)).toEqual([
      issued.id,
    ]);
  });

  it('refuses another patient’s documents: listing, issuing, revoking, re-sending; nothing changes', async () => {
    const desk = t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] }).documents.staff;
    const theirs = await desk.issue({ patientId: stranger, kind: 'certificate', fields: certificate });
    const refusals = [
      doctor.documents.staff.list.query({ patientId: stranger }),
      doctor.documents.staff.issue.mutate({ patientId: stranger, kind: 'certificate', fields: certificate }),
      doctor.documents.staff.revoke.mutate({ documentId: theirs.id, reason: 'чужой' }),
      doctor.documents.staff.resend.mutate({ documentId: theirs.id }),
    ];
    // All four are in flight at once (one batch): each is given its handler now, not when the
    // loop reaches it, or the later ones' refusals go unhandled meanwhile.
    for (const refused of await Promise.all(refusals.map(failure)))
      expect(refused).toMatchObject({ code: 'FORBIDDEN', domain: { code: 'not_your_patient' } });
    expect(await desk.list({ patientId: stranger })).toEqual([theirs]);
  });

  it('uploads through the upload route for their own patient only, under their own name', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const refused = await uploadDocument(
      { url: t.url, token: ownToken },
      { patientId: stranger, kind: 'lab_results' },
      pdf,
    ).then(
      () => expect.fail('a stranger’s upload was taken'),
      (e: unknown) => e as UploadError,
    );
    expect(refused).toBeInstanceOf(UploadError);
    expect(refused.status).toBe(403);
    const desk = t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] }).documents.staff;
    expect((await desk.list({ patientId: stranger })).filter((d) => d.kind === 'lab_results')).toEqual([]);
    const other = (await t.client(await t.tokenFor('admin')).clinic.doctors.listAll.query()).find(
      (d) => d.id !== therapy.doctorId,
    )!;
    const taken = await uploadDocument(
      { url: t.url, token: ownToken },
      { patientId: mine, kind: 'lab_results', doctorId: other.id },
      pdf,
    );
    expect(taken.doctor?.id).toBe(therapy.doctorId);
  });

  it('revokes only what was issued under their own name, even for their own patient', async () => {
    const other = (await t.client(await t.tokenFor('admin')).clinic.doctors.listAll.query()).find(
      (d) => d.id !== therapy.doctorId,
    )!;
    const desk = t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] }).documents.staff;
    const colleagues = await desk.issue({
      patientId: mine,
      kind: 'certificate',
      fields: certificate,
      doctorId: other.id,
    });
    const nobodys = await desk.issue({ patientId: mine, kind: 'certificate', fields: certificate });
    for (const document of [colleagues, nobodys])
      expect(
        await failure(doctor.documents.staff.revoke.mutate({ documentId: document.id, reason: 'не мой' })),
      ).toMatchObject({ code: 'FORBIDDEN', domain: { code: 'not_your_document' } });
    const listed = await doctor.documents.staff.list.query({ patientId: mine });
    for (const document of [colleagues, nobodys])
      expect(listed.find((d) => d.id === document.id)?.status).toBe('valid');
    // Their own they may take back.
    const own = await doctor.documents.staff.issue.mutate({
      patientId: mine,
      kind: 'certificate',
      fields: certificate,
    });
    expect(
      (await doctor.documents.staff.revoke.mutate({ documentId: own.id, reason: 'ошибка' })).status,
    ).toBe('revoked');
  });

  it('refuses a patient or document id no row can have as the caller’s mistake, not a server fault', async () => {
    const desk = t.client(await t.tokenFor('registrar')).documents.staff;
    const huge = 2 ** 40;
    const asks = [
      () => desk.list.query({ patientId: huge }),
      () => doctor.documents.staff.list.query({ patientId: huge }),
      () => desk.issue.mutate({ patientId: huge, kind: 'certificate', fields: certificate }),
      () => desk.revoke.mutate({ documentId: huge, reason: 'нет' }),
      () => desk.resend.mutate({ documentId: huge }),
    ];
    for (const ask of asks) expect((await failure(ask())).code).toBe('BAD_REQUEST');
  });
});
