import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FluentResource } from '@fluent/bundle';
import { describe, expect, it } from 'vitest';
import { CLINIC_CANCEL_REASONS, PATIENT_CANCEL_REASONS } from '../modules/booking/booking.schemas.ts';
import { RELATIONS } from '../modules/patients/entities/patient.entity.ts';
import { errorRegistry } from '../shared/errors.ts';
// Importing the router loads every module, so every error table is registered.
import '../server/router.ts';

/** Russian and Kazakh are both first languages: the same keys, the same variables, no gaps. */
const root = join(import.meta.dirname, '..', 'locales');

function messages(language: string): Map<string, { file: string; variables: string[] }> {
  const result = new Map<string, { file: string; variables: string[] }>();
  for (const file of readdirSync(join(root, language)).filter((f) => f.endsWith('.ftl'))) {
    const source = readFileSync(join(root, language, file), 'utf8');
    const resource = new FluentResource(source);
    expect(resource.body.length, `${language}/${file} parses`).toBeGreaterThan(0);
    for (const entry of resource.body) {
      const variables = [...JSON.stringify(entry).matchAll(/"type":"var","name":"(\w+)"/g)].map((m) => m[1]!);
      result.set(entry.id, { file, variables: [...new Set(variables)].sort() });
    }
  }
  return result;
}

const ru = messages('ru');
const kk = messages('kk');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

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

  it('contain every key the modules and the server send messages with', () => {
    // Messages the platform queues (reminders, notices, staff posts, SMS) name their template and
    // button labels as locale keys in modules/ and server/: every literal key must exist, and every
    // key built at run time (`reminder-${kind}`) from a known set must exist for each value.
    const prefixes =
      /^(btn|reminder|staff|notice|nps|family|identity|reason|relation|sms|ap|guardian)-[a-z0-9_-]+$/;
    const used = new Set<string>();
    const files = [
      ...sourceFiles(join(import.meta.dirname, '..', 'modules')),
      ...sourceFiles(join(import.meta.dirname, '..', 'server')).filter((f) => !f.includes('sandbox')),
    ];
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/'([a-z][a-z0-9_-]*)'/g)) if (prefixes.test(m[1]!)) used.add(m[1]!);
    }
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
    expect([...used, ...built].filter((key) => !ru.has(key))).toEqual([]);
  });

  it('contain every key the bot asks for', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(import.meta.dirname, '..', 'bot'))) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\bt\(\s*'([a-z][\w-]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((key) => !ru.has(key))).toEqual([]);
  });
});
