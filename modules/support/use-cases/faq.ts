import type { z } from 'zod';
import type { Language } from '../../../shared/localized.ts';
import { FaqCategory, FaqEntry } from '../entities/support.entity.ts';
import type { SupportCtx } from '../support.context.ts';
import { supportErrors } from '../support.errors.ts';
import { FAQ_MATCH_THRESHOLD } from '../support.policy.ts';
import type {
  categoryInput,
  entryInput,
  searchInput,
  updateCategoryInput,
  updateEntryInput,
} from '../support.schemas.ts';
import { categoryView, entryView, type FaqCategoryView, type FaqEntryView } from '../support.views.ts';

/** Categories that have something published, in order (what a patient browses). */
export async function publishedCategories(ctx: Pick<SupportCtx, 'em'>): Promise<FaqCategoryView[]> {
  const withEntries = (await ctx.em.execute(
    'select distinct category_id from support_faq_entry where published',
  )) as { category_id: number }[];
  const categories = await ctx.em.find(
    FaqCategory,
    { active: true, id: { $in: withEntries.map((r) => r.category_id) } },
    { orderBy: { sortOrder: 'asc', id: 'asc' } },
  );
  return categories.map(categoryView);
}

/** A category's published questions, in order. */
export async function publishedEntries(
  ctx: Pick<SupportCtx, 'em'>,
  categoryId: number,
): Promise<FaqEntryView[]> {
  const entries = await ctx.em.find(
    FaqEntry,
    { category: { id: categoryId, active: true }, published: true },
    { orderBy: { sortOrder: 'asc', id: 'asc' } },
  );
  return entries.map(entryView);
}

/** One published entry (what a patient opens from a list or a search). */
export async function publishedEntry(ctx: Pick<SupportCtx, 'em'>, entryId: number): Promise<FaqEntryView> {
  const entry = await ctx.em.findOne(FaqEntry, { id: entryId, published: true, category: { active: true } });
  if (!entry) throw supportErrors('entry_not_found');
  return entryView(entry);
}

/**
 * The published entries that best answer what a patient typed, best first. PostgreSQL's pg_trgm
 * word similarity of the text against each question (and, weaker, its answer) in the patient's
 * language, and against the other language's question a little weaker still: trigrams forgive a
 * typo or a Kazakh ending, and a question typed in Russian finds the entry a Kazakh-speaking
 * patient reads in Kazakh. Full-text rank (Russian stemming for Russian; Kazakh has no stemmer in
 * PostgreSQL, so its words are matched as they are) lifts entries that share whole words. The FAQ
 * is a few hundred entries at most: scanning them per question costs about a millisecond.
 */
export async function searchFaq(
  ctx: Pick<SupportCtx, 'em'>,
  input: z.output<typeof searchInput>,
): Promise<(FaqEntryView & { score: number })[]> {
  const own = input.language;
  const other: Language = own === 'ru' ? 'kk' : 'ru';
  const config = (language: Language) => (language === 'ru' ? 'russian' : 'simple');
  const rows = (await ctx.em.execute(
    `select e.id, s.score from support_faq_entry e
       join support_faq_category c on c.id = e.category_id
       cross join lateral (select greatest(
           word_similarity(lower(?), lower(e.question->>'${own}')),
           0.8 * word_similarity(lower(?), lower(e.answer->>'${own}')),
           0.9 * word_similarity(lower(?), lower(e.question->>'${other}'))
         ) + 0.5 * least(1, ts_rank(
           to_tsvector('${config(own)}', (e.question->>'${own}') || ' ' || (e.answer->>'${own}')),
           plainto_tsquery('${config(own)}', ?)
         ) * 10) as score) s
      where e.published and c.active
      order by s.score desc, e.sort_order, e.id
      limit ?`,
    [input.text, input.text, input.text, input.text, input.limit],
  )) as { id: number; score: number }[];
  const found = rows.filter((r) => r.score >= FAQ_MATCH_THRESHOLD);
  if (found.length === 0) return [];
  const entries = await ctx.em.find(FaqEntry, { id: { $in: found.map((r) => r.id) } });
  return found.map((r) => ({ ...entryView(entries.find((e) => e.id === r.id)!), score: Number(r.score) }));
}

/** Staff: every category, inactive ones too. */
export async function allCategories(ctx: Pick<SupportCtx, 'em'>): Promise<FaqCategoryView[]> {
  return (await ctx.em.find(FaqCategory, {}, { orderBy: { sortOrder: 'asc', id: 'asc' } })).map(categoryView);
}

/** Staff: a category's entries, unpublished ones too. */
export async function allEntries(ctx: Pick<SupportCtx, 'em'>, categoryId?: number): Promise<FaqEntryView[]> {
  const entries = await ctx.em.find(FaqEntry, categoryId ? { category: categoryId } : {}, {
    orderBy: { sortOrder: 'asc', id: 'asc' },
  });
  return entries.map(entryView);
}

export async function createCategory(
  ctx: Pick<SupportCtx, 'em'>,
  input: z.output<typeof categoryInput>,
): Promise<FaqCategoryView> {
  const category = ctx.em.create(FaqCategory, input);
  await ctx.em.persist(category).flush();
  return categoryView(category);
}

export async function updateCategory(
  ctx: Pick<SupportCtx, 'em'>,
  input: z.output<typeof updateCategoryInput>,
): Promise<FaqCategoryView> {
  const { categoryId, ...changes } = input;
  const category = await ctx.em.findOne(FaqCategory, categoryId);
  if (!category) throw supportErrors('category_not_found');
  ctx.em.assign(category, changes);
  await ctx.em.flush();
  return categoryView(category);
}

export async function createEntry(
  ctx: Pick<SupportCtx, 'em'>,
  input: z.output<typeof entryInput>,
): Promise<FaqEntryView> {
  const { categoryId, ...fields } = input;
  const category = await ctx.em.findOne(FaqCategory, categoryId);
  if (!category) throw supportErrors('category_not_found');
  const entry = ctx.em.create(FaqEntry, { ...fields, category });
  await ctx.em.persist(entry).flush();
  return entryView(entry);
}

export async function updateEntry(
  ctx: Pick<SupportCtx, 'em'>,
  input: z.output<typeof updateEntryInput>,
): Promise<FaqEntryView> {
  const { entryId, categoryId, ...changes } = input;
  const entry = await ctx.em.findOne(FaqEntry, entryId);
  if (!entry) throw supportErrors('entry_not_found');
  if (categoryId !== undefined) {
    const category = await ctx.em.findOne(FaqCategory, categoryId);
    if (!category) throw supportErrors('category_not_found');
    entry.category = category;
  }
  ctx.em.assign(entry, changes);
  await ctx.em.flush();
  return entryView(entry);
}
