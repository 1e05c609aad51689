import { z } from 'zod';
import { localizedSchema } from '../../shared/localized.ts';
import { phoneSchema } from '../../shared/phone.ts';
import { hhmmSchema, isoDateSchema, timeSpanSchema, timeZoneSchema, toMinutes } from '../../shared/time.ts';
import { EXCEPTION_KINDS } from './entities/schedule.entity.ts';

/** Inputs of the clinic catalog's procedures. Views that leave the server are in clinic.views.ts. */
export const idSchema = z.number().int().positive();
export const idInput = z.object({ id: idSchema });

const tiyn = z
  .number()
  .int('must be whole tiyn (1 KZT = 100 tiyn)')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER);

const openingDay = z
  .object({ open: hhmmSchema, close: hhmmSchema })
  .refine((d) => toMinutes(d.close) > toMinutes(d.open), {
    message: 'closing must be after opening',
    path: ['close'],
  })
  .nullable();

export const openingHoursSchema = z
  .array(openingDay)
  .length(7, 'give 7 days, Monday to Sunday (null when closed)');

const branchFields = {
  name: localizedSchema(),
  address: localizedSchema(300),
  phone: phoneSchema,
  timeZone: timeZoneSchema,
  location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
  openingHours: openingHoursSchema,
  active: z.boolean(),
};

export const createBranchInput = z.object({
  ...branchFields,
  timeZone: branchFields.timeZone.default('Asia/Almaty'),
  active: branchFields.active.default(true),
});
export const updateBranchInput = z
  .object({ id: idSchema, ...branchFields })
  .partial()
  .required({ id: true });

const categoryFields = {
  name: localizedSchema(),
  sortOrder: z.number().int().min(0).max(10_000),
  /** Upcoming visits per patient and kind of specialist here; null: the clinic's default. */
  activeLimit: z.number().int().min(1).max(100).nullable(),
  active: z.boolean(),
};
export const createCategoryInput = z.object({
  ...categoryFields,
  sortOrder: categoryFields.sortOrder.default(0),
  activeLimit: categoryFields.activeLimit.default(null),
  active: categoryFields.active.default(true),
});
export const updateCategoryInput = z
  .object({ id: idSchema, ...categoryFields })
  .partial()
  .required({ id: true });

const age = z.number().int().min(0).max(130);
const serviceFields = {
  categoryId: idSchema,
  name: localizedSchema(),
  description: localizedSchema(2000).nullable(),
  durationMinutes: z
    .number()
    .int()
    .min(5, 'must be at least 5 minutes')
    .max(12 * 60),
  priceTiyn: tiyn,
  active: z.boolean(),
  online: z.boolean(),
  /** Paid in advance: booking it issues an invoice the patient pays in the bot. */
  prepaid: z.boolean(),
  minAgeYears: age.nullable(),
  maxAgeYears: age.nullable(),
};
const ageOrder = (s: { minAgeYears?: number | null; maxAgeYears?: number | null }) =>
  s.minAgeYears == null || s.maxAgeYears == null || s.maxAgeYears >= s.minAgeYears;
const ageMessage = { message: 'the upper age limit must not be below the lower one', path: ['maxAgeYears'] };

export const createServiceInput = z
  .object({
    ...serviceFields,
    description: serviceFields.description.default(null),
    active: serviceFields.active.default(true),
    online: serviceFields.online.default(false),
    prepaid: serviceFields.prepaid.default(false),
    minAgeYears: serviceFields.minAgeYears.default(null),
    maxAgeYears: serviceFields.maxAgeYears.default(null),
  })
  .refine(ageOrder, ageMessage);
export const updateServiceInput = z
  .object({ id: idSchema, ...serviceFields })
  .partial()
  .required({ id: true })
  .refine(ageOrder, ageMessage);

export const branchServicesInput = z.object({ branchId: idSchema });

const doctorServiceInput = z.object({
  serviceId: idSchema,
  priceOverrideTiyn: tiyn.nullable().default(null),
});
const doctorFields = {
  fullName: z.string().trim().min(3).max(200),
  specialty: localizedSchema(),
  branchIds: z.array(idSchema).min(1, 'a doctor works in at least one branch'),
  services: z.array(doctorServiceInput),
  slotStepMinutes: z.number().int().min(5).max(240),
  active: z.boolean(),
  /** The doctor's standing video room for online visits; null: a fresh room per visit. */
  onlineUrl: z
    .url({ protocol: /^https$/, error: 'must be an https:// link' })
    .max(300)
    .nullable(),
};
const uniqueServices = (d: { services?: { serviceId: number }[] }) =>
  !d.services || new Set(d.services.map((s) => s.serviceId)).size === d.services.length;
const uniqueMessage = { message: 'each service once', path: ['services'] };

export const createDoctorInput = z
  .object({
    ...doctorFields,
    services: doctorFields.services.default([]),
    slotStepMinutes: doctorFields.slotStepMinutes.default(15),
    active: doctorFields.active.default(true),
    onlineUrl: doctorFields.onlineUrl.default(null),
  })
  .refine(uniqueServices, uniqueMessage);
export const updateDoctorInput = z
  .object({ id: idSchema, ...doctorFields })
  .partial()
  .required({ id: true })
  .refine(uniqueServices, uniqueMessage);

export const doctorsForServiceInput = z.object({ branchId: idSchema, serviceId: idSchema });

const weeklyInterval = timeSpanSchema.and(z.object({ weekday: z.number().int().min(1).max(7) }));

export const setWeeklyScheduleInput = z.object({
  doctorId: idSchema,
  branchId: idSchema,
  intervals: z.array(weeklyInterval).max(7 * 12),
});

export const scheduleQueryInput = z.object({
  doctorId: idSchema,
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});

export const addExceptionInput = z
  .object({
    doctorId: idSchema,
    branchId: idSchema.nullable().default(null),
    date: isoDateSchema,
    kind: z.enum(EXCEPTION_KINDS),
    start: hhmmSchema.optional(),
    end: hhmmSchema.optional(),
    note: z.string().trim().max(500).nullable().default(null),
  })
  .superRefine((e, ctx) => {
    if (e.kind === 'day_off') {
      if (e.start || e.end)
        ctx.addIssue({ code: 'custom', path: ['start'], message: 'a day off has no hours' });
      return;
    }
    if (!e.start)
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'is required for changed hours and breaks' });
    if (!e.end)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'is required for changed hours and breaks' });
    if (e.start && e.end && toMinutes(e.end) <= toMinutes(e.start)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'the end must be after the start' });
    }
  });
