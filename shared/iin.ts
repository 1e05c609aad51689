/**
 * Kazakhstan's individual identification number (ИИН / ЖСН): YYMMDD, a century-and-sex digit,
 * a four-digit serial and a control digit. The control digit is the weighted sum of the first 11
 * digits mod 11 (weights 1..11); when that gives 10, a second pass uses weights 3..11,1,2; a
 * second 10 means the number is never issued.
 */
export type IinProblem = 'format' | 'century' | 'date' | 'future' | 'checksum';

export interface IinFacts {
  iin: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'male' | 'female';
}

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

function weighted(digits: number[], weights: number[]): number {
  return digits.reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0) % 11;
}

/** The control digit for the first 11 digits, or null when no valid IIN has them. */
export function iinControlDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const first = weighted(digits, FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(digits, SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

/** Checks an IIN and derives birth date and sex; `today` is YYYY-MM-DD in Kazakhstan. */
export function parseIin(input: string, today: string): IinFacts | IinProblem {
  const iin = input.replace(/[\s-]/g, '');
  if (!/^\d{12}$/.test(iin)) return 'format';
  const centuryDigit = Number(iin[6]);
  if (centuryDigit < 1 || centuryDigit > 6) return 'century';
  const century = 1800 + Math.ceil(centuryDigit / 2) * 100 - 100;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'date';
  const birthDate = date.toISOString().slice(0, 10);
  if (birthDate > today) return 'future';
  if (iinControlDigit(iin.slice(0, 11)) !== Number(iin[11])) return 'checksum';
  return { iin, birthDate, sex: centuryDigit % 2 === 1 ? 'male' : 'female' };
}

/** What a person may see of an IIN: the last four digits. */
export function maskIin(lastFour: string): string {
  return `••••••••${lastFour}`;
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
