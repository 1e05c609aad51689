import type { EntityManager } from '@mikro-orm/postgresql';
import { findByIds } from '../../../shared/find-by-ids.ts';
import type { Localized } from '../../../shared/localized.ts';
import { type BranchView, branchView } from '../clinic.views.ts';
import { Branch } from '../entities/branch.entity.ts';
import { Doctor, DoctorService } from '../entities/doctor.entity.ts';
import { Service, ServiceCategory } from '../entities/service.entity.ts';

/*
 * What other modules may ask of the catalog (booking its slots and visits, feedback its reports):
 * plain values by id, never the entities themselves.
 */

/** A service at a branch, as booking needs it to offer and price a visit. */
export interface BookableService {
  branch: { id: number; timeZone: string };
  service: {
    id: number;
    categoryId: number;
    durationMinutes: number;
    priceTiyn: number;
    /** Its visits happen by video: they get a joining link and no address. */
    online: boolean;
    minAgeYears: number | null;
    maxAgeYears: number | null;
  };
}

/** The branch and the service when both exist and are active; null otherwise. */
export async function serviceForBooking(
  em: EntityManager,
  query: { branchId: number; serviceId: number },
): Promise<BookableService | null> {
  const branch = await em.findOne(Branch, query.branchId);
  const service = await em.findOne(Service, query.serviceId);
  if (!branch?.active || !service?.active) return null;
  return {
    branch: { id: branch.id, timeZone: branch.timeZone },
    service: {
      id: service.id,
      categoryId: service.category.id,
      durationMinutes: service.durationMinutes,
      priceTiyn: service.priceTiyn,
      online: service.online,
      minAgeYears: service.minAgeYears ?? null,
      maxAgeYears: service.maxAgeYears ?? null,
    },
  };
}

/** A branch's time zone, active or not; null when there is no such branch. */
export async function branchTimeZone(em: EntityManager, branchId: number): Promise<string | null> {
  return (await em.findOne(Branch, branchId))?.timeZone ?? null;
}

/**
 * The number a patient is asked to call about a branch's visit (E.164, which Telegram shows as a
 * tappable number); without a branch (a message about the patient's record as a whole) the
 * clinic's first active branch answers, the one reception calls its main desk.
 */
export async function clinicPhone(em: EntityManager, branchId?: number): Promise<string> {
  // A clinic without a branch has no desk to call; the sentence then ends before the number.
  return (await branchOrMain(em, branchId))?.phone ?? '';
}

/**
 * A branch by id, else the clinic's main one (its first active branch, the one reception calls its
 * main desk); null only for a clinic without branches.
 */
export async function branchOrMain(em: EntityManager, branchId?: number | null): Promise<BranchView | null> {
  const branch =
    (branchId == null ? null : await em.findOne(Branch, branchId)) ??
    (await em.findOne(Branch, { active: true }, { orderBy: { id: 'asc' } })) ??
    (await em.findOne(Branch, { id: { $gt: 0 } }, { orderBy: { id: 'asc' } }));
  return branch ? branchView(branch) : null;
}

/**
 * What a doctor charges for a service: their own price, else the service's. Fails (MikroORM's
 * NotFoundError) when the doctor does not provide the service.
 */
export async function doctorPrice(
  em: EntityManager,
  query: { doctorId: number; serviceId: number },
): Promise<number> {
  const offer = await em.findOneOrFail(
    DoctorService,
    { doctor: query.doctorId, service: query.serviceId },
    { populate: ['service'] },
  );
  return offer.priceOverrideTiyn ?? offer.service.priceTiyn;
}

export interface DoctorBrief {
  id: number;
  fullName: string;
  specialty: Localized;
  /** The doctor's standing video room for online visits, if any: for the visit's people only. */
  onlineUrl: string | null;
}

