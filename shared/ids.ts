import { z } from 'zod';

/**
 * A row's id as the API takes it: a Postgres `integer` key (1 … 2³¹−1). A larger number names no
 * row, and a query would fail on it as a server fault rather than the caller's mistake.
 */
export const rowIdSchema = z.number().int().positive().max(2_147_483_647);
