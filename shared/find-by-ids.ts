import { type EntityClass, type EntityManager, type FilterQuery, type Primary, wrap } from '@mikro-orm/core';

/**
 * Entities by id, for a module answering another's "who are these?": those the entity manager
 * already holds loaded come from its identity map (as em.findOne would give them), the rest in one
 * query. A list of any length costs at most one query; a visit whose branch the use case just read
 * costs none.
 */
export async function findByIds<T extends { id: number }>(
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly number[],
): Promise<T[]> {
  const found: T[] = [];
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const held = em.getUnitOfWork().getById(entity, id as Primary<T>);
    if (held && wrap(held).isInitialized()) found.push(held);
    else missing.push(id);
  }
  // `id` of an entity type unknown here is beyond MikroORM's typing; every caller's entity has it.
  if (missing.length)
    found.push(...(await em.find(entity, { id: { $in: missing } } as unknown as FilterQuery<T>)));
  return found;
}
