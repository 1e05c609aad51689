import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import { demoFaqCategories, demoFaqEntries } from './demo/demo-faq.data.ts';

/**
 * How well the FAQ search answers what patients actually type, on the demo FAQ: 20 questions per
 * language written before the search was tuned, the way people write to a bot — short, lowercase,
 * with typos and no punctuation, slang, Kazakh typed with Russian letters (аныктама for анықтама),
 * Russian typed by a Kazakh-speaking patient. Each names the entry it must find. The floor is what
 * a patient notices: the right answer first nearly always, and among the three buttons offered
 * almost without exception.
 */
type Case = [text: string, entry: string];

const russian: Case[] = [
  ['как записатся к врачу', 'book'],
  ['перенести прием на другой день', 'reschedule'],
  ['отменить запись', 'cancel'],
  ['будет напоминание?', 'reminders'],
  ['онлайн консультация педиатра', 'online'],
  ['как записать ребенка', 'family'],
  ['опаздываю', 'late'],
  ['справка в бассейн', 'certificate'],
  ['справка для садика', 'certificate'],
  ['где мои документы', 'my-documents'],
  ['ссылка не открываеться', 'document-link'],
  ['направление к кардиологу', 'referral'],
  ['как оплатить через каспи', 'pay'],
  ['нужен чек', 'receipt'],
  ['вернуть деньги', 'refund'],
  ['когда будут готовы анализы', 'results'],
  ['кровь натощак сдавать?', 'blood-prep'],
  ['удалить мои данные', 'delete-data'],
  ['отписатся от рассылки', 'consent'],
  ['адрес клиники в астане', 'address-hours'],
];

const kazakh: Case[] = [
  ['дәрігерге қалай жазылам', 'book'],
  ['жазылуды ауыстыру', 'reschedule'],
  ['жазылудан бас тарту', 'cancel'],
  ['еске салу келеди ме', 'reminders'],
  ['онлайн кенес', 'online'],
  ['баламды жазу керек', 'family'],
  ['кешигип жатырмын', 'late'],
  ['бассейнге аныктама', 'certificate'],
  ['мектепке справка керек', 'certificate'],
  ['жолдама қалай алам', 'referral'],
  ['құжаттарым қайда', 'my-documents'],
  ['каспи арқылы төлеу', 'pay'],
  ['чек об оплате', 'receipt'],
  ['акшаны кайтару', 'refund'],
  ['талдау нәтижесі қашан', 'results'],
  ['кан талдауына дайындык', 'blood-prep'],
  ['узи дайындалу', 'ultrasound-prep'],
  ['деректерімді жою', 'delete-data'],
  ['тилди ауыстыру', 'language'],
  ['клиниканын мекенжайы', 'address-hours'],
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
});
afterAll(() => t.stop());

const keyOf = (ru: string) => demoFaqEntries.find((e) => e.question.ru === ru)?.key;

async function measure(language: 'ru' | 'kk', cases: Case[]) {
  let first = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const [text, wanted] of cases) {
    const found = await t.client().support.faq.search.query({ text, language, limit: 3 });
    const keys = found.map((f) => keyOf(f.question.ru));
    if (keys[0] === wanted) first++;
    if (keys.includes(wanted)) top3++;
    if (keys[0] !== wanted)
      misses.push(
        `  «${text}» → ${wanted}: got ${keys.join(', ') || 'nothing'} (${found.map((f) => f.score.toFixed(2)).join(', ')})`,
      );
  }
  process.stdout.write(
    `FAQ search, ${language}: ${first}/${cases.length} first, ${top3}/${cases.length} in the top 3\n${misses.join('\n')}\n`,
  );
  return { first, top3 };
}

describe('the demo FAQ', () => {
  it('is loaded at start with the demo clinic, published, once', async () => {
    const categories = await t.client().support.faq.categories.query();
    expect(categories.map((c) => c.name.kk)).toEqual(demoFaqCategories.map((c) => c.name.kk));
    t = await t.restart();
    const restarted = await t.client().support.faq.categories.query();
    expect(restarted).toHaveLength(demoFaqCategories.length);
    const admin = t.client(await t.tokenFor('admin'));
    expect(await admin.support.staff.faq.entries.query({})).toHaveLength(demoFaqEntries.length);
  });

  it('writes Kazakh with Kazakh letters', () => {
    for (const e of demoFaqEntries) {
      expect(`${e.question.kk} ${e.answer.kk}`, e.key).toMatch(/[әғқңөұүһі]/);
    }
  });
});

describe('FAQ search on what patients type', () => {
  it('finds the right answer for Russian questions', async () => {
    const { first, top3 } = await measure('ru', russian);
    expect(first).toBeGreaterThanOrEqual(17);
    expect(top3).toBeGreaterThanOrEqual(19);
  });

  it('finds the right answer for Kazakh questions, Kazakh letters or not', async () => {
    const { first, top3 } = await measure('kk', kazakh);
    expect(first).toBeGreaterThanOrEqual(17);
    expect(top3).toBeGreaterThanOrEqual(19);
  });

  it('offers nothing for text that is not about the clinic', async () => {
    for (const [text, language] of [
      ['купить телефон', 'ru'],
      ['asdfgh', 'ru'],
      ['погода завтра', 'ru'],
      ['ауа райы қандай', 'kk'],
      ['asdfgh', 'kk'],
    ] as const) {
      expect(await t.client().support.faq.search.query({ text, language }), text).toEqual([]);
    }
  });
});
