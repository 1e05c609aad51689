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
    minAgeYears: p.smallint().nullable(),
    maxAgeYears: p.smallint().nullable(),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});

export class Service extends ServiceSchema.class {}
ServiceSchema.setClass(Service);
