import { describe, expect, it } from 'vitest';
import { isThanks } from './thanks.ts';

describe('isThanks', () => {
  it('takes a thank-you in Russian, Kazakh or English, with emoji and punctuation', () => {
    for (const text of [
      'рақмет',
      'Рахмет!',
      'Көп рахмет 🙏',
      'Рақмет сізге, түсінікті',
      'Жауабыңызға рақмет!!',
      'спасибо',
      'Спасибо большое!',
      'спс',
      'Благодарю 🙏',
      'Хорошо, спасибо за ответ',
      'Понятно, спасибо огромное!',
      'Thanks a lot',
      'thank you',
    ])
      expect(isThanks(text), text).toBe(true);
  });

  it('does not take a question or a message that says more, though it has the word', () => {
    for (const text of [
      'Спасибо! А натощак?',
      'Спасибо, а результат тоже здесь придёт',
      'Рақмет, ертең келсем бола ма',
      'спасибо?',
      'Спасибо, но я не смогу прийти',
      'Хорошо',
      'ок',
      '🙏',
      '',
      null,
      'спасибо спасибо спасибо спасибо спасибо спасибо спасибо спасибо спасибо',
    ])
      expect(isThanks(text), String(text)).toBe(false);
  });
});
