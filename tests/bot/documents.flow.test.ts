import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUTTONS } from '../../shared/buttons.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy } from '../support/demo.ts';
import { forgeButton } from '../support/forged-button.ts';
import { makeIin } from '../support/iin.ts';
import { patientInChat } from '../support/patients.ts';
import type { ChatMessage, SandboxUser } from '../support/sandbox-user.ts';

/** A patient's documents in the bot: the list, opening each kind, the consent, guardians, attackers. */
let t: TestApp;
let therapy: { branchId: number; doctorId: number };
beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  therapy = await demoTherapy(t);
});
afterAll(() => t.stop());

const asBot = (user: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id });
const staff = () => t.app.caller({ kind: 'service', name: 'doctor', roles: ['doctor'] }).documents.staff;
const labels = (m: ChatMessage) => m.buttons?.flat().map((b) => b.text) ?? [];

/** Each medical kind with fields a doctor would write. */
const FIELDS = {
  referral: { to: 'specialist', target: 'кардиологу', reason: 'Боли в груди при нагрузке' },
  prescription: {
    items: [{ drug: 'Амоксициллин', dose: '500 мг', frequency: '3 раза в день', durationDays: 7 }],
  },
  certificate: { form: '075/у', purpose: 'по месту работы', conclusion: 'Здоров.' },
  visit_summary: { diagnosis: { code: 'J06.9', text: 'ОРВИ' }, recommendations: 'Обильное питьё, покой.' },
  lab_results: { panel: 'ОАК', rows: [{ name: 'Гемоглобин', value: 98, unit: 'г/л', low: 120, high: 160 }] },
} as const;
type Kind = keyof typeof FIELDS;
const KINDS = Object.keys(FIELDS) as Kind[];

const TEXT = {
  ru: {
    menu: '📄 Документы',
    list: /Ваши документы/,
    kinds: {
      referral: 'Направление',
      prescription: 'Рецепт',
      certificate: 'Медицинская справка',
      visit_summary: 'Консультативное заключение',
      lab_results: 'Результаты анализов',
    },
    titles: {
      referral: 'Направление на консультацию',
      prescription: 'Рецепт',
      certificate: 'Медицинская справка (форма 075/у)',
      visit_summary: 'Консультативное заключение',
      lab_results: 'Результаты анализов: ОАК',
    },
    ask: /Присылать медицинские документы прямо сюда/,
    yes: '✅ Да, присылать сюда',
    no: '🔗 Нет, давать ссылку',
    fresh: /Новый документ/,
    doctor: 'врач',
  },
  kk: {
    menu: '📄 Құжаттар',
    list: /Сіздің құжаттарыңыз/,
    kinds: {
      referral: 'Жолдама',
      prescription: 'Рецепт',
      certificate: 'Медициналық анықтама',
      visit_summary: 'Консультациялық қорытынды',
      lab_results: 'Талдау нәтижелері',
    },
    titles: {
      referral: 'Консультацияға жолдама',
      prescription: 'Рецепт',
      certificate: 'Медициналық анықтама (№ 075/у нысан)',
      visit_summary: 'Консультациялық қорытынды',
      lab_results: 'Талдау нәтижелері: ОАК',
    },
    ask: /Медициналық құжаттарды тікелей осында/,
    yes: '✅ Иә, осында жіберу',
    no: '🔗 Жоқ, сілтеме беру',
    fresh: /Жаңа құжат/,
    doctor: 'дәрігер',
  },
} as const;

async function issue(patientId: number, kind: Kind) {
  return staff().issue({ patientId, kind, fields: FIELDS[kind], ...therapy });
}

const idOf = async (user: SandboxUser) => (await asBot(user).patients.profile.get()).id;

/** The file the bot sent: its name is the document's number, its caption the kind and number, its bytes a PDF. */
async function expectPdf(user: SandboxUser, caption: string, number: string) {
  const message = await user.expectMessage((m) => m.document !== undefined);
  expect(message.document?.file_name).toBe(`${number}.pdf`);
  expect(message.text).toBe(caption);
  const bytes = await user.download(message);
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
}

