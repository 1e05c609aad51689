import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { clinicErrors } from '../clinic.errors.ts';
import type {
  createCategoryInput,
  createServiceInput,
  updateCategoryInput,
  updateServiceInput,
} from '../clinic.schemas.ts';
import { type CategoryView, categoryView, type ServiceView, serviceView } from '../clinic.views.ts';
import { DoctorService } from '../entities/doctor.entity.ts';
import { Service, ServiceCategory } from '../entities/service.entity.ts';
import { findBranch } from './manage-branches.ts';

type Ctx = { em: EntityManager };

export async function listCategories(
  ctx: Ctx,
  options: { includeInactive: boolean },
): Promise<CategoryView[]> {
  const categories = await ctx.em.find(ServiceCategory, options.includeInactive ? {} : { active: true }, {
    orderBy: { sortOrder: 'asc', id: 'asc' },
  });
  return categories.map(categoryView);
}

async function findCategory(ctx: Ctx, id: number): Promise<ServiceCategory> {
  const category = await ctx.em.findOne(ServiceCategory, id);
  if (!category) throw clinicErrors('category_not_found', { id });
  return category;
}

export async function createCategory(
  ctx: Ctx,
  input: z.output<typeof createCategoryInput>,
): Promise<CategoryView> {
  const category = ctx.em.create(ServiceCategory, input);
  await ctx.em.persist(category).flush();
  return categoryView(category);
}

export async function updateCategory(
  ctx: Ctx,
  input: z.output<typeof updateCategoryInput>,
): Promise<CategoryView> {
  const category = await findCategory(ctx, input.id);
  const { id: _id, ...rest } = input;
  ctx.em.assign(category, rest);
  await ctx.em.persist(category).flush();
  return categoryView(category);
}

export async function listServices(ctx: Ctx, options: { includeInactive: boolean }): Promise<ServiceView[]> {
  const services = await ctx.em.find(
    Service,
    options.includeInactive ? {} : { active: true, category: { active: true } },
    {
      orderBy: { id: 'asc' },
    },
  );
  return services.map(serviceView);
}

/**
 * What a patient can book at a branch: active services of active categories that at least one
 * active doctor of that branch provides.
 */
export async function listServicesOfBranch(ctx: Ctx, branchId: number): Promise<ServiceView[]> {
  const branch = await findBranch(ctx, branchId);
  if (!branch.active) return [];
  const offers = await ctx.em.find(
    DoctorService,
    {
      doctor: { active: true, branches: { id: branchId } },
      service: { active: true, category: { active: true } },
    },
    { populate: ['service', 'service.category'] },
  );
  const services = new Map(offers.map((o) => [o.service.id, o.service]));
  return [...services.values()]
    .sort((a, b) => a.category.sortOrder - b.category.sortOrder || a.id - b.id)
    .map(serviceView);
}

export async function findService(ctx: Ctx, id: number): Promise<Service> {
  const service = await ctx.em.findOne(Service, id);
  if (!service) throw clinicErrors('service_not_found', { id });
  return service;
}

export async function getService(ctx: Ctx, id: number): Promise<ServiceView> {
  return serviceView(await findService(ctx, id));
}

export async function createService(
  ctx: Ctx,
  input: z.output<typeof createServiceInput>,
): Promise<ServiceView> {
  const { categoryId, ...rest } = input;
  const category = await findCategory(ctx, categoryId);
  const service = ctx.em.create(Service, { ...rest, category });
  await ctx.em.persist(service).flush();
  return serviceView(service);
}

export async function updateService(
  ctx: Ctx,
  input: z.output<typeof updateServiceInput>,
): Promise<ServiceView> {
  const service = await findService(ctx, input.id);
  const { id: _id, categoryId, ...rest } = input;
  const merged = { ...rest, ...(categoryId ? { category: await findCategory(ctx, categoryId) } : {}) };
  const minAge = merged.minAgeYears !== undefined ? merged.minAgeYears : service.minAgeYears;
  const maxAge = merged.maxAgeYears !== undefined ? merged.maxAgeYears : service.maxAgeYears;
  if (minAge != null && maxAge != null && maxAge < minAge) {
    // The input alone was consistent; combined with what is stored it is not.
    throw clinicErrors('invalid_age_range', { minAgeYears: minAge, maxAgeYears: maxAge });
  }
  ctx.em.assign(service, merged);
  await ctx.em.persist(service).flush();
  return serviceView(service);
}
