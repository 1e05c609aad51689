import { IIN_DIGITS, TEXT_LIMITS } from '../shared/text-limits.ts';
import type { BaseContext } from './context.ts';

export { TEXT_LIMITS };

/**
 * Too long a text for where it goes: the message that says so, with the limit and the length
 * (the question stays open), or null when it fits.
 */
export function tooLong(ctx: BaseContext, text: string, max: number): string | null {
  const length = [...text].length;
  return length > max ? ctx.t('input-too-long', { max, length }) : null;
}

/** An IIN with more than its 12 digits (spaces and hyphens aside): said with the count. */
export function iinTooLong(ctx: BaseContext, text: string): string | null {
  const length = [...text.replace(/[\s-]/g, '')].length;
  return length > IIN_DIGITS ? ctx.t('input-iin-too-long', { digits: IIN_DIGITS, length }) : null;
}
