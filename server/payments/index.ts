import type { ModulePorts } from '../../shared/module.ts';
import type { Env } from '../config.ts';
import type { TelegramSandbox } from '../sandbox/index.ts';

/**
 * The payment providers of this run, built from the environment (HALYK_*, KASPI_*): each one whose
 * credentials are set talks to its real host; without them, when the sandbox runs, the same
 * adapter talks to the sandbox's stand-in of that provider (in process); otherwise it is absent
 * and the bot does not offer it. Adapters are written from ../shared/integrations/payments.md.
 */
type PaymentProviders = NonNullable<ModulePorts['payments']>;

export function paymentProviders(_env: Env, _sandbox: TelegramSandbox | null): PaymentProviders {
  const providers: PaymentProviders = {};
  // halyk: server/payments/halyk.ts (lane in progress)
  // kaspi: server/payments/kaspi.ts (lane in progress)
  return providers;
}
