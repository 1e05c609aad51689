import type { EntityManager } from '@mikro-orm/postgresql';
import { FaqCategory } from '../entities/support.entity.ts';
import { categoryInput, entryInput } from '../support.schemas.ts';
import { createCategory, createEntry } from '../use-cases/faq.ts';
import { demoFaqCategories, demoFaqEntries } from './demo-faq.data.ts';

/**
 * Loads the demo FAQ into an empty FAQ (no category at all: a clinic that wrote its own, or
 * deleted ours, is left alone), published. Through the use cases and their input schemas, so demo
 * text is held to staff input's rules; one transaction under a lock, so two servers starting
 * together load it once. Returns null when there already is a category.
 */
export async function seedDemoFaq(ctx: {
  em: EntityManager;
}): Promise<{ categories: number; entries: number } | null> {
  return ctx.em.transactional(async (em) => {
    await em.execute("select pg_advisory_xact_lock(hashtext('emhana:seed-demo-faq'))");
    if ((await em.count(FaqCategory, {})) > 0) return null;
    const ids = new Map<string, number>();
    for (const [i, { key, name }] of demoFaqCategories.entries()) {
      const created = await createCategory({ em }, categoryInput.parse({ name, sortOrder: (i + 1) * 10 }));
      ids.set(key, created.id);
    }
    for (const [i, { category, question, answer }] of demoFaqEntries.entries()) {
      const categoryId = ids.get(category);
      if (categoryId === undefined) throw new Error(`demo FAQ: unknown category "${category}"`);
      await createEntry(
        { em },
        entryInput.parse({ categoryId, question, answer, sortOrder: (i + 1) * 10, published: true }),
      );
    }
    return { categories: ids.size, entries: demoFaqEntries.length };
  });
}
