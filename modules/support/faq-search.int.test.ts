import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../tests/support/app.ts';
import {
  type FaqCase,
  kazakhInflectedQuestions,
  kazakhQuestions,
  russianQuestions,
  unrelatedQuestions,
} from '../../tests/support/faq-questions.ts';
import { demoFaqCategories, demoFaqEntries } from './demo/demo-faq.data.ts';

/**
 * How well the FAQ search answers what patients type (tests/support/faq-questions.ts), on the demo
 * FAQ. The floor is what a patient notices: the right answer first nearly always (17 of 20), and
 * among the three buttons offered almost without exception (19 of 20).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
});
afterAll(() => t.stop());

const keyOf = (ru: string) => demoFaqEntries.find((e) => e.question.ru === ru)?.key;

async function measure(label: string, language: 'ru' | 'kk', cases: FaqCase[]) {
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
    `FAQ search, ${label}: ${first}/${cases.length} first, ${top3}/${cases.length} in the top 3\n${misses.join('\n')}\n`,
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
    const { first, top3 } = await measure('ru', 'ru', russianQuestions);
    expect(first).toBeGreaterThanOrEqual(17);
    expect(top3).toBeGreaterThanOrEqual(19);
  });

  it('finds the right answer for Kazakh questions, Kazakh letters or not', async () => {
    const { first, top3 } = await measure('kk', 'kk', kazakhQuestions);
    expect(first).toBeGreaterThanOrEqual(17);
    expect(top3).toBeGreaterThanOrEqual(19);
  });

  it('finds the right answer whatever Kazakh endings the patient uses', async () => {
    const { first, top3 } = await measure('kk inflected', 'kk', kazakhInflectedQuestions);
    expect(first).toBeGreaterThanOrEqual(17);
    expect(top3).toBeGreaterThanOrEqual(19);
  });

  it('offers nothing for text that is not about the clinic', async () => {
    for (const [text, language] of unrelatedQuestions) {
      expect(await t.client().support.faq.search.query({ text, language }), text).toEqual([]);
    }
  });
});
