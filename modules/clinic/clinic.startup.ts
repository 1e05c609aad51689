import { envBool } from '../../shared/env.ts';
import type { RunMode, StartupDeps } from '../../shared/module.ts';
import { seedDemoClinic, upgradeDemoCategories } from './demo/seed-demo-clinic.ts';

export const clinicEnv = {
  SEED_DEMO: envBool
    .optional()
    .describe(
      'true or false: load the demo clinic into an empty database (default: true outside production)',
    ),
};

/** The demo clinic is for trying the product: production loads it only when asked to. */
export const clinicEnvDefaults = ({ production }: RunMode) => ({ SEED_DEMO: !production });

/**
 * At start, with SEED_DEMO: the demo clinic into an empty catalog (once); a catalog loaded with an
 * earlier demo is brought up to date, anything else is left alone.
 */
export async function loadDemoClinic(
  deps: StartupDeps,
  env: { SEED_DEMO: boolean },
): Promise<string[] | undefined> {
  if (!env.SEED_DEMO) return undefined;
  const seeded = await seedDemoClinic({ em: deps.em() });
  if (!seeded) {
    // A database loaded with an earlier demo: its doctors get a category per specialty.
    const moved = await upgradeDemoCategories({ em: deps.em() });
    return moved ? [`Demo clinic updated: ${moved} services moved to a category per specialty.`] : undefined;
  }
  return [
    `Demo clinic loaded: ${seeded.branches} branches, ${seeded.services} services, ${seeded.doctors} doctors.`,
  ];
}
