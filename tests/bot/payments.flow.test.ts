import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_BUTTONS as B } from '../../bot/buttons.ts';
import type { ProviderCharge } from '../../modules/payments/index.ts';
import { BUTTONS } from '../../shared/buttons.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { forgeButton } from '../support/forged-button.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import { ScriptedProvider } from '../support/payment-provider.ts';
import { linkShown } from '../support/payments.ts';
import type { ChatMessage, SandboxUser } from '../support/sandbox-user.ts';

/**
 * Paying in the bot: "Payments" (balances, unpaid invoices), an invoice's lines and the ways to
 * pay, the link (and Kaspi's QR), the same message edited to "paid" / "declined" / "expired", the
 * receipt, a guardian paying for a child, and a forged button. The providers are scripted: their
 * word is given by the test and reaches us through the real check jobs.
 */
let t: TestApp;
const kaspi = new ScriptedProvider('kaspi');
const halyk = new ScriptedProvider('halyk', 'TERM-1');
beforeAll(async () => {
  t = await startTestApp({}, { bot: true, paymentProviders: { kaspi, halyk } });
});
afterAll(() => t.stop());

const asBot = (user: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id });
const desk = () => t.app.caller({ kind: 'service', name: 'desk', roles: ['registrar'] }).payments.staff;
const idOf = async (user: SandboxUser) => (await asBot(user).patients.profile.get()).id;
const labels = (m: ChatMessage) => m.buttons?.flat().map((b) => b.text) ?? [];
/** Money as the patient reads it: digit groups and ₸ joined by no-break spaces. */
const tenge = (text: string) => `${text.replaceAll(' ', '\u00a0')}\u00a0₸`;

const LINES = [
  { title: { ru: 'Консультация терапевта', kk: 'Терапевт кеңесі' }, unitPriceTiyn: 1_250_000 },
  { title: { ru: 'Общий анализ крови', kk: 'Жалпы қан талдауы' }, quantity: 2, unitPriceTiyn: 300_000 },
];

const invoiceFor = (patientId: number) => desk().createInvoice({ patientId, lines: LINES });

/** The provider's newest attempt: the order the bot's link is for. */
const lastCharge = (provider: ScriptedProvider): ProviderCharge => provider.charges.at(-1)!;

/** The provider's status API now says this, and its answer is asked for (as a callback would make us). */
async function providerSays(
  provider: ScriptedProvider,
  charge: ProviderCharge,
  word: 'paid' | 'declined',
): Promise<void> {
  await linkShown(t, charge.paymentId);
  if (word === 'paid') provider.pay(charge);
  else provider.statuses.set(charge.orderNumber, { state: 'failed', reason: 'declined by the issuer' });
  await t.app.boss.send('payments.check', { paymentId: charge.paymentId });
}

/** "Valid until 19:05": the link's end in the clinic's time (Asia/Almaty, UTC+5). */
const almatyTime = (at: Date) => new Date(at.getTime() + 5 * 3_600_000).toISOString().slice(11, 16);

