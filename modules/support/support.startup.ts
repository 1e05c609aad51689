import type { StartupDeps } from '../../shared/module.ts';
import { seedDemoFaq } from './demo/seed-demo-faq.ts';

/**
 * At start, with SEED_DEMO (the clinic module's variable: the demo FAQ belongs with the demo
 * clinic, whose contacts it repeats): the demo FAQ into an empty FAQ, once.
 */
export async function loadDemoFaq(
  deps: StartupDeps,
  env: { SEED_DEMO: boolean },
): Promise<string[] | undefined> {
  if (!env.SEED_DEMO) return undefined;
  const seeded = await seedDemoFaq({ em: deps.em() });
  return seeded
    ? [`Demo FAQ loaded: ${seeded.categories} categories, ${seeded.entries} answers.`]
    : undefined;
}
