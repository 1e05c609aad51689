import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { clinicErrors } from '../clinic.errors.ts';
import type { createDoctorInput, updateDoctorInput } from '../clinic.schemas.ts';
import { type DoctorOfferView, type DoctorView, doctorView } from '../clinic.views.ts';
import { Branch } from '../entities/branch.entity.ts';
import { Doctor, DoctorService } from '../entities/doctor.entity.ts';
import { ScheduleInterval } from '../entities/schedule.entity.ts';
import { Service } from '../entities/service.entity.ts';

type Ctx = { em: EntityManager };

const populate = ['branches', 'services', 'services.service'] as const;

export async function findDoctor(ctx: Ctx, id: number): Promise<Doctor> {
  const doctor = await ctx.em.findOne(Doctor, id, { populate });
  if (!doctor) throw clinicErrors('doctor_not_found', { id });
  return doctor;
}

export async function getDoctor(ctx: Ctx, id: number): Promise<DoctorView> {
  return doctorView(await findDoctor(ctx, id));
}

export async function listDoctors(ctx: Ctx, options: { includeInactive: boolean }): Promise<DoctorView[]> {
  const doctors = await ctx.em.find(Doctor, options.includeInactive ? {} : { active: true }, {
    populate,
    orderBy: { id: 'asc' },
  });
  return doctors.map(doctorView);
}

/** Active doctors of a branch who provide a service, with the price the patient would pay. */
export async function listDoctorsForService(
  ctx: Ctx,
  input: { branchId: number; serviceId: number },
): Promise<DoctorOfferView[]> {
  const offers = await ctx.em.find(
    DoctorService,
    {
      service: { id: input.serviceId, active: true },
      doctor: { active: true, branches: { id: input.branchId, active: true } },
    },
    { populate: ['doctor', 'service'], orderBy: { doctor: { fullName: 'asc' } } },
  );
  return offers.map((o) => ({
    id: o.doctor.id,
    fullName: o.doctor.fullName,
    specialty: o.doctor.specialty,
    priceTiyn: o.priceOverrideTiyn ?? o.service.priceTiyn,
    slotStepMinutes: o.doctor.slotStepMinutes,
  }));
}

async function loadBranches(ctx: Ctx, ids: number[]): Promise<Branch[]> {
  const unique = [...new Set(ids)];
  const branches = await ctx.em.find(Branch, { id: { $in: unique } });
  const missing = unique.find((id) => !branches.some((b) => b.id === id));
  if (missing !== undefined) throw clinicErrors('branch_not_found', { id: missing });
  return branches;
}

async function replaceServices(
  ctx: Ctx,
  doctor: Doctor,
  wanted: { serviceId: number; priceOverrideTiyn: number | null }[],
): Promise<void> {
  const services = await ctx.em.find(Service, { id: { $in: wanted.map((w) => w.serviceId) } });
  const missing = wanted.find((w) => !services.some((s) => s.id === w.serviceId));
  if (missing) throw clinicErrors('service_not_found', { id: missing.serviceId });
  for (const link of doctor.services.getItems()) {
    if (!wanted.some((w) => w.serviceId === link.service.id)) ctx.em.remove(link);
  }
  for (const w of wanted) {
    const existing = doctor.services.getItems().find((l) => l.service.id === w.serviceId);
    if (existing) {
      existing.priceOverrideTiyn = w.priceOverrideTiyn;
      ctx.em.persist(existing);
    } else {
      const service = services.find((s) => s.id === w.serviceId)!;
      ctx.em.persist(
        ctx.em.create(DoctorService, { doctor, service, priceOverrideTiyn: w.priceOverrideTiyn }),
      );
    }
  }
}

export async function createDoctor(ctx: Ctx, input: z.output<typeof createDoctorInput>): Promise<DoctorView> {
  return ctx.em.transactional(async (em) => {
    const tx = { em };
    const { branchIds, services, ...rest } = input;
    const doctor = em.create(Doctor, { ...rest, branches: await loadBranches(tx, branchIds) });
    em.persist(doctor);
    await replaceServices(tx, doctor, services);
    await em.flush();
    return getDoctor(tx, doctor.id);
  });
}

export async function updateDoctor(ctx: Ctx, input: z.output<typeof updateDoctorInput>): Promise<DoctorView> {
  return ctx.em.transactional(async (em) => {
    const tx = { em };
    const doctor = await findDoctor(tx, input.id);
    const { id: _id, branchIds, services, ...rest } = input;
    em.assign(doctor, rest);
    if (branchIds) {
      const branches = await loadBranches(tx, branchIds);
      // A doctor who leaves a branch leaves its weekly schedule too.
      await em.nativeDelete(ScheduleInterval, { doctor: doctor.id, branch: { $nin: branchIds } });
      doctor.branches.set(branches);
    }
    if (services) await replaceServices(tx, doctor, services);
    await em.persist(doctor).flush();
    return doctorView(doctor);
  });
}
