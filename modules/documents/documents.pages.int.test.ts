import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoTherapy } from '../../tests/support/demo.ts';
import { registerPatient } from '../../tests/support/patients.ts';
import { storedPdf } from '../../tests/support/pdf.ts';

/**
 * What a reader finds on each kind's page, in Russian and in Kazakh: the title, the number and
 * date, the patient, the doctor, the kind's own fields, the signature's place and the
 * verification footer; lab results with their marks on the rows out of range and nowhere else.
 */
let t: TestApp;
let patients: Record<'ru' | 'kk', { id: number; name: string }>;
let doctorId: number;
let branchId: number;
beforeAll(async () => {
  t = await startTestApp();
  ({ doctorId, branchId } = await demoTherapy(t));
  const ru = await registerPatient(t.app, 8_200_001, { firstName: 'Ольга', lastName: 'Смирнова' });
  const kk = await registerPatient(t.app, 8_200_002, {
    firstName: 'Әсемгүл',
    lastName: 'Құрманғазиева',
    language: 'kk',
  });
  patients = {
    ru: { id: ru.id, name: 'Смирнова Ольга' },
    kk: { id: kk.id, name: 'Құрманғазиева Әсемгүл' },
  };
});
afterAll(() => t.stop());

/** The PDF's text as a reader sees it, whitespace folded, with its page count. */
async function pageText(documentId: number) {
  const { text, ...rest } = await storedPdf(t.app, documentId);
  return { ...rest, text: text.replace(/\s+/g, ' ') };
}

async function issue(language: 'ru' | 'kk', kind: string, fields: Record<string, unknown>) {
  const doctor = t.app.caller({ kind: 'service', name: 'doctor', roles: ['doctor'] });
  const issued = await doctor.documents.staff.issue({
    patientId: patients[language].id,
    kind,
    fields,
    doctorId,
    branchId,
  });
  expect(issued.language).toBe(language);
  const page = await pageText(issued.id);
  // What every page of every kind carries.
  expect(page.text).toContain(patients[language].name);
  expect(page.text).toContain(issued.doctor!.fullName);
  expect(page.text).toContain(issued.number);
  return { issued, ...page };
}

const L = {
  ru: {
    verify: 'Подлинность документа: отсканируйте QR-код или откройте',
    signature: 'подпись',
    stamp: 'М. П.',
  },
  kk: {
    verify: 'Құжаттың түпнұсқалығы: QR-кодты сканерлеңіз немесе',
    signature: 'қолы',
    stamp: 'М. О.',
  },
};

