import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../bot/i18n.ts';
import { CLINIC_CANCEL_REASONS, PATIENT_CANCEL_REASONS } from '../modules/booking/booking.schemas.ts';
import { RELATIONS } from '../modules/patients/entities/patient.entity.ts';
import { errorRegistry } from '../shared/errors.ts';
import { STAFF_ROLES } from '../shared/roles.ts';
// Importing the router loads every module, so every error table is registered.
import '../server/router.ts';
import { missingKeys, pluralProblems, readMessages, usedKeys } from './support/locale-checks.ts';

/** Russian and Kazakh are both first languages: the same keys, the same variables, no gaps. */
const root = join(import.meta.dirname, '..', 'locales');
const codeRoot = join(import.meta.dirname, '..');

const parseProblems: string[] = [];
const ru = readMessages(root, 'ru', parseProblems);
const kk = readMessages(root, 'kk', parseProblems);

describe('locales', () => {
  it('have the same keys in ru and kk, in the same files', () => {
    expect([...kk.keys()].sort()).toEqual([...ru.keys()].sort());
    for (const [key, { file }] of ru) expect(kk.get(key)?.file, key).toBe(file);
  });

  it('use the same variables in both languages', () => {
    for (const [key, { variables }] of ru) expect(kk.get(key)?.variables, key).toEqual(variables);
  });

  it('have a message in both languages for every domain error code', () => {
    const missing: string[] = [];
    for (const [module, codes] of errorRegistry) {
      for (const code of Object.keys(codes)) {
        const key = `err-${module}-${code}`;
        if (!ru.has(key)) missing.push(`ru: ${key}`);
        if (!kk.has(key)) missing.push(`kk: ${key}`);
      }
    }
    expect(errorRegistry.size).toBeGreaterThanOrEqual(4);
    expect(missing).toEqual([]);
  });

  it('contain every key the modules and the server send messages with, in both languages', () => {
    // Messages the platform queues (reminders, notices, staff posts, SMS) name their template and
    // button labels as locale keys in modules/ and server/: every literal key must exist, and every
    // key built at run time (`reminder-${kind}`) from a known set must exist for each value.
    const used = usedKeys(codeRoot).platform;
    const built = [
      ...['d1', 'h3', 'h1', 'arrival'].map((kind) => `reminder-${kind}`),
      ...['booked', 'rescheduled', 'cancelled-by-patient', 'cancelled-by-clinic'].map((e) => `staff-${e}`),
      ...[...PATIENT_CANCEL_REASONS, ...CLINIC_CANCEL_REASONS, 'cannot_come', 'data_deleted'].map(
        (r) => `reason-${r}`,
      ),
      ...RELATIONS.map((r) => `relation-${r}`),
      ...Array.from({ length: 11 }, (_, n) => `nps-${n}`),
    ];
    expect(used.size).toBeGreaterThan(20);
    expect(missingKeys([...used, ...built], { ru, kk })).toEqual([]);
  });

  it('contain every key the bot asks for, in both languages', () => {
    const used = usedKeys(codeRoot).bot;
    expect(used.size).toBeGreaterThan(30);
    expect(missingKeys(used, { ru, kk })).toEqual([]);
  });

  it('contain every key the staff console shows, in both languages', () => {
    const used = usedKeys(codeRoot).console;
    const built = [
      ...[...STAFF_ROLES, 'bot'].map((role) => `console-role-${role}`),
      ...['ru', 'kk'].map((language) => `console-language-${language}`),
    ];
    expect(used.size).toBeGreaterThan(30);
    expect(missingKeys([...used, ...built], { ru, kk })).toEqual([]);
  });

  it('parse entirely (Fluent drops a message it cannot read, and the bot would show its key)', () => {
    expect(parseProblems).toEqual([]);
  });

  it('choose the form of a word after a number by every plural category of the language', () => {
    expect([...pluralProblems(ru, 'ru'), ...pluralProblems(kk, 'kk')]).toEqual([]);
  });

  it('put the right word form after a number, and say a slot in the past in words', () => {
    const i18n = createI18n();
    const ruFar = (n: number) => i18n.t('ru', 'err-booking-too_far', { horizonDays: n });
    expect(ruFar(21)).toContain('на 21 день вперёд');
    expect(ruFar(2)).toContain('на 2 дня вперёд');
    expect(ruFar(30)).toContain('на 30 дней вперёд');
    expect(i18n.t('ru', 'err-booking-limit_active', { max: 1 })).toContain('1 предстоящий визит');
    expect(i18n.t('ru', 'err-booking-limit_active', { max: 3 })).toContain('3 предстоящих визита');
    expect(i18n.t('ru', 'err-booking-too_soon', { minNoticeMinutes: 120 })).toContain(
      'за 120 минут до начала',
    );
    expect(i18n.t('ru', 'err-booking-too_soon', { minNoticeMinutes: 0 })).toBe(
      'Это время уже прошло. Выберите другое.',
    );
    expect(i18n.t('ru', 'err-patients-minor_self_registration', { adultAge: 21 })).toContain(
      'меньше 21 года',
    );
    expect(i18n.t('kk', 'err-booking-too_far', { horizonDays: 21 })).toContain('ең көбі 21 күн бұрын');
    expect(i18n.t('kk', 'err-booking-limit_active', { max: 3 })).toContain('ең көбі 3 алдағы қабылдау');
    expect(i18n.t('kk', 'err-booking-too_soon', { minNoticeMinutes: 0 })).toBe(
      'Бұл уақыт өтіп кетті. Басқа уақытты таңдаңыз.',
    );
  });
});

