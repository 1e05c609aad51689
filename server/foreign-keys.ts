import { type EntityMetadata, type Platform, ReferenceKind } from '@mikro-orm/core';
import type { ModuleDefinition } from '../shared/module.ts';

/**
 * Modules meet only at their doors: an appointment holds a patient's id, never a Patient. The
 * database still keeps each such id a foreign key, so no visit can point at a patient who does not
 * exist. MikroORM makes foreign keys only from relations (a scalar property has none), so here, in
 * the composition root that alone sees every module, each declared id property is mapped as a
 * `mapToPk` many-to-one before discovery fills in defaults: its value stays the plain id (no
 * entity, nothing to populate, the same column), and the schema diff, the migrations and
 * `npm run db:check` keep the constraint as they would a relation's.
 */
export function foreignKeysHook(modules: readonly ModuleDefinition[]) {
  const owner = new Map(modules.flatMap((m) => m.entities.map((e) => [e, m.name] as const)));
  const byName = new Map(modules.flatMap((m) => m.entities.map((e) => [e.name, e] as const)));
  const keys = modules.flatMap((m) => (m.foreignKeys ?? []).map((key) => ({ ...key, module: m.name })));
  for (const key of keys) {
    const where = `${key.module}: ${key.entity.name}.${key.property} → ${key.references}`;
    const target = byName.get(key.references);
    if (owner.get(key.entity) !== key.module) throw new Error(`${where}: not an entity of ${key.module}`);
    if (!target) throw new Error(`${where}: no module has an entity ${key.references}`);
    if (owner.get(target) === key.module) throw new Error(`${where}: within one module, use a relation`);
  }

  return (meta: EntityMetadata, platform: Platform): void => {
    for (const key of keys) {
      if (meta.class !== key.entity) continue;
      const prop = meta.properties[key.property as keyof typeof meta.properties];
      if (prop?.kind !== ReferenceKind.SCALAR) {
        throw new Error(`${key.entity.name}.${key.property}: a foreign key must be a plain id property`);
      }
      const target = byName.get(key.references)!;
      Object.assign(prop, {
        kind: ReferenceKind.MANY_TO_ONE,
        entity: () => target,
        mapToPk: true,
        // The column keeps the property's own name (a relation's would get an `_id` suffix).
        fieldNames: prop.fieldNames ?? [
          platform.getConfig().getNamingStrategy().propertyToColumnName(prop.name),
        ],
      });
    }
  };
}
