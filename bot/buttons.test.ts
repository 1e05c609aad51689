import { describe, expect, it } from 'vitest';
import { BUTTONS, type ButtonCodec, type Field } from '../shared/buttons.ts';
import { BOT_BUTTONS, REGISTRATION } from './buttons.ts';

const ALL: [string, ButtonCodec<Record<string, unknown>>][] = Object.entries({
  ...BUTTONS,
  ...BOT_BUTTONS,
  ...Object.fromEntries(Object.entries(REGISTRATION).map(([k, v]) => [`registration.${k}`, v])),
}) as never;

const SAMPLE: Record<Exclude<Field, readonly string[]>, unknown> = {
  int: 7,
  date: '2026-12-01',
  month: '2026-12',
  token: '2026-11-v1',
};

/** Data for a button with each of its choices in turn (a button without choices: once). */
function samples(codec: ButtonCodec<Record<string, unknown>>): string[] {
  const entries = Object.entries(codec.fields);
  const widest = Math.max(1, ...entries.map(([, f]) => (typeof f === 'string' ? 1 : f.length)));
  return Array.from({ length: widest }, (_, i) =>
    codec.data(
      Object.fromEntries(entries.map(([k, f]) => [k, typeof f === 'string' ? SAMPLE[f] : f[i % f.length]])),
    ),
  );
}

describe('every button the bot handles', () => {
  it('reads back its own data, and no other button reads it as its own', () => {
    for (const [name, codec] of ALL) {
      for (const data of samples(codec)) {
        expect(codec.parse(data), name).not.toBeNull();
        const others = ALL.filter(([other, c]) => other !== name && c.parse(data) !== null);
        expect(
          others.map(([other]) => other),
          `${name}: ${data}`,
        ).toEqual([]);
      }
    }
  });

  it('fits Telegram’s 64 bytes with the largest ids the database can hold', () => {
    const largest = { ...SAMPLE, int: 2_147_483_647 };
    for (const [name, codec] of ALL) {
      const values = Object.fromEntries(
        Object.entries(codec.fields).map(([k, f]) => [k, typeof f === 'string' ? largest[f] : f.at(-1)]),
      );
      expect(() => codec.data(values), name).not.toThrow();
    }
  });
});
