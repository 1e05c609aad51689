import { defineEntity, p } from '@mikro-orm/core';
import { appNow } from '../../../shared/entity-time.ts';
import type { Localized } from '../../../shared/localized.ts';

/** Opening hours Monday..Sunday; null is a closed day. */
export type OpeningHours = ({ open: string; close: string } | null)[];

export const BranchSchema = defineEntity({
  name: 'Branch',
  tableName: 'clinic_branch',
  properties: {
    id: p.integer().primary(),
    name: p.json<Localized>(),
    address: p.json<Localized>(),
    phone: p.string().length(20),
    timeZone: p.string().length(64),
    latitude: p.double().$type<number>(),
    longitude: p.double().$type<number>(),
    openingHours: p.json<OpeningHours>(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(appNow),
    updatedAt: p.datetime().onCreate(appNow).onUpdate(appNow),
  },
});

export class Branch extends BranchSchema.class {}
BranchSchema.setClass(Branch);
