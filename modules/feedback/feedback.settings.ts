import type { z } from 'zod';
import { envInt } from '../../shared/env.ts';

/** When the NPS question goes out (environment: NPS_DELAY_MINUTES). */
export interface FeedbackSettings {
  npsDelayMinutes: number;
}

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    feedback: FeedbackSettings;
  }
}

export const feedbackEnv = {
  NPS_DELAY_MINUTES: envInt(0, 7 * 24 * 60)
    .default(120)
    .describe('NPS question after a completed visit'),
};

export const feedbackSettings = (env: z.output<z.ZodObject<typeof feedbackEnv>>): FeedbackSettings => ({
  npsDelayMinutes: env.NPS_DELAY_MINUTES,
});
