import { z } from 'zod';
import { envBool, envInt } from '../../shared/env.ts';
import type { EnvProblem, ModulePorts, RunMode } from '../../shared/module.ts';
import type { PaymentProviders } from './payments.providers.ts';

/**
 * How payments run (environment: PAYMENT_*, HALYK_*, KASPI_*). The providers themselves are built
 * by the server from the HALYK_ and KASPI_ variables (server/payments/) and come in as a port: with
 * neither configured and the sandbox running, its stand-ins take their place.
 */
export interface PaymentsSettings {
  /**
   * How long a payment link takes money, where the provider lets us say (Halyk: its expire_period,
   * in whole days, and our own end of the attempt). Kaspi's create-link takes no lifetime: Kaspi
   * sets it (ExpireDate, LinkActivationWaitTimeout) and the attempt takes Kaspi's end as its own.
   */
  linkMinutes: number;
  /** Invoice a visit's price when staff complete it (for clinics that take money after the visit). */
  invoiceOnComplete: boolean;
  /** Most provider calls per second the poller and the reconciliation make, all providers together. */
  maxRequestsPerSecond: number;
  /** Give up polling a Kaspi payment this long after its link expired. */
  pollGraceMinutes: number;
  /** Where providers call back: PUBLIC_URL, else this server on localhost. */
  publicUrl: string;
  providers: PaymentProviders;
}

declare module '../../shared/trpc.ts' {
  interface ModuleSettings {
    payments: PaymentsSettings;
  }
}

const url = z.url({ protocol: /^https?$/ });

export const paymentsEnv = {
  PAYMENT_LINK_MINUTES: envInt(5, 7 * 24 * 60)
    .default(60)
    .describe('how long a payment link takes money (Halyk; Kaspi sets its own, which is told as is)'),
  PAYMENT_INVOICE_ON_COMPLETE: envBool
    .default(false)
    .describe('invoice a visit’s price when staff complete it'),
  PAYMENT_MAX_REQUESTS_PER_SECOND: envInt(1, 1000)
    .default(10)
    .describe('most status requests per second to the payment providers'),
  PAYMENT_POLL_GRACE_MINUTES: envInt(0, 24 * 60)
    .default(15)
    .describe('keep asking about a payment this long after its link expired'),
  HALYK_CLIENT_ID: z.string().trim().min(1).optional().describe('Halyk ePay ClientID'),
  HALYK_CLIENT_SECRET: z.string().trim().min(1).optional().describe('Halyk ePay ClientSecret'),
  HALYK_TERMINAL_ID: z.string().trim().min(1).optional().describe('Halyk ePay TerminalID'),
  HALYK_OAUTH_URL: url
    .default('https://test-epay-oauth.epayment.kz/oauth2/token')
    .describe('Halyk ePay token endpoint (test or production)'),
  HALYK_API_URL: url
    .default('https://test-epay-api.epayment.kz')
    .describe('Halyk ePay API host (test or production)'),
  KASPI_API_URL: url
    .default('https://qrapi-key.kaspi.kz/r1/v01')
    .describe('Kaspi QR API base, scheme and version included'),
  KASPI_API_KEY: z.string().trim().min(1).optional().describe('Kaspi QR API key (basic scheme)'),
  KASPI_DEVICE_TOKEN: z.string().trim().min(1).optional().describe('Kaspi device token of this backend'),
};

type Env = z.output<z.ZodObject<typeof paymentsEnv>> & { PUBLIC_URL?: string; PORT?: number };

/** A provider is configured whole or not at all: half a set of credentials is a typo. */
export function checkPaymentsEnv(env: Env, _mode: RunMode): EnvProblem[] {
  const problems: EnvProblem[] = [];
  const halyk = [env.HALYK_CLIENT_ID, env.HALYK_CLIENT_SECRET, env.HALYK_TERMINAL_ID];
  if (halyk.some(Boolean) && !halyk.every(Boolean))
    problems.push({
      variable: 'HALYK_CLIENT_ID',
      message: 'set HALYK_CLIENT_ID, HALYK_CLIENT_SECRET and HALYK_TERMINAL_ID together',
    });
  if (Boolean(env.KASPI_API_KEY) !== Boolean(env.KASPI_DEVICE_TOKEN))
    problems.push({
      variable: 'KASPI_API_KEY',
      message: 'set KASPI_API_KEY and KASPI_DEVICE_TOKEN together',
    });
  return problems;
}

export const paymentsSettings = (env: Env, ports: Partial<ModulePorts>): PaymentsSettings => ({
  linkMinutes: env.PAYMENT_LINK_MINUTES,
  invoiceOnComplete: env.PAYMENT_INVOICE_ON_COMPLETE,
  maxRequestsPerSecond: env.PAYMENT_MAX_REQUESTS_PER_SECOND,
  pollGraceMinutes: env.PAYMENT_POLL_GRACE_MINUTES,
  publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, ''),
  providers: ports.payments ?? {},
});
