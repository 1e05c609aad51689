import type { z } from 'zod';
import type { Language } from '../../../shared/localized.ts';
import { FaqCategory, FaqEntry } from '../entities/support.entity.ts';
import type { SupportCtx } from '../support.context.ts';
import { supportErrors } from '../support.errors.ts';
import {
  ANSWER_WEIGHT,
  FAQ_FILLER_WORDS,
  FAQ_MATCH_THRESHOLD,
  FAQ_WORD_MATCH,
  QUESTION_OTHER_WEIGHT,
} from '../support.policy.ts';
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
 * The published entries that best answer what a patient typed, best first, in one query. A
 * patient types a few words, misspelt, without Kazakh letters, in either language, with words no
 * question has ("справка в бассейн"); so each typed word (of three letters or more) is matched on
 * its own against the words of each entry, as the share of its trigrams found in one (pg_trgm
 * word_similarity): a typo, a missing ь or a short Kazakh ending still match. Kazakh glues
 * endings on (дәрігер, дәрігерлерге; төлем, төлеуге), so a word also counts where its stem
 * (support_stem, see its migration) is like the stem of an entry's word (pg_trgm similarity):
 * узиге finds УЗИ, төлемді finds төлеуге. Only words that begin alike are stemmed (an ending
 * never changes a word's first letters), which keeps that second chance cheap. Words that carry no
 * subject are left out: PostgreSQL's Russian stop words ("будет", "где") and the fillers patients
 * add in either language (FAQ_FILLER_WORDS: "нужен", "подскажите", "керек", "қалай"). Both sides
 * go through support_fold (see its migration: lower case, анықтама = аныктама). A word counts
 * where it matches well (FAQ_WORD_MATCH): best in the question in the patient's language, a little
 * less in the other language's (a Kazakh-speaking patient types Russian), less in the answers.
 * Words weigh by how rare they are in the FAQ (inverse document frequency over the same matches),
 * so "клиника" decides little, and a word found nowhere ("купить", "asdfgh") weighs most: text
 * that is not about the clinic scores low and is not offered. The score is the weighted share of
 * the typed words an entry answers (0–1).
 *
 * Cost: the typed words are compared with the FAQ's distinct words (a few hundred to a few
 * thousand short strings), not with whole answers — comparing with every answer's full text cost
 * 30 µs a pair, 150 ms a search on 300 entries. Each entry's words are read from its text per
 * search (fold and split, about 0.1 ms an entry): milliseconds for the demo's 28, tens of them
 * for a few hundred (npm run bench:faq). At most 20 typed words count, which bounds the work and
 * keeps the planner's estimate small (a guessed thousand words made PostgreSQL JIT-compile it).
 */
export async function searchFaq(
  ctx: Pick<SupportCtx, 'em'>,
  input: z.output<typeof searchInput>,
): Promise<(FaqEntryView & { score: number })[]> {
  const own = input.language;
  const other: Language = own === 'ru' ? 'kk' : 'ru';
  const rows = (await ctx.em.execute(
    `with word as (
       select w, support_stem(w) as stem from (
         select distinct w from regexp_split_to_table(support_fold(?), '[^а-яa-z0-9]+') w
          where length(w) >= 3 and ts_lexize('russian_stem', w) <> '{}' and not w = any(string_to_array(?, ' '))
          limit 20) typed
     ), entry as (
       select e.id, e.sort_order, e.question, e.answer
         from support_faq_entry e join support_faq_category c on c.id = e.category_id
        where e.published and c.active
     ), entry_word as (
       select entry.id, field.weight, lexeme
         from entry,
              lateral (values (1.0, entry.question->>'${own}'),
                              (${QUESTION_OTHER_WEIGHT}, entry.question->>'${other}'),
                              (${ANSWER_WEIGHT}, entry.answer->>'${own}'),
                              (${ANSWER_WEIGHT * QUESTION_OTHER_WEIGHT}, entry.answer->>'${other}')) field(weight, body),
              lateral unnest(tsvector_to_array(to_tsvector('simple', support_fold(field.body)))) lexeme
     ), pair as (
       select word.w, vocabulary.lexeme,
              greatest(word_similarity(word.w, vocabulary.lexeme),
                       case when left(vocabulary.lexeme, 3) = left(word.stem, 3)
                            then similarity(word.stem, support_stem(vocabulary.lexeme)) else 0 end) as similarity
         from word cross join (select distinct lexeme from entry_word) vocabulary
     ), hit as (
       select entry_word.id, pair.w, max(entry_word.weight * pair.similarity) as m
         from pair join entry_word using (lexeme)
        where pair.similarity >= ${FAQ_WORD_MATCH}
        group by entry_word.id, pair.w
     ), weight as (
       select word.w, ln(((select count(*) from entry) + 1.0)
                         / (count(hit.id) filter (where hit.m >= ${FAQ_WORD_MATCH}) + 0.5)) as idf
         from word left join hit using (w)
        group by word.w
     )
     select hit.id, sum(weight.idf * case when hit.m >= ${FAQ_WORD_MATCH} then hit.m else 0 end)
                    / (select sum(idf) from weight) as score
       from hit join weight using (w) join entry using (id)
      group by hit.id, entry.sort_order
      order by score desc, entry.sort_order, hit.id
      limit ?`,
    [input.text, FAQ_FILLER_WORDS.join(' '), input.limit],
  )) as { id: number; score: number | string }[];
  const found = rows.filter((r) => Number(r.score) >= FAQ_MATCH_THRESHOLD);
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

/**
 * Staff remove an entry for good (a wrong or outdated answer; unpublishing keeps a draft instead).
 * Nothing else holds an entry: the bot finds entries afresh on every question.
 */
export async function removeEntry(ctx: Pick<SupportCtx, 'em'>, entryId: number): Promise<{ id: number }> {
  const entry = await ctx.em.findOne(FaqEntry, entryId);
  if (!entry) throw supportErrors('entry_not_found');
  await ctx.em.remove(entry).flush();
  return { id: entryId };
}
