import type { ModulePorts } from '../../shared/module.ts';
import type { Env } from '../config.ts';
import type { TelegramSandbox } from '../sandbox/index.ts';
import { halykProvider } from './halyk.ts';
import { kaspiProvider } from './kaspi.ts';

/**
 * The payment providers of this run, built from the environment (HALYK_*, KASPI_*): each one whose
 * credentials are set talks to its real host; without them, when the sandbox runs, the same
 * adapter talks to the sandbox's stand-in of that provider (in process); otherwise it is absent
 * and the bot does not offer it. Adapters are written from ../shared/integrations/payments.md.
 */
type PaymentProviders = NonNullable<ModulePorts['payments']>;

export function paymentProviders(env: Env, sandbox: TelegramSandbox | null): PaymentProviders {
  const providers: PaymentProviders = {};
  const own = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  if (env.HALYK_CLIENT_ID && env.HALYK_CLIENT_SECRET && env.HALYK_TERMINAL_ID)
    providers.halyk = halykProvider({
      oauthUrl: env.HALYK_OAUTH_URL,
      apiUrl: env.HALYK_API_URL,
      clientId: env.HALYK_CLIENT_ID,
      clientSecret: env.HALYK_CLIENT_SECRET,
      terminalId: env.HALYK_TERMINAL_ID,
    });
  else if (sandbox)
    // The stand-in, in process, under this server's own address (its invoice_url is the pay page).
    providers.halyk = halykProvider({
      oauthUrl: `${own}/sandbox/halyk/oauth2/token`,
      apiUrl: `${own}/sandbox/halyk/api`,
      ...sandbox.halyk,
      fetch: (input, init) => sandbox.handle(new Request(input, init)),
    });
  if (env.KASPI_API_KEY && env.KASPI_DEVICE_TOKEN)
    providers.kaspi = kaspiProvider({
      apiUrl: env.KASPI_API_URL,
      apiKey: env.KASPI_API_KEY,
      deviceToken: env.KASPI_DEVICE_TOKEN,
    });
  else if (sandbox)
    // The stand-in, in process, under this server's own address: its PaymentLink (the pay page)
    // is then a URL the person in the web chat can open.
    providers.kaspi = kaspiProvider({
      apiUrl: `${own}/sandbox/kaspi/r1/v01`,
      apiKey: sandbox.kaspi.apiKey,
      deviceToken: sandbox.kaspi.deviceToken,
      fetch: (input, init) => sandbox.handle(new Request(input, init)),
    });
  return providers;
}
