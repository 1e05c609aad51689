import { z } from 'zod';

/** A yes/no environment variable: true, false, 1, 0, yes or no. */
export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A whole-number environment variable within limits. */
export const envInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
