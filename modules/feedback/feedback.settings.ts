/** When the NPS question goes out (environment: NPS_DELAY_MINUTES). */
export interface FeedbackSettings {
  npsDelayMinutes: number;
}

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    feedback: FeedbackSettings;
  }
}
