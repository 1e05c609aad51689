import { defineEntity, MikroORM, p } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import { defineModule, foreignKey } from '../shared/module.ts';
import { foreignKeysHook } from './foreign-keys.ts';

const OwnerSchema = defineEntity({
  name: 'Owner',
  tableName: 'a_owner',
  properties: { id: p.integer().primary() },
});
class Owner extends OwnerSchema.class {}
OwnerSchema.setClass(Owner);

const PetSchema = defineEntity({
  name: 'Pet',
  tableName: 'b_pet',
  properties: { id: p.integer().primary(), ownerId: p.integer(), vetId: p.integer().nullable() },
});
class Pet extends PetSchema.class {}
PetSchema.setClass(Pet);

const a = defineModule({ name: 'a', entities: [Owner] });
const b = (keys = [foreignKey(Pet, 'ownerId', 'Owner')]) =>
  defineModule({ name: 'b', entities: [Pet], foreignKeys: keys });

async function schemaOf(modules: Parameters<typeof foreignKeysHook>[0]) {
  const orm = await MikroORM.init({
    clientUrl: 'postgresql://nobody@127.0.0.1:1/none',
    entities: modules.flatMap((m) => m.entities),
    discovery: { onMetadata: foreignKeysHook(modules) },
  });
  try {
    const sql = await orm.schema.getCreateSchemaSQL({ wrap: false });
    return { sql, orm };
  } finally {
    await orm.close();
  }
}

describe('foreign keys between modules', () => {
  it('keeps a declared id property a plain column with a real foreign key', async () => {
    const { sql, orm } = await schemaOf([a, b()]);
    expect(sql).toContain('"owner_id" int not null');
    expect(sql).toContain(
      'alter table "b_pet" add constraint "b_pet_owner_id_foreign" foreign key ("owner_id") references "a_owner" ("id");',
    );
    // An undeclared id stays a bare column.
    expect(sql).not.toContain('vet_id_foreign');
    // The property's value is the id itself, never an entity.
    expect(orm.getMetadata().get(Pet).properties.ownerId).toMatchObject({
      mapToPk: true,
      runtimeType: 'number',
    });
  });

  it('refuses a key to an unknown entity, one within a module, and one declared by a module not owning the entity', () => {
    expect(() => foreignKeysHook([a, b([foreignKey(Pet, 'ownerId', 'Nobody')])])).toThrow(/no module has/);
    const both = defineModule({
      name: 'b',
      entities: [Owner, Pet],
      foreignKeys: [foreignKey(Pet, 'ownerId', 'Owner')],
    });
    expect(() => foreignKeysHook([both])).toThrow(/within one module/);
    expect(() =>
      foreignKeysHook([
        a,
        defineModule({ name: 'c', entities: [], foreignKeys: [foreignKey(Pet, 'ownerId', 'Owner')] }),
      ]),
    ).toThrow(/not an entity of c/);
  });
});
