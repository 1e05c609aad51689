import type { EntityManager } from '@mikro-orm/postgresql';
import {
  createBranchInput,
  createCategoryInput,
  createDoctorInput,
  createServiceInput,
  setWeeklyScheduleInput,
} from '../clinic.schemas.ts';
import { Branch } from '../entities/branch.entity.ts';
import { createBranch } from '../use-cases/manage-branches.ts';
import { createDoctor } from '../use-cases/manage-doctors.ts';
import { setWeeklySchedule } from '../use-cases/manage-schedules.ts';
import { createCategory, createService } from '../use-cases/manage-services.ts';
import {
  type DemoBranchKey,
  type DemoCategoryKey,
  type DemoServiceKey,
  demoBranches,
  demoCategories,
  demoDoctors,
  demoServices,
} from './demo-clinic.data.ts';

function idOf<K extends string>(ids: Map<K, number>, kind: string, key: K): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo clinic: unknown ${kind} "${key}"`);
  return id;
}

/**
 * Loads the demo clinic network into an empty catalog. Everything goes through the use cases and
 * their input schemas, so demo data is held to the same rules as staff input; one transaction
 * means a failure leaves the catalog empty. Returns null when there already is a branch.
 */
export async function seedDemoClinic(ctx: {
  em: EntityManager;
}): Promise<{ branches: number; services: number; doctors: number } | null> {
  return ctx.em.transactional(async (em) => {
    // Two servers starting on one empty database must not both load the demo.
    // em.execute, not a bare connection: the lock must be taken inside this transaction.
    await em.execute("select pg_advisory_xact_lock(hashtext('emhana:seed-demo-clinic'))");
    if ((await em.count(Branch, {})) > 0) return null;
    const tx = { em };

    const branchIds = new Map<DemoBranchKey, number>();
    for (const { key, ...branch } of demoBranches) {
      const created = await createBranch(tx, createBranchInput.parse(branch));
      branchIds.set(key, created.id);
    }

    const categoryIds = new Map<DemoCategoryKey, number>();
    for (const { key, ...category } of demoCategories) {
      const created = await createCategory(tx, createCategoryInput.parse(category));
      categoryIds.set(key, created.id);
    }

    const serviceIds = new Map<DemoServiceKey, number>();
    for (const { key, category, ...service } of demoServices) {
      const input = createServiceInput.parse({
        ...service,
        categoryId: idOf(categoryIds, 'category', category),
      });
      const created = await createService(tx, input);
      serviceIds.set(key, created.id);
    }

    const doctorIds = new Map<string, number>();
    for (const { key, branches, services, schedules: _schedules, ...doctor } of demoDoctors) {
      const input = createDoctorInput.parse({
        ...doctor,
        branchIds: branches.map((b) => idOf(branchIds, 'branch', b)),
        services: services.map((s) => ({
          serviceId: idOf(serviceIds, 'service', s.key),
          priceOverrideTiyn: s.priceOverrideTiyn,
        })),
      });
      const created = await createDoctor(tx, input);
      doctorIds.set(key, created.id);
    }

    // Schedules come after all doctors exist; setWeeklySchedule clears the entity manager.
    for (const doctor of demoDoctors) {
      for (const { branch, intervals } of doctor.schedules) {
        const input = setWeeklyScheduleInput.parse({
          doctorId: idOf(doctorIds, 'doctor', doctor.key),
          branchId: idOf(branchIds, 'branch', branch),
          intervals,
        });
        await setWeeklySchedule(tx, input);
      }
    }

    return { branches: branchIds.size, services: serviceIds.size, doctors: doctorIds.size };
  });
}
