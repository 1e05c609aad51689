import { describe, expect, it } from 'vitest';
import { escapeHtml, pageLanguage } from './documents.pages.ts';
import { normalizeVerifyCode } from './use-cases/verify-document.ts';

describe('a verification code typed by hand', () => {
  it('is read as printed: case, spaces and dashes ignored, O read as 0 and I or L as 1', () => {
    expect(normalizeVerifyCode('7k2m 9p-q0rs')).toBe('7K2M9PQ0RS');
    expect(normalizeVerifyCode('7K2M9PQORS')).toBe('7K2M9PQ0RS');
    expect(normalizeVerifyCode('iL2M9PQ0RS')).toBe('112M9PQ0RS');
  });

  it('is no code at all when it cannot be one (length, letters Crockford leaves out, markup)', () => {
    for (const typed of ['', '7K2M9PQ0R', '7K2M9PQ0RSX', '7K2M9PQ0RU', '<script>', '7K2M9PQ0R%'])
      expect(normalizeVerifyCode(typed)).toBeNull();
  });
});

describe('a public page', () => {
  const request = (query: string, accept?: string) =>
    new Request(`http://localhost/verify${query}`, { headers: accept ? { 'accept-language': accept } : {} });

  it('is in the language switched to, else the document’s, else the browser’s Kazakh, else Russian', () => {
    expect(pageLanguage(request('?lang=kk'), 'ru')).toBe('kk');
    expect(pageLanguage(request('?lang=en'), 'kk')).toBe('kk');
    expect(pageLanguage(request(''), 'kk')).toBe('kk');
    expect(pageLanguage(request('', 'kk-KZ,kk;q=0.9,ru;q=0.8'))).toBe('kk');
    expect(pageLanguage(request('', 'en-US,kk;q=0.5'))).toBe('ru');
    expect(pageLanguage(request(''))).toBe('ru');
  });

  it('escapes what it did not write itself, attributes included', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;',
    );
  });
});