export interface ServiceBrief {
  id: number;
  name: Localized;
  durationMinutes: number;
  categoryId: number;
  /** Its list price in tiyn (a doctor may charge their own, see doctorPrice). */
  priceTiyn: number;
  /** Paid in advance: booking it issues an invoice (payments). */
  prepaid: boolean;
}

export interface CatalogViews {
  branches: Map<number, BranchView>;
  doctors: Map<number, DoctorBrief>;
  services: Map<number, ServiceBrief>;
}

/**
 * Branches, doctors and services by id, to show visits with: at most one query per kind, whatever
 * the number of ids (a list of visits asks once, not once per visit).
 */
export async function catalogViews(
  em: EntityManager,
  ids: { branchIds?: readonly number[]; doctorIds?: readonly number[]; serviceIds?: readonly number[] },
): Promise<CatalogViews> {
  const branches = await findByIds(em, Branch, ids.branchIds ?? []);
  const doctors = await findByIds(em, Doctor, ids.doctorIds ?? []);
  const services = await findByIds(em, Service, ids.serviceIds ?? []);
  return {
    branches: new Map(branches.map((b) => [b.id, branchView(b)])),
    doctors: new Map(
      doctors.map((d) => [
        d.id,
        { id: d.id, fullName: d.fullName, specialty: d.specialty, onlineUrl: d.onlineUrl ?? null },
      ]),
    ),
    services: new Map(
      services.map((s) => [
        s.id,
        {
          id: s.id,
          name: s.name,
          durationMinutes: s.durationMinutes,
          categoryId: s.category.id,
          priceTiyn: s.priceTiyn,
          prepaid: s.prepaid,
        },
      ]),
    ),
  };
}

/**
 * What booking's limit of upcoming visits per kind of specialist needs of services: the
 * specialties of the active doctors who provide each one (at any branch: a service is the same
 * kind of visit everywhere), its category and the category's own limit (null: the clinic's default).
 */
export interface ServiceKind {
  categoryId: number;
  specialties: Localized[];
  activeLimit: number | null;
}

export async function serviceKinds(
  em: EntityManager,
  serviceIds: readonly number[],
): Promise<Map<number, ServiceKind>> {
  const ids = [...new Set(serviceIds)];
  const kinds = new Map<number, ServiceKind>();
  if (ids.length === 0) return kinds;
  const services = await findByIds(em, Service, ids);
  const categories = await findByIds(
    em,
    ServiceCategory,
    services.map((s) => s.category.id),
  );
  const limits = new Map(categories.map((c) => [c.id, c.activeLimit ?? null]));
  for (const s of services)
    kinds.set(s.id, {
      categoryId: s.category.id,
      specialties: [],
      activeLimit: limits.get(s.category.id) ?? null,
    });
  const offers = await em.find(
    DoctorService,
    { service: { $in: ids }, doctor: { active: true } },
    { populate: ['doctor'] },
  );
  for (const offer of offers) kinds.get(offer.service.id)?.specialties.push(offer.doctor.specialty);
  return kinds;
}

/** The services (active or not) of these categories: an audience's "used a service of this category". */
export async function servicesOfCategories(
  em: EntityManager,
  categoryIds: readonly number[],
): Promise<number[]> {
  if (categoryIds.length === 0) return [];
  const rows = await em.find(Service, { category: { $in: [...categoryIds] } }, { fields: ['id'] });
  return rows.map((s) => s.id);
}

/** Every branch's time zone, by branch id (a reader's quiet hours are their branch's night). */
export async function branchTimeZones(em: EntityManager): Promise<Map<number, string>> {
  const branches = await em.find(Branch, {}, { fields: ['id', 'timeZone'] });
  return new Map(branches.map((b) => [b.id, b.timeZone]));
}

/** Whether a service exists and is offered (a broadcast's "book this service" must lead somewhere). */
export async function isActiveService(em: EntityManager, serviceId: number): Promise<boolean> {
  return (await em.findOne(Service, serviceId))?.active === true;
}
