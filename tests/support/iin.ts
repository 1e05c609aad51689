import { iinControlDigit } from '../../shared/iin.ts';

let serial = 0;

/**
 * A valid, made-up IIN for a birth date and sex (tests must never use real people's numbers).
 * Each call gives a new serial, so two calls never collide.
 */
export function makeIin(birthDate: string, sex: 'male' | 'female'): string {
  const [y, m, d] = birthDate.split('-') as [string, string, string];
  const century = Number(y.slice(0, 2));
  const digit = (century === 18 ? 1 : century === 19 ? 3 : 5) + (sex === 'female' ? 1 : 0);
  for (;;) {
    serial = (serial + 1) % 10_000;
    const first11 = `${y.slice(2)}${m}${d}${digit}${String((process.pid + serial) % 10_000).padStart(4, '0')}`;
    const control = iinControlDigit(first11);
    if (control !== null) return first11 + control;
  }
}
