/** The identity and family rules a clinic can tune (environment: ADULT_AGE, FAMILY_*, SMS_*). */
export interface PatientsSettings {
  /** From this age (by the IIN) a person registers themselves; below it a guardian adds them. */
  adultAge: number;
  /** Dependants one account may manage, pending requests included. */
  maxDependants: number;
  /** Whether one-time codes go out by SMS (a provider is configured); otherwise only the desk proves identity. */
  smsEnabled: boolean;
}

export const DEFAULT_PATIENTS_SETTINGS: PatientsSettings = {
  adultAge: 18,
  maxDependants: 10,
  smsEnabled: true,
};

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    patients: PatientsSettings;
  }
}
