import type { z } from 'zod';
import { envInt } from '../../shared/env.ts';
import type { ModulePorts } from '../../shared/module.ts';

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

export const patientsEnv = {
  ADULT_AGE: envInt(14, 21)
    .default(18)
    .describe(
      'age (by the IIN) from which a person registers themselves; younger ones are added by a guardian',
    ),
  FAMILY_MAX_DEPENDANTS: envInt(1, 50).default(10),
};

/** SMS go out when the server wires a provider (the `sms` port is given and not null). */
export const patientsSettings = (
  env: z.output<z.ZodObject<typeof patientsEnv>>,
  ports: Partial<ModulePorts>,
): PatientsSettings => ({
  adultAge: env.ADULT_AGE,
  maxDependants: env.FAMILY_MAX_DEPENDANTS,
  smsEnabled: Boolean(ports.sms),
});
