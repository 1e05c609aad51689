import type { Localized } from '../../shared/localized.ts';
import { isoDateOf, toHhmm } from '../../shared/time.ts';
import type { Branch, OpeningHours } from './entities/branch.entity.ts';
import type { Doctor, DoctorService } from './entities/doctor.entity.ts';
import type { ScheduleException, ScheduleInterval } from './entities/schedule.entity.ts';
import type { Service, ServiceCategory } from './entities/service.entity.ts';

/** What leaves the server: plain objects built here, never entity instances. */
export interface BranchView {
  id: number;
  name: Localized;
  address: Localized;
  phone: string;
  timeZone: string;
  location: { latitude: number; longitude: number };
  openingHours: OpeningHours;
  active: boolean;
}

export const branchView = (b: Branch): BranchView => ({
  id: b.id,
  name: b.name,
  address: b.address,
  phone: b.phone,
  timeZone: b.timeZone,
  location: { latitude: b.latitude, longitude: b.longitude },
  openingHours: b.openingHours,
  active: b.active,
});

export interface CategoryView {
  id: number;
  name: Localized;
  sortOrder: number;
  /** Upcoming visits per patient and kind of specialist; null: the clinic's default. */
  activeLimit: number | null;
  active: boolean;
}

export const categoryView = (c: ServiceCategory): CategoryView => ({
  id: c.id,
  name: c.name,
  sortOrder: c.sortOrder,
  activeLimit: c.activeLimit ?? null,
  active: c.active,
});

export interface ServiceView {
  id: number;
  categoryId: number;
  name: Localized;
  description: Localized | null;
  durationMinutes: number;
  priceTiyn: number;
  active: boolean;
  online: boolean;
  prepaid: boolean;
  minAgeYears: number | null;
  maxAgeYears: number | null;
}

export const serviceView = (s: Service): ServiceView => ({
  id: s.id,
  categoryId: s.category.id,
  name: s.name,
  description: s.description ?? null,
  durationMinutes: s.durationMinutes,
  priceTiyn: s.priceTiyn,
  active: s.active,
  online: s.online,
  prepaid: s.prepaid,
  minAgeYears: s.minAgeYears ?? null,
  maxAgeYears: s.maxAgeYears ?? null,
});

export interface DoctorView {
  id: number;
  fullName: string;
  specialty: Localized;
  branchIds: number[];
  services: { serviceId: number; priceOverrideTiyn: number | null }[];
  slotStepMinutes: number;
  active: boolean;
  /** Staff only: the public offer below never carries it. */
  onlineUrl: string | null;
}

/** Needs `branches` and `services` loaded. */
export const doctorView = (d: Doctor): DoctorView => ({
  id: d.id,
  fullName: d.fullName,
  specialty: d.specialty,
  branchIds: d.branches
    .getItems()
    .map((b) => b.id)
    .sort((a, b) => a - b),
  services: d.services
    .getItems()
    .map((s: DoctorService) => ({ serviceId: s.service.id, priceOverrideTiyn: s.priceOverrideTiyn ?? null }))
    .sort((a, b) => a.serviceId - b.serviceId),
  slotStepMinutes: d.slotStepMinutes,
  active: d.active,
  onlineUrl: d.onlineUrl ?? null,
});

/** A doctor as the bot offers them for one service: with the price the patient will pay. */
export interface DoctorOfferView {
  id: number;
  fullName: string;
  specialty: Localized;
  priceTiyn: number;
  slotStepMinutes: number;
}

export interface WeeklyIntervalView {
  branchId: number;
  weekday: number;
  start: string;
  end: string;
}

export const weeklyIntervalView = (i: ScheduleInterval): WeeklyIntervalView => ({
  branchId: i.branch.id,
  weekday: i.weekday,
  start: toHhmm(i.startMinute),
  end: toHhmm(i.endMinute),
});

export interface ExceptionView {
  id: number;
  branchId: number | null;
  date: string;
  kind: ScheduleException['kind'];
  start: string | null;
  end: string | null;
  note: string | null;
}

export const exceptionView = (e: ScheduleException): ExceptionView => ({
  id: e.id,
  branchId: e.branch?.id ?? null,
  date: isoDateOf(e.date),
  kind: e.kind,
  start: e.startMinute == null ? null : toHhmm(e.startMinute),
  end: e.endMinute == null ? null : toHhmm(e.endMinute),
  note: e.note ?? null,
});

export interface ScheduleView {
  doctorId: number;
  weekly: WeeklyIntervalView[];
  exceptions: ExceptionView[];
}
