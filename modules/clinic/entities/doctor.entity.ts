import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import type { Localized } from '../../../shared/localized.ts';
import { Branch } from './branch.entity.ts';
import { Service } from './service.entity.ts';

export const DoctorSchema = defineEntity({
  name: 'Doctor',
  tableName: 'clinic_doctor',
  properties: {
    id: p.integer().primary(),
    fullName: p.string().length(200),
    specialty: p.json<Localized>(),
    branches: () => p.manyToMany(Branch).pivotTable('clinic_doctor_branch'),
    services: () => p.oneToMany(DoctorService).mappedBy('doctor'),
    slotStepMinutes: p.smallint().default(15).check('slot_step_minutes > 0'),
    /**
     * The doctor's own video room for online visits (a standing meeting link); null: each online
     * visit gets a fresh room of its own. Only the visit's patient, their guardians and staff see it.
     */
    onlineUrl: p.string().length(300).nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});

export class Doctor extends DoctorSchema.class {}
DoctorSchema.setClass(Doctor);

/** A service a doctor provides, optionally at their own price. */
export const DoctorServiceSchema = defineEntity({
  name: 'DoctorService',
  tableName: 'clinic_doctor_service',
  properties: {
    doctor: () => p.manyToOne(Doctor).primary().deleteRule('cascade'),
    service: () => p.manyToOne(Service).primary(),
    priceOverrideTiyn: p.bigint('number').nullable().check('price_override_tiyn >= 0'),
  },
});

export class DoctorService extends DoctorServiceSchema.class {}
DoctorServiceSchema.setClass(DoctorService);
