import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { clinicErrors } from '../clinic.errors.ts';
import type { createBranchInput, updateBranchInput } from '../clinic.schemas.ts';
import { type BranchView, branchView } from '../clinic.views.ts';
import { Branch } from '../entities/branch.entity.ts';

type Ctx = { em: EntityManager };

export async function listBranches(ctx: Ctx, options: { includeInactive: boolean }): Promise<BranchView[]> {
  const branches = await ctx.em.find(Branch, options.includeInactive ? {} : { active: true }, {
    orderBy: { id: 'asc' },
  });
  return branches.map(branchView);
}

export async function findBranch(ctx: Ctx, id: number): Promise<Branch> {
  const branch = await ctx.em.findOne(Branch, id);
  if (!branch) throw clinicErrors('branch_not_found', { id });
  return branch;
}

export async function getBranch(ctx: Ctx, id: number): Promise<BranchView> {
  return branchView(await findBranch(ctx, id));
}

export async function createBranch(ctx: Ctx, input: z.output<typeof createBranchInput>): Promise<BranchView> {
  const { location, ...rest } = input;
  const branch = ctx.em.create(Branch, {
    ...rest,
    latitude: location.latitude,
    longitude: location.longitude,
  });
  await ctx.em.persist(branch).flush();
  return branchView(branch);
}

export async function updateBranch(ctx: Ctx, input: z.output<typeof updateBranchInput>): Promise<BranchView> {
  const branch = await findBranch(ctx, input.id);
  const { id: _id, location, ...rest } = input;
  ctx.em.assign(branch, {
    ...rest,
    ...(location ? { latitude: location.latitude, longitude: location.longitude } : {}),
  });
  await ctx.em.persist(branch).flush();
  return branchView(branch);
}
