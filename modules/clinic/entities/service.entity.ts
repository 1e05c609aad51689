import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import type { Localized } from '../../../shared/localized.ts';

export const ServiceCategorySchema = defineEntity({
  name: 'ServiceCategory',
  tableName: 'clinic_service_category',
  properties: {
    id: p.integer().primary(),
    name: p.json<Localized>(),
    sortOrder: p.integer().default(0),
    /**
     * Upcoming visits one patient may hold with one kind of specialist in this category (see
     * booking's limitReached); null: the clinic's default (BOOKING_MAX_ACTIVE_PER_CATEGORY). Lab
     * tests and procedures set it higher: a patient books several tests with the same nurse.
     */
    activeLimit: p.smallint().nullable().check('active_limit >= 1 and active_limit <= 100'),
    active: p.boolean().default(true),
  },
});

export class ServiceCategory extends ServiceCategorySchema.class {}
ServiceCategorySchema.setClass(ServiceCategory);

export const ServiceSchema = defineEntity({
  name: 'Service',
  tableName: 'clinic_service',
  properties: {
    id: p.integer().primary(),
    category: () => p.manyToOne(ServiceCategory),
    name: p.json<Localized>(),
    description: p.json<Localized>().nullable(),
    durationMinutes: p.smallint().check('duration_minutes > 0'),
    /** Price in tiyn (1/100 KZT); bigint in the database, a safe JS number here. */
    priceTiyn: p.bigint('number').check('price_tiyn >= 0'),
    active: p.boolean().default(true),
    online: p.boolean().default(false),
    /** Paid in advance: booking it issues an invoice and the confirmation offers to pay (payments). */
    prepaid: p.boolean().default(false),
    minAgeYears: p.smallint().nullable(),
    maxAgeYears: p.smallint().nullable(),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});

export class Service extends ServiceSchema.class {}
ServiceSchema.setClass(Service);
