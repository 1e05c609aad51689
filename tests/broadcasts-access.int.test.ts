import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.ts';
import { approvedBroadcast, readers, settle, staffWithChat } from './support/broadcasts.ts';
import { failure } from './support/errors.ts';

/**
 * A marketer composes broadcasts and reads their numbers, and never sees who the readers are
 * beyond a masked example: every front-desk procedure that shows an IIN or a phone refuses them,
 * nothing the broadcast procedures return carries one, and only an admin lets a broadcast go.
 */
let t: TestApp;
afterEach(() => t?.stop());

describe('a marketer and patient data', () => {
  it('is refused IINs and phones, reads broadcasts without them, and cannot approve', async () => {
    t = await startTestApp();
    await t.app.startDelivery(t.url);
    const admin = await staffWithChat(t, ['admin'], 'admin.one', { botAnswers: false });
    const marketer = await staffWithChat(t, ['marketer'], 'marketer.one', { botAnswers: false });
    const people = await readers(t, 3);
    const profiles = await Promise.all(
      people.map((p) =>
        t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: p.user.id }).patients.profile.get(),
      ),
    );
    expect(profiles.every((p) => p.phone)).toBe(true);
    const secrets = profiles.flatMap((p) => (p.phone ? [p.phone, p.phone.slice(-10)] : []));

    // The desk's procedures (they show IINs, phones, who is whose guardian).
    const staff = marketer.api.patients.staff;
    const refused = await Promise.all([
      failure(
        staff.register.mutate({
          lastName: 'Сейтқали',
          firstName: 'Айгерім',
          iin: '880214400123',
          phone: '+77021234567',
          phoneIsOwn: true,
          consentSigned: true,
        }),
      ),
      failure(staff.identityChecks.query({ status: 'pending' })),
      failure(staff.decideIdentity.mutate({ id: 1, approve: false, reference: null })),
      failure(staff.familyRequests.query({ status: 'pending' })),
      failure(staff.decideFamilyRequest.mutate({ id: 1, approve: false })),
      failure(staff.guardians.query({ patientId: people[0]!.patientId })),
      failure(staff.endGuardianship.mutate({ linkId: 1 })),
    ]);
    expect(refused.map((r) => r.code)).toEqual(Array(7).fill('FORBIDDEN'));

    const draft = await marketer.api.broadcasts.staff.create.mutate({
      kind: 'marketing',
      title: 'Весна',
      audience: {},
      text: { ru: '{first_name}, весна', kk: '{first_name}, көктем' },
      photo: null,
      buttons: [],
    });
    await marketer.api.broadcasts.staff.testSend.mutate({ broadcastId: draft.id });
    expect(
      (await failure(marketer.api.broadcasts.staff.approve.mutate({ broadcastId: draft.id }))).code,
    ).toBe('FORBIDDEN');
    await marketer.api.broadcasts.staff.cancel.mutate({ broadcastId: draft.id });
    const id = await approvedBroadcast(admin, {
      kind: 'marketing',
      title: 'Лето',
      audience: {},
      text: { ru: '{first_name}, лето', kk: '{first_name}, жаз' },
      photo: null,
      buttons: [],
    });
    await settle(t, id, marketer.api);

    const seen = JSON.stringify([
      await marketer.api.broadcasts.staff.preview.query({ audience: {}, kind: 'marketing' }),
      await marketer.api.broadcasts.staff.preview.query({ audience: {}, kind: 'service' }),
      await marketer.api.broadcasts.staff.stats.query({ broadcastId: id }),
      await marketer.api.broadcasts.staff.get.query({ broadcastId: id }),
      await marketer.api.broadcasts.staff.list.query({ limit: 10 }),
    ]);
    expect(seen).toContain('"targeted":3');
    for (const secret of secrets) expect(seen).not.toContain(secret);
    // No IIN-like or phone-like number at all.
    expect(seen).not.toMatch(/(?<!\d)\d{12}(?!\d)|\+7\d{10}/);
  });
});