describe('payments in the bot', () => {
  it('shows the balance and the invoice, pays by Halyk, edits the link to "paid" and sends the receipt (ru)', async () => {
    const patient = await patientInChat(t, 'ru', 'Дана');
    const invoice = await invoiceFor(await idOf(patient));
    await patient.expectMessage(`Счёт № ${invoice.number} на ${tenge('18 500')}`);

    await patient.tap('💳 Оплата');
    const list = await patient.expectMessage(/Оплата/);
    expect(list.text).toContain(`К оплате: ${tenge('18 500')}`);
    expect(list.text).toContain(`Оплачено: ${tenge('0')}`);
    expect(list.text).toContain(`Возвращено: ${tenge('0')}`);
    await patient.tap(`🧾 № ${invoice.number} — ${tenge('18 500')}`);
    const card = await patient.expectEdit(/Итого к оплате/);
    expect(card.message_id).toBe(list.message_id);
    expect(card.text).toContain(`Консультация терапевта — ${tenge('12 500')}`);
    expect(card.text).toContain(`Общий анализ крови, 2 × ${tenge('3 000')} — ${tenge('6 000')}`);
    expect(card.text).toContain(`Итого к оплате: ${tenge('18 500')}`);
    expect(labels(card)).toEqual(['Kaspi', '💳 Halyk (карта)', '◀ К счетам']);

    await patient.tap('💳 Halyk (карта)');
    const link = await patient.expectMessage(/Ссылка действует до/);
    const charge = lastCharge(halyk);
    expect(charge.amountTiyn).toBe(1_850_000);
    expect(link.photo).toBeUndefined();
    expect(link.text).toContain(`Счёт № ${invoice.number}: ${tenge('18 500')}`);
    expect(link.text).toContain(`действует до ${charge.expiresAt.getUTCDate()}`);
    expect(link.text).toContain(almatyTime(charge.expiresAt));
    expect(link.buttons?.flat()).toEqual([
      expect.objectContaining({
        text: '💳 Оплатить картой',
        url: expect.stringContaining(charge.orderNumber),
      }),
    ]);

    await providerSays(halyk, charge, 'paid');
    const paid = await patient.expectEdit(/✅ Счёт № .* оплачен/);
    expect(paid.message_id).toBe(link.message_id);
    expect(paid.text).toBe(
      `✅ Счёт № ${invoice.number} оплачен: ${tenge('18 500')}. Чек придёт следующим сообщением.`,
    );
    expect(paid.buttons ?? []).toEqual([]);

    // The receipt is a document: announced, and opened as a PDF (after the documents question).
    await patient.expectMessage(/Новый документ: Чек об оплате/);
    await patient.tap('📄 Открыть');
    await patient.tap('✅ Да, присылать сюда');
    const receipt = await patient.expectMessage((m) => m.document !== undefined);
    expect(new TextDecoder().decode((await patient.download(receipt)).slice(0, 5))).toBe('%PDF-');

    await patient.tap('💳 Оплата');
    const after = await patient.expectMessage(/Оплата/);
    expect(after.text).toContain(`К оплате: ${tenge('0')}`);
    expect(after.text).toContain(`Оплачено: ${tenge('18 500')}`);
    expect(after.text).toContain('Неоплаченных счетов нет.');
    expect(labels(after)).toEqual([]);
  });

  it('pays by Kaspi: the QR as a photo with the link, the caption edited to "paid" (kk)', async () => {
    const patient = await patientInChat(t, 'kk', 'Әсел');
    const invoice = await invoiceFor(await idOf(patient));
    await patient.expectMessage(`№ ${invoice.number} шот, сомасы ${tenge('18 500')}`);
    // The "Pay" under the news opens the invoice in a message of its own: the news stays as it was.
    await patient.tap('💳 Төлеу');
    const card = await patient.expectMessage(/Барлығы төлеуге/);
    expect(card.text).toContain(`Терапевт кеңесі — ${tenge('12 500')}`);
    expect(card.text).toContain('Төлем тәсілін таңдаңыз');
    expect(labels(card)).toEqual(['Kaspi', '💳 Halyk (карта)', '◀ Шоттарға']);

    await patient.tap('Kaspi');
    const qr = await patient.expectMessage((m) => m.photo !== undefined);
    const charge = lastCharge(kaspi);
    expect(qr.text).toContain(`№ ${invoice.number} шот: ${tenge('18 500')}`);
    expect(qr.text).toContain('Kaspi.kz қосымшасында сканерлеңіз');
    expect(qr.text).toContain(`${almatyTime(charge.expiresAt)} дейін жарамды`);
    expect(qr.buttons?.flat()).toEqual([
      expect.objectContaining({ text: 'Kaspi.kz-те ашу', url: expect.stringContaining(charge.orderNumber) }),
    ]);
    // The picture is the QR of the token Kaspi gave (drawn again the same way, it is the same image).
    const image = await patient.download(qr);
    const token = `https://qr.example/${charge.orderNumber}`;
    expect(Buffer.from(image)).toEqual(
      await QRCode.toBuffer(token, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'M' }),
    );

    // Kaspi is polled: a minute later the poller asks and hears "paid".
    kaspi.pay(charge);
    await t.sandbox.advanceClock(1);
    const paid = await patient.expectEdit(/шот төленді/);
    expect(paid.message_id).toBe(qr.message_id);
    expect(paid.photo).toBeDefined();
    expect(paid.text).toBe(
      `✅ № ${invoice.number} шот төленді: ${tenge('18 500')}. Чек келесі хабарламамен келеді.`,
    );
    expect(paid.buttons ?? []).toEqual([]);
    await patient.expectMessage(/Жаңа құжат: Төлем туралы чек/);

    await patient.tap('💳 Төлем');
    const after = await patient.expectMessage(/Төлем/);
    expect(after.text).toContain(`Төленді: ${tenge('18 500')}`);
    expect(after.text).toContain('Төленбеген шот жоқ.');
  });

  it('a declined payment edits the link to "declined" and a new attempt pays (ru)', async () => {
    const patient = await patientInChat(t, 'ru', 'Гульнар');
    const invoice = await invoiceFor(await idOf(patient));
    await patient.tap('💳 Оплатить');
    await patient.tap('💳 Halyk (карта)');
    const link = await patient.expectMessage(/Ссылка действует до/);
    const first = lastCharge(halyk);
    await providerSays(halyk, first, 'declined');
    const declined = await patient.expectEdit(/не прошла/);
    expect(declined.message_id).toBe(link.message_id);
    expect(declined.text).toContain(`Оплата счёта № ${invoice.number} (${tenge('18 500')}) не прошла`);
    expect(labels(declined)).toEqual(['🔄 Попробовать ещё раз']);

    await patient.tap('🔄 Попробовать ещё раз');
    await patient.expectMessage(/Итого к оплате/);
    await patient.tap('💳 Halyk (карта)');
    const again = await patient.expectMessage(/Ссылка действует до/);
    const second = lastCharge(halyk);
    expect(second.orderNumber).not.toBe(first.orderNumber);
    await providerSays(halyk, second, 'paid');
    const paid = await patient.expectEdit(/оплачен/);
    expect(paid.message_id).toBe(again.message_id);
    const [row] = (await desk().invoices({ patientId: await idOf(patient) })).items;
    expect(row).toMatchObject({ status: 'paid', paidTiyn: 1_850_000 });
  });

  it('an expired link becomes "expired" with a new-link button, and the new link works (ru)', async () => {
    const patient = await patientInChat(t, 'ru', 'Жанар');
    const invoice = await invoiceFor(await idOf(patient));
    await patient.tap('💳 Оплатить');
    await patient.tap('Kaspi');
    const qr = await patient.expectMessage((m) => m.photo !== undefined);
    const first = lastCharge(kaspi);
    // Nobody pays: past the link's hour and the poller's grace, the attempt is over.
    await t.sandbox.advanceClock(80);
    const expired = await patient.expectEdit(/больше не действует/);
    expect(expired.message_id).toBe(qr.message_id);
    expect(expired.text).toBe(
      `⌛ Ссылка на оплату счёта № ${invoice.number} (${tenge('18 500')}) больше не действует. Можно получить новую.`,
    );
    expect(labels(expired)).toEqual(['🔄 Новая ссылка']);

    await patient.tap('🔄 Новая ссылка');
    await patient.expectMessage(/Итого к оплате/);
    await patient.tap('Kaspi');
    const renewed = await patient.expectMessage((m) => m.photo !== undefined && m.message_id > qr.message_id);
    const second = lastCharge(kaspi);
    expect(second.orderNumber).not.toBe(first.orderNumber);
    expect(renewed.text).toContain(almatyTime(second.expiresAt));
    kaspi.pay(second);
    await t.sandbox.advanceClock(1);
    const paid = await patient.expectEdit(/оплачен/);
    expect(paid.message_id).toBe(renewed.message_id);
  });

  it('a guardian pays a child\'s invoice; a link message that is gone gets "paid" as a new message', async () => {
    const mother = await patientInChat(t, 'ru', 'Айжан');
    const { family } = await asBot(mother).patients.family.add({
      iin: makeIin('2016-03-03', 'male'),
      lastName: 'Сейтқали',
      firstName: 'Нурик',
      relation: 'child',
    });
    const childId = family.dependants[0]!.id;
    const invoice = await invoiceFor(childId);
    const news = await mother.expectMessage(`Счёт № ${invoice.number}`);
    expect(news.text).toContain('Нурик');

    await mother.tap('💳 Оплата');
    const list = await mother.expectMessage(/Оплата/);
    expect(list.text).toContain('Нурик Сейтқали');
    expect(list.text).toContain(`К оплате: ${tenge('18 500')}`);
    await mother.tap(`🧾 № ${invoice.number} — ${tenge('18 500')}`);
    const card = await mother.expectEdit(/Итого к оплате/);
    expect(card.text).toContain('Пациент: Нурик Сейтқали');
    await mother.tap('💳 Halyk (карта)');
    const link = await mother.expectMessage(/Ссылка действует до/);
    // The chat lost the message (deleted): "paid" cannot be an edit, so it comes anew, once.
    const deleted = await fetch(`${t.url}/sandbox/bot${t.app.sandbox!.token}/deleteMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: mother.id, message_id: link.message_id }),
    });
    expect(deleted.ok).toBe(true);
    await providerSays(halyk, lastCharge(halyk), 'paid');
    const paid = await mother.expectMessage(/✅ Счёт № .* оплачен/);
    expect(paid.message_id).toBeGreaterThan(link.message_id);
    await mother.expectMessage(/Новый документ: Чек об оплате/);
    expect(mother.botMessages.filter((m) => /оплачен:/.test(m.text ?? ''))).toHaveLength(1);

    await mother.tap('💳 Оплата');
    const after = await mother.expectMessage(/Оплата/);
    expect(after.text).toContain(`Оплачено: ${tenge('18 500')}`);
  });

  it('a forged button with another patient\'s invoice shows "not found" and starts nothing', async () => {
    const owner = await patientInChat(t, 'ru', 'Мадина');
    const invoice = await invoiceFor(await idOf(owner));
    const attacker = await patientInChat(t, 'ru', 'Ерлан');
    const charges = kaspi.charges.length + halyk.charges.length;

    for (const data of [
      BUTTONS.openInvoice.data({ invoiceId: invoice.id }),
      B.payInvoice.data({ invoiceId: invoice.id }),
      B.payWith.data({ provider: 'halyk', invoiceId: invoice.id }),
      B.payWith.data({ provider: 'kaspi', invoiceId: invoice.id }),
    ]) {
      await forgeButton(t, attacker, 'Оплатить', data);
      await attacker.tapData(new RegExp(`^${data}$`));
      const answer = await attacker.expectMessage('Счёт не найден.');
      expect(answer.text).not.toContain(invoice.number);
    }
    expect(kaspi.charges.length + halyk.charges.length).toBe(charges);
    expect((await desk().payments({ patientId: invoice.patientId })).items).toEqual([]);
    const [owned] = (await desk().invoices({ patientId: invoice.patientId })).items;
    expect(owned).toMatchObject({ status: 'unpaid', version: invoice.version });
  });
});