/** The checks above, on planted bad files: each must catch what it is there for. */
describe('locale checks', () => {
  let dir = '';
  const plant = (files: Record<string, string>) => {
    dir = mkdtempSync(join(tmpdir(), 'emhana-locales-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('catch a Russian plural without few and many, and a Kazakh one without other', () => {
    const at = plant({
      'ru/a.ftl': [
        'days = { $n } { $n ->',
        '        [one] день',
        '       *[other] дней',
        '    }',
        'past = { $n ->',
        '        [0] Прошло.',
        '       *[other] За { $n } { $n ->',
        '            [one] минуту',
        '            [few] минуты',
        '           *[many] минут',
        '        }.',
        '    }',
        '',
      ].join('\n'),
      'kk/a.ftl': [
        'days = { $n } { $n ->',
        '        [one] күн',
        '       *[many] күн',
        '    }',
        'past = Өтті.',
        '',
      ].join('\n'),
    });
    expect(pluralProblems(readMessages(at, 'ru'), 'ru')).toEqual(['ru days: $n has no [few], [many]']);
    expect(pluralProblems(readMessages(at, 'kk'), 'kk')).toEqual(['kk days: $n has no [other]']);
  });

  it('catch a message Fluent cannot parse (a select written on one line)', () => {
    const at = plant({ 'ru/a.ftl': 'fine = Хорошо\ndays = { $n -> [one] день *[many] дней }\n' });
    const problems: string[] = [];
    const messages = readMessages(at, 'ru', problems);
    expect(messages.has('fine')).toBe(true);
    expect(problems).toEqual(['ru/a.ftl: days does not parse']);
  });

  it('catch a key the bot, a module or the console uses that one language lacks', () => {
    const at = plant({
      'locales/ru/a.ftl': 'hello = Привет\nreminder-soon = Скоро\n',
      'locales/kk/a.ftl': 'hello = Сәлем\n',
      'bot/x.ts': "ctx.reply(ctx.t('hello'));\nctx.reply(ctx.t('bye'));\n",
      'modules/m/x.ts': "queue({ template: 'reminder-soon' });\n",
      'server/x.ts': '',
      'console/pages/x.tsx': "<h1>{tr.t('hello')}{tr.t('console-gone')}</h1>\n",
    });
    const languages = {
      ru: readMessages(join(at, 'locales'), 'ru'),
      kk: readMessages(join(at, 'locales'), 'kk'),
    };
    const { bot, platform, console } = usedKeys(at);
    expect(missingKeys(bot, languages)).toEqual(['kk: bye', 'ru: bye']);
    expect(missingKeys(console, languages)).toEqual(['kk: console-gone', 'ru: console-gone']);
    expect(missingKeys(platform, languages)).toEqual(['kk: reminder-soon']);
  });
});
