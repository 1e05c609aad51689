import { describe, expect, it } from 'vitest';
import { normalizePersonName, sameName } from './person-name.ts';

describe('person names', () => {
  it('normalises capitalisation and spacing', () => {
    expect(normalizePersonName('  АХМЕТОВА   айгерім ')).toBe('Ахметова Айгерім');
    expect(normalizePersonName('1234')).toBeNull();
  });

  it.each([
    ['Нұрлан', 'Нурлан'],
    ['Әлия', 'Алия'],
    ['Ғалымжан', 'Галымжан'],
    ['Сейтқали', 'сейткали'],
    ['Өмірзақ', 'Омирзак'],
    ['Семён', 'Семен'],
    ['Тимур', 'Tимур'], // a Latin T among Cyrillic letters
    ['Аскар', 'Acкap'], // Latin c, a, p
    ['Жан-Пол', 'жан пол'],
  ])('reads %s and %s as one name', (a, b) => {
    expect(sameName(a, b)).toBe(true);
  });

  it.each([
    ['Нұрлан', 'Нурлыбек'],
    ['Айгерім', 'Айгүл'],
    ['Иванов', 'Иванова'],
  ])('tells %s from %s', (a, b) => {
    expect(sameName(a, b)).toBe(false);
  });
});
