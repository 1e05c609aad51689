import { describe, expect, it } from 'vitest';
import { normalizePersonName, sameName, searchNameOf, searchReadings } from './person-name.ts';

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

  it.each([
    ['Нурлан Абенов', 'Nurlan Abenov'],
    ['Нұрлан', 'Нурлан'],
    ['Жанар', 'Zhanar'],
    ['Жанар', 'Janar'],
    ['Жанар', 'Джанар'],
    ['Әлия', 'Aliya'],
    ['Алия', 'Aliia'],
    ['Асель', 'Assel'],
    ['Аркадий', 'Arkadiy'],
    ['Татьяна', 'Tatyana'],
    ['Юлия', 'Iuliia'],
    ['Ерлан', 'Yerlan'],
    ['Семён', 'Semyon'],
    ['Ахметов', 'Akhmetov'],
    ['Ахметов', 'Ahmetov'],
    ['Қайрат', 'Qairat'],
    ['Шұғыла', 'Şuğyla'],
    ['Гүлнұр', 'Gülnur'],
    ['Айгерім', 'Aygerim'],
    ['Королёв', 'KOPOЛEB'], // Latin look-alikes among Cyrillic letters
    ['Абенова-Сейтқали', 'абенова сейткали'],
  ])('folds %s and %s to one search name', (a, b) => {
    expect(searchNameOf([a])).toBe(searchNameOf([b]));
  });

  it('splits double names into words and keeps different names apart', () => {
    expect(searchNameOf(['Абенова-Сейтқали', 'Жанар', null])).toBe('абенова сеиткали жанар');
    expect(searchNameOf(['Абенов'])).not.toBe(searchNameOf(['Абенова']));
    expect(searchNameOf(['Жанар'])).not.toBe(searchNameOf(['Занар']));
    expect(searchNameOf(['%_'])).toBe('');
  });

  it('reads a Latin word of look-alike letters both as a transliteration and as Cyrillic', () => {
    expect(searchReadings('AXMETOB')).toEqual(['аксметоб', 'ахметов']);
    expect(searchReadings('Abenov')).toEqual(['абенов']);
  });
});
