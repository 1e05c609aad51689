import { Api, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import { createNoticeRenderer } from '../../bot/notice-renderer.ts';
import { Delivery } from '../../modules/notifications/entities/delivery.entity.ts';
import { queueNotice } from '../../modules/notifications/index.ts';
import { type DeliveryDeps, deliver } from '../../modules/notifications/notifications.sender.ts';
import { telegramMessenger } from '../../server/messenger.ts';
import { deliveryChecksOf, hooks } from '../../server/modules.ts';
import { silentLogger } from '../../shared/log.ts';
import { TelegramBudget } from '../../shared/telegram-budget.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { patientInChat, registerPatient } from '../support/patients.ts';

/**
 * Deliveries are more than text, so documents, payments, support and broadcasts queue through the
 * same table, keys and guards: a photo, a document with its caption, buttons with a callback or a
 * URL, about any subject.
 */
let t: TestApp;
afterEach(() => t?.stop());

// The smallest PNG there is (1×1).
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const queue = (notice: Parameters<typeof queueNotice>[1]) =>
  t.app.orm.em
    .fork()
    .transactional((em) => queueNotice({ em, clock: t.app.clock, settings: t.app.settings }, notice));

describe('deliveries with media', () => {
  it('sends a photo with its caption and a URL button, about any subject, once', async () => {
    t = await startTestApp({ QUIET_HOURS: 'off' }, { bot: true });
    const patient = await patientInChat(t, 'kk', 'Әлия');
    // A file Telegram already has: the bot sent it once, Telegram gave it an id.
    const api = new Api(t.app.sandbox!.token, { apiRoot: `${t.url}/sandbox` });
    const uploaded = await api.sendPhoto(patient.id, new InputFile(PNG, 'map.png'));
    await patient.expectMessage((m) => m.photo !== undefined);
    const notice = {
      purpose: 'test.photo',
      target: 'invoice:77',
      to: { telegramUserId: patient.id },
      template: 'bk-ics-description',
      params: { phone: '+7 727 000 00 00' },
      media: { type: 'photo' as const, fileId: uploaded.photo.at(-1)!.file_id },
      buttons: [[{ label: 'btn-my-appointments', url: 'https://clinic.example/pay/77' }]],
      subject: { kind: 'invoice', id: 77 },
      timeZone: 'Asia/Almaty',
    };
    expect(await queue(notice)).toBe(true);
    // The same purpose and target again: nothing new.
    expect(await queue(notice)).toBe(false);
    // A button that would do nothing when tapped (neither data nor an address) is refused when it
    // is queued, not found out when it is sent.
    const idle = { label: 'btn-my-appointments' } as unknown as (typeof notice.buttons)[0][0];
    await expect(
      queue({ ...notice, target: 'invoice:78', subject: { kind: 'invoice', id: 78 }, buttons: [[idle]] }),
    ).rejects.toThrow(/either callback data or a url/);
    const sent = await patient.expectMessage((m) => m.photo !== undefined);
    expect(sent.text).toContain('+7 727 000 00 00');
    expect(sent.buttons?.[0]?.[0]).toMatchObject({ url: 'https://clinic.example/pay/77' });
    const registrar = t.client(await t.tokenFor('registrar'));
    const timeline = await registrar.notifications.timeline.query({ subject: { kind: 'invoice', id: 77 } });
    // One delivery, recorded sent: the second queueing made none, so nothing more can come.
    expect(timeline).toMatchObject([
      { purpose: 'test.photo', status: 'sent', subject: { kind: 'invoice', id: 77 } },
    ]);
    expect(await registrar.notifications.timeline.query({ subject: { kind: 'invoice', id: 78 } })).toEqual(
      [],
    );
  });

  it("sends a document a module produces when it goes out, and skips it when the module's file is gone", async () => {
    // No bot and so no sender of its own: this test drives one delivery at a time.
    t = await startTestApp({ QUIET_HOURS: 'off' });
    const patient = await t.sandbox.user({ first_name: 'Марат', language_code: 'ru' });
    await patient.send('/start');
    await registerPatient(t.app, patient.id, { language: 'ru', firstName: 'Марат' });
    const deps: DeliveryDeps = {
      em: () => t.app.orm.em.fork(),
      clock: t.app.clock,
      log: silentLogger,
      settings: t.app.settings.notifications,
      messenger: telegramMessenger(t.app.sandbox!.token, `${t.url}/sandbox`, new TelegramBudget()),
      renderer: createNoticeRenderer(createI18n()),
      recipients: hooks.noticeRecipients[0]!,
      guards: deliveryChecksOf(),
      // What the documents module will plug in: its PDFs by id; the one with id 2 is gone.
      attachments: [
        {
          kind: 'test-document',
          load: async (_em, spec) => (spec.id === 1 ? { bytes: PDF, filename: 'направление.pdf' } : null),
        },
      ],
    };
    const statuses: string[] = [];
    for (const id of [1, 2]) {
      await queue({
        purpose: 'test.document',
        target: `document:${id}`,
        to: { telegramUserId: patient.id },
        template: 'bk-ics-description',
        params: { phone: `№${id}` },
        media: { type: 'document', attachment: { kind: 'test-document', id } },
        subject: { kind: 'document', id },
        timeZone: 'Asia/Almaty',
      });
      const [row] = await t.app.orm.em.fork().find(Delivery, { subjectKind: 'document', subjectId: id });
      await deliver(deps, row!.id);
      const after = await t.app.orm.em.fork().findOneOrFail(Delivery, row!.id);
      statuses.push(after.status);
    }
    expect(statuses).toEqual(['sent', 'skipped']);
    const message = await patient.expectMessage((m) => m.document !== undefined);
    expect(message.document).toMatchObject({ file_name: 'направление.pdf' });
    expect(message.text).toContain('№1');
    expect(await t.sandbox.request('GET', `/sandbox/api/users/${patient.id}/chat?after=0`)).not.toMatchObject(
      {
        messages: expect.arrayContaining([expect.objectContaining({ text: expect.stringContaining('№2') })]),
      },
    );
  });
});
