import type { EntityManager } from '@mikro-orm/postgresql';
import {
  createBranchInput,
  createCategoryInput,
  createDoctorInput,
  createServiceInput,
  setWeeklyScheduleInput,
} from '../clinic.schemas.ts';
import { Branch } from '../entities/branch.entity.ts';
import { Service, ServiceCategory } from '../entities/service.entity.ts';
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

const SEED_LOCK = "select pg_advisory_xact_lock(hashtext('emhana:seed-demo-clinic'))";

/** The one category the first demo clinic put every specialist in (one upcoming visit in all of them). */
const OLD_CONSULT_CATEGORY = 'Консультации врачей';

/**
 * Brings a database loaded with an earlier demo clinic to today's categories: the doctors'
 * consultations move from the one «Консультации врачей» to a category per specialty (created when
 * missing), and the old category, once empty, is switched off; the demo's tests and scans get
 * their own limit of upcoming visits where theirs is still the default. Matches by the demo's
 * Russian names, so a clinic's own categories and services are left as they are; running it again
 * changes nothing. Returns how many services moved.
 */
export async function upgradeDemoCategories(ctx: { em: EntityManager }): Promise<number> {
  return ctx.em.transactional(async (em) => {
    // The seed's lock: two servers starting together move each service once.
    await em.execute(SEED_LOCK);
    await demoCategoryLimits(em);
    return moveToSpecialties(em);
  });
}

async function demoCategoryLimits(em: EntityManager): Promise<void> {
  for (const category of await em.find(ServiceCategory, { activeLimit: null })) {
    const demo = demoCategories.find((c) => c.name.ru === category.name.ru);
    if (demo?.activeLimit) category.activeLimit = demo.activeLimit;
  }
  await em.flush();
}

async function moveToSpecialties(em: EntityManager): Promise<number> {
  const categories = await em.find(ServiceCategory, {});
  const old = categories.find((c) => c.name.ru === OLD_CONSULT_CATEGORY);
  if (!old) return 0;
  const inOld = await em.find(Service, { category: old });
  const moving = inOld.flatMap((service) => {
    const demo = demoServices.find((d) => d.name.ru === service.name.ru);
    return demo ? [{ service, key: demo.category }] : [];
  });
  if (moving.length === 0) return 0;
  for (const { service, key } of moving) {
    const wanted = demoCategories.find((c) => c.key === key)!;
    let category = categories.find((c) => c.name.ru === wanted.name.ru);
    if (!category) {
      const { name, sortOrder, activeLimit } = wanted;
      category = em.create(ServiceCategory, { name, sortOrder, activeLimit, active: true });
      categories.push(category);
    }
    service.category = category;
  }
  if (moving.length === inOld.length) old.active = false;
  await em.flush();
  return moving.length;
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
    await em.execute(SEED_LOCK);
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
