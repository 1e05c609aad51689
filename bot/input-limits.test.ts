import { expect, it } from 'vitest';
import { z } from 'zod';
import type { BaseContext } from './context.ts';
import { tooLong } from './input-limits.ts';

const ctx = { t: (key: string, params: Record<string, unknown>) => `${key} ${JSON.stringify(params)}` };
const said = (text: string, max: number) => tooLong(ctx as unknown as BaseContext, text, max);

it('counts a text as the API does (characters, an emoji one), so what the bot lets through the API takes', () => {
  const max = 10;
  const api = z.string().max(max);
  // Nine characters (thirteen UTF-16 units): both take it.
  const fits = '😀😀😀😀ok ok';
  expect(api.safeParse(fits).success).toBe(true);
  expect(said(fits, max)).toBeNull();
  // Twelve characters: both refuse it, the bot with the limit and the length.
  const over = '😀😀😀😀ok ok ok';
  expect(api.safeParse(over).success).toBe(false);
  expect(said(over, max)).toBe('input-too-long {"max":10,"length":12}');
});