describe('a generated document reads as the clinic hands it out', () => {
  it.each(['ru', 'kk'] as const)(
    'referral for tests (%s): where, which tests, why, how urgent, until when',
    async (lang) => {
      const { text, pages } = await issue(lang, 'referral', {
        to: 'tests',
        target: lang === 'ru' ? 'Лаборатория, кабинет 105' : 'Зертхана, 105-кабинет',
        tests: ['ЭКГ', 'ЭхоКГ', lang === 'ru' ? 'Холтеровское мониторирование' : 'Холтер бойынша бақылау'],
        diagnosis: {
          code: 'I20.8',
          text: lang === 'ru' ? 'Стенокардия напряжения' : 'Күш түсу стенокардиясы',
        },
        reason: lang === 'ru' ? 'Боль в груди при нагрузке' : 'Жүктеме кезінде кеуденің ауыруы',
        urgency: 'urgent',
        validUntil: '2026-12-31',
      });
      expect(pages).toBe(1);
      if (lang === 'ru') {
        expect(text).toContain('Направление на обследование');
        expect(text).toContain('Куда / к кому Лаборатория, кабинет 105');
        // A numbered list (pdf.js reads each number after its item, so only the order is checked).
        expect(text).toMatch(/Обследования ЭКГ.*ЭхоКГ.*Холтеровское мониторирование.*Диагноз/);
        expect(text).toContain('Диагноз I20.8 — Стенокардия напряжения');
        expect(text).toContain('Срочность: срочно');
        expect(text).toContain('Действительно до 31.12.2026');
      } else {
        expect(text).toContain('Тексеруге жолдама');
        expect(text).toContain('Қайда / кімге Зертхана, 105-кабинет');
        expect(text).toMatch(/Тексерулер ЭКГ.*ЭхоКГ.*Холтер бойынша бақылау.*Диагноз/);
        expect(text).toContain('Диагноз I20.8 — Күш түсу стенокардиясы');
        expect(text).toContain('Шұғылдығы: шұғыл');
        expect(text).toContain('31.12.2026 дейін жарамды');
      }
      expect(text).toContain(L[lang].verify);
      expect(text).toContain(L[lang].signature);
    },
  );

  it.each(['ru', 'kk'] as const)('prescription (%s): each medicine in its own numbered row', async (lang) => {
    const { text } = await issue(lang, 'prescription', {
      diagnosis: { code: 'J06.9', text: lang === 'ru' ? 'ОРВИ' : 'ЖРВИ' },
      items: [
        {
          drug: 'Амоксициллин, таблетки',
          dose: '500 мг',
          frequency: lang === 'ru' ? '3 раза в день' : 'Күніне 3 рет',
          durationDays: 7,
          notes: lang === 'ru' ? 'После еды' : 'Тамақтан кейін',
        },
        {
          drug: 'Ибупрофен, таблетки',
          dose: '400 мг',
          frequency: lang === 'ru' ? 'при температуре выше 38,5' : '38,5-тен жоғары қызуда',
        },
      ],
    });
    if (lang === 'ru') {
      expect(text).toContain('Рецепт');
      expect(text).toContain('№ Препарат Доза Как принимать Дней');
      expect(text).toContain('1. Амоксициллин, таблетки После еды 500 мг 3 раза в день 7');
      expect(text).toContain('2. Ибупрофен, таблетки 400 мг при температуре выше 38,5 —');
    } else {
      expect(text).toContain('№ Дәрілік зат Дозасы Қабылдау тәртібі Күн саны');
      expect(text).toContain('1. Амоксициллин, таблетки Тамақтан кейін 500 мг Күніне 3 рет 7');
      expect(text).toContain('2. Ибупрофен, таблетки 400 мг 38,5-тен жоғары қызуда —');
    }
  });

  it.each(['ru', 'kk'] as const)(
    'certificate (%s): its form number and purpose first, then the period',
    async (lang) => {
      const { text } = await issue(lang, 'certificate', {
        form: '095/у',
        purpose: lang === 'ru' ? 'для предоставления в учебное заведение' : 'оқу орнына ұсыну үшін',
        conclusion: lang === 'ru' ? 'Освобождён от занятий.' : 'Сабақтан босатылды.',
        period: { from: '2026-11-20', to: '2026-11-27' },
      });
      if (lang === 'ru') {
        expect(text).toContain('Форма № 095/у');
        expect(text).toContain('Медицинская справка (форма 095/у)');
        expect(text).toContain('Цель выдачи: для предоставления в учебное заведение');
        expect(text).toContain('Период с 20.11.2026 по 27.11.2026');
        expect(text).toContain('Заключение Освобождён от занятий.');
      } else {
        expect(text).toContain('№ 095/у нысан');
        expect(text).toContain('Медициналық анықтама (№ 095/у нысан)');
        expect(text).toContain('Берілу мақсаты: оқу орнына ұсыну үшін');
        expect(text).toContain('Кезең 20.11.2026 бастап 27.11.2026 дейін');
        expect(text).toContain('Қорытынды Сабақтан босатылды.');
      }
      expect(text).toContain(L[lang].stamp);
    },
  );

  it.each(['ru', 'kk'] as const)(
    'visit summary (%s): complaints, findings, diagnosis, advice',
    async (lang) => {
      const { text } = await issue(lang, 'visit_summary', {
        complaints: lang === 'ru' ? 'Кашель три дня' : 'Үш күн жөтел',
        examination: lang === 'ru' ? 'Зев гиперемирован' : 'Жұтқыншақ қызарған',
        diagnosis: { code: 'J06.9', text: lang === 'ru' ? 'ОРВИ' : 'ЖРВИ' },
        recommendations: lang === 'ru' ? 'Обильное питьё' : 'Көп сұйықтық ішу',
      });
      if (lang === 'ru') {
        expect(text).toContain('Консультативное заключение');
        expect(text).toContain('Жалобы Кашель три дня');
        expect(text).toContain('Объективный осмотр Зев гиперемирован');
        expect(text).toContain('Диагноз J06.9 — ОРВИ');
        expect(text).toContain('Рекомендации Обильное питьё');
      } else {
        expect(text).toContain('Консультациялық қорытынды');
        expect(text).toContain('Шағымдары Үш күн жөтел');
        expect(text).toContain('Объективті қарап-тексеру Жұтқыншақ қызарған');
        expect(text).toContain('Ұсынымдар Көп сұйықтық ішу');
      }
    },
  );

  it.each(['ru', 'kk'] as const)(
    'lab results (%s): the sampling time on the branch clock, marks on the rows out of range only, every page verifiable',
    async (lang) => {
      const rows = Array.from({ length: 36 }, (_, i) => ({
        name: `${lang === 'ru' ? 'Показатель' : 'Көрсеткіш'} ${String(i + 1).padStart(2, '0')}`,
        value: 5.5,
        unit: 'ммоль/л',
        low: 3.9,
        high: 6.1,
      }));
      rows[2]!.value = 7.25; // high
      rows[30]!.value = 2.8; // low, on the second page
      const textRow = {
        name: 'HBsAg',
        value: lang === 'ru' ? 'обнаружено' : 'анықталды',
        reference: lang === 'ru' ? 'не обнаружено' : 'анықталмады',
        abnormal: true,
      };
      const { text, pages, issued, kb } = await issue(lang, 'lab_results', {
        panel: lang === 'ru' ? 'Биохимия крови' : 'Қанның биохимиясы',
        material: lang === 'ru' ? 'венозная кровь' : 'веналық қан',
        // 04:30 UTC is 09:30 in Almaty (UTC+5).
        sampledAt: '2026-03-05T04:30:00Z',
        rows: [...rows, textRow],
      });
      expect(pages).toBe(2);
      const cell = (i: number) => {
        const name = rows[i]!.name;
        const next = rows[i + 1]?.name ?? 'HBsAg';
        return text.slice(text.indexOf(`${name} `), text.indexOf(`${next} `, text.indexOf(`${name} `)));
      };
      if (lang === 'ru') {
        expect(text).toContain('Результаты анализов: Биохимия крови');
        expect(text).toContain('Дата и время взятия биоматериала: 05.03.2026 09:30');
        expect(text).toContain('Показателей вне референсных значений: 3 (всего 37)');
        expect(cell(2)).toMatch(/^Показатель 03 7,25 ↑ ммоль\/л 3,9 – 6,1 выше нормы/);
        expect(cell(30)).toMatch(/^Показатель 31 2,8 ↓ ммоль\/л 3,9 – 6,1 ниже нормы/);
        expect(text).toContain('HBsAg обнаружено ! не обнаружено отклонение');
        expect(text).toContain('Стр. 1 из 2');
        expect(text).toContain('Стр. 2 из 2');
      } else {
        expect(text).toContain('Талдау нәтижелері: Қанның биохимиясы');
        expect(text).toContain('Биоматериал алынған күні мен уақыты: 05.03.2026 09:30');
        expect(text).toContain('Референттік мәндерден тыс көрсеткіштер: 3 (барлығы 37)');
        expect(cell(2)).toMatch(/^Көрсеткіш 03 7,25 ↑ ммоль\/л 3,9 – 6,1 қалыптан жоғары/);
        expect(cell(30)).toMatch(/^Көрсеткіш 31 2,8 ↓ ммоль\/л 3,9 – 6,1 қалыптан төмен/);
        expect(text).toContain('HBsAg анықталды ! анықталмады ауытқу');
        expect(text).toContain('Бет 2 / 2');
      }
      // Within range: no arrow, no words.
      for (const i of [0, 1, 3, 29, 31, 35]) expect(cell(i)).not.toMatch(/[↑↓!]|нормы|қалыптан/);
      // The footer with the short code is on both pages.
      const [row] = (await t.app.orm.em
        .fork()
        .getConnection()
        .execute('select verify_code from documents_document where id = ?', [issued.id])) as {
        verify_code: string;
      }[];
      const code = row!.verify_code;
      expect(text.split(code).length - 1).toBeGreaterThanOrEqual(4);
      expect(kb).toBeLessThan(80);
    },
  );
});