describe('documents in the bot', () => {
  for (const language of ['ru', 'kk'] as const) {
    it(`lists every kind with its date and doctor and opens each as a PDF (${language})`, async () => {
      const text = TEXT[language];
      const patient = await patientInChat(t, language, language === 'ru' ? 'Дина' : 'Әсел');
      const patientId = await idOf(patient);
      const issued = [];
      for (const kind of KINDS) issued.push(await issue(patientId, kind));
      // Each one announced in the chat, with its "Open" button.
      const news = await patient.expectMessages(
        issued.map((d) => (m: ChatMessage) => m.text?.includes(d.number) ?? false),
      );
      for (const message of news) expect(message.text).toMatch(text.fresh);

      await patient.tap(text.menu);
      const list = await patient.expectMessage(text.list);
      const doctor = issued[0]!.doctor!.fullName;
      // Newest first: the last issued is number 1.
      const newest = [...issued].reverse();
      newest.forEach((d, i) => {
        const kind = d.kind as Kind;
        expect(list.text).toContain(`${i + 1}. ${text.titles[kind]}`);
      });
      expect(list.text).toContain(`${text.doctor} ${doctor}`);
      const [y, m, day] = issued[0]!.issueDate.split('-');
      expect(list.text).toContain(`${day}.${m}.${y}`);

      // The first open asks once; "yes" sends the file, and later opens send theirs at once.
      await patient.tap(/^1\. /);
      await patient.expectMessage(text.ask);
      await patient.tap(text.yes);
      await expectPdf(
        patient,
        `📄 ${text.kinds[newest[0]!.kind as Kind]} № ${newest[0]!.number}`,
        newest[0]!.number,
      );
      for (const [i, d] of newest.entries()) {
        if (i === 0) continue;
        await patient.tap(new RegExp(`^${i + 1}\\. `));
        await expectPdf(patient, `📄 ${text.kinds[d.kind as Kind]} № ${d.number}`, d.number);
      }
      expect(patient.botMessages.filter((m) => text.ask.test(m.text ?? ''))).toHaveLength(1);
    });
  }

  it('without the consent gives a 48-hour link for them only, and the profile changes the answer', async () => {
    const patient = await patientInChat(t, 'ru', 'Салтанат');
    const document = await issue(await idOf(patient), 'certificate');
    await patient.expectMessage(/Новый документ: Медицинская справка/);
    // The "Open" under the news asks just as the list does.
    await patient.tap('📄 Открыть');
    await patient.expectMessage(TEXT.ru.ask);
    await patient.tap(TEXT.ru.no);
    const link = await patient.expectMessage(/Ссылка для скачивания работает 48 ч и только для вас/);
    expect(link.text).toContain(`Медицинская справка № ${document.number}`);
    const button = link.buttons?.flat()[0];
    expect(button?.url).toMatch(/\/documents\/d\/[\w.-]+$/);
    expect(await patient.tap('⬇️ Скачать')).toEqual({ kind: 'url', url: button!.url });
    // Asked once: the next open gives a new link without the question.
    await patient.tap('📄 Открыть');
    await patient.expectMessage(/Ссылка для скачивания/);
    expect(patient.botMessages.filter((m) => TEXT.ru.ask.test(m.text ?? ''))).toHaveLength(1);
    expect(patient.botMessages.some((m) => m.document)).toBe(false);

    await patient.send('/profile');
    const card = await patient.expectMessage(/Ваш профиль/);
    expect(card.text).toMatch(/Медицинские документы в Telegram: отозвано [\d.]+/);
    await patient.tap('📄 Документы в Telegram');
    await patient.expectEdit(/Медицинские документы в Telegram: дано [\d.]+/);
    await patient.tap('📄 Открыть');
    await expectPdf(patient, `📄 Медицинская справка № ${document.number}`, document.number);
    const ledger = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute(
        `select c.granted, c.channel, c.text_version from patients_consent_record c
           where c.patient_id = ? and c.purpose = 'telegram_documents' order by c.id`,
        [await idOf(patient)],
      )) as { granted: boolean; channel: string; text_version: string }[];
    expect(ledger.map((r) => r.granted)).toEqual([false, true]);
    expect(ledger.every((r) => r.channel === 'telegram' && r.text_version === '2026-11-d1')).toBe(true);
  });

  it("announces a child's document to every guardian, and a guardian lists and opens it", async () => {
    const mother = await patientInChat(t, 'ru', 'Жанар', { birthDate: '1984-04-04' });
    const father = await patientInChat(t, 'kk', 'Ерлан', { birthDate: '1982-02-02' });
    const child = { iin: makeIin('2016-06-06', 'female'), lastName: 'Сейтқали', firstName: 'Аружан' };
    const { family } = await asBot(mother).patients.family.add({ ...child, relation: 'child' });
    const childId = family.dependants[0]!.id;
    // The father asks; the mother, an existing guardian, approves.
    const asked = await asBot(father).patients.family.add({ ...child, relation: 'child' });
    expect(asked.outcome).toBe('requested');
    const [request] = (await t.app.orm.em
      .fork()
      .getConnection()
      .execute(`select id from patients_family_request where status = 'pending' and dependant_id = ?`, [
        childId,
      ])) as { id: number }[];
    await asBot(mother).patients.family.answerRequest({ requestId: request!.id, approve: true });

    const document = await issue(childId, 'lab_results');
    await mother.expectMessage(new RegExp(`Новый документ: Результаты анализов № ${document.number}`));
    await father.expectMessage(new RegExp(`Жаңа құжат: Талдау нәтижелері № ${document.number}`));

    await mother.tap('📄 Документы');
    const list = await mother.expectMessage(/Ваши документы/);
    expect(list.text).toContain('Сейтқали Аружан');
    expect(list.text).toContain('1. Результаты анализов: ОАК');
    await mother.tap(/^1\. /);
    await mother.tap(TEXT.ru.yes);
    await expectPdf(mother, `📄 Результаты анализов № ${document.number}`, document.number);

    // The father's own answer counts for his chat: he is asked too.
    await father.tap('📄 Ашу');
    await father.expectMessage(TEXT.kk.ask);
    await father.tap(TEXT.kk.yes);
    await expectPdf(father, `📄 Талдау нәтижелері № ${document.number}`, document.number);
  });

  it("keeps a patient's documents from another: no list, no forged open, no replay after revocation", async () => {
    const owner = await patientInChat(t, 'ru', 'Гульмира');
    const stranger = await patientInChat(t, 'ru', 'Бауыржан');
    const document = await issue(await idOf(owner), 'prescription');
    await owner.expectMessage(/Новый документ: Рецепт/);

    await stranger.tap('📄 Документы');
    const empty = await stranger.expectMessage(/Документов пока нет/);
    expect(empty.text).not.toContain(document.number);

    // A tampered client sends the owner's document's "Open" data.
    const forged = BUTTONS.openDocument.data({ documentId: document.id });
    await forgeButton(t, stranger, '📄', forged);
    await stranger.tapData(new RegExp(`^${forged}$`));
    await stranger.expectMessage(/Документ не найден/);
    await stranger.expectNoMessage();
    expect(stranger.botMessages.some((m) => m.document || /Присылать медицинские/.test(m.text ?? ''))).toBe(
      false,
    );

    // The owner's old buttons after the clinic revoked it: the list says so, nothing opens.
    await owner.tap('📄 Документы');
    await owner.expectMessage(/1\. Рецепт/);
    await staff().revoke({ documentId: document.id, reason: 'Ошибка в дозировке' });
    await owner.tap('📄 Открыть');
    const refusal = await owner.expectMessage(/отозван клиникой/);
    expect(refusal.text).toMatch(/позвоните в клинику: \+7/);
    await owner.tap(/^1\. Рецепт/);
    await owner.expectMessage(/отозван клиникой/);
    await owner.tap('📄 Документы');
    const list = await owner.expectMessage(/Ваши документы/);
    expect(list.text).toMatch(/1\. Рецепт .*— ⛔ отозван/);
    expect(labels(list)).toContain('1. ⛔ Рецепт');
    expect(owner.botMessages.some((m) => m.document)).toBe(false);
  });

  it('pages a long list, eight to a page', async () => {
    const patient = await patientInChat(t, 'kk', 'Мақпал');
    const patientId = await idOf(patient);
    for (let i = 0; i < 9; i++) await issue(patientId, 'referral');
    await patient.send('/documents');
    const first = await patient.expectMessage(/Сіздің құжаттарыңыз/);
    expect(first.text).toContain('2 беттің 1-беті');
    expect(labels(first)).toContain('8. Консультацияға жолдама');
    expect(labels(first)).not.toContain('9. Консультацияға жолдама');
    await patient.tap('Келесі ▶');
    const second = await patient.expectEdit(/2 беттің 2-беті/);
    expect(labels(second)).toEqual(['9. Консультацияға жолдама', '◀ Артқа']);
  });
});
