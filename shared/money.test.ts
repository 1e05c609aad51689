import { describe, expect, it } from 'vitest';
import { formatTiyn } from './money.ts';

describe('formatTiyn', () => {
  it('keeps the amount and ₸ on one line in both languages', () => {
    expect(formatTiyn(1_250_000, 'ru')).toBe('12\u00a0500\u00a0₸');
    expect(formatTiyn(1_234_567, 'kk')).toBe('12\u00a0345,67\u00a0₸');
  });
});
