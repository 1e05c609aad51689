import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FluentResource } from '@fluent/bundle';

/**
 * The checks tests/locales.test.ts runs on locales/, as functions of a folder, so that each can be
 * shown to fail on a planted bad file and not only to pass on the real ones.
 */
export interface LocaleMessage {
  file: string;
  variables: string[];
  /** Every select on a variable in the message: the variable and its variant keys. */
  selects: { variable: string; keys: string[] }[];
}

export type LocaleMessages = Map<string, LocaleMessage>;

type Node = {
  type?: string;
  name?: string;
  selector?: Node;
  variants?: { key: { value?: unknown; name?: unknown } }[];
};

function selectsIn(entry: unknown): LocaleMessage['selects'] {
  const found: LocaleMessage['selects'] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.type === 'select' && n.selector?.type === 'var' && n.variants)
      found.push({
        variable: n.selector.name!,
        keys: n.variants.map((v) => String(v.key.name ?? v.key.value)),
      });
    for (const value of Object.values(node)) walk(value);
  };
  walk(entry);
  return found;
}

/**
 * The messages of one language. A message Fluent cannot parse is dropped silently at run time (the
 * bot would then show its key), so it is reported here as a problem, with the others.
 */
export function readMessages(root: string, language: string, problems: string[] = []): LocaleMessages {
  const result: LocaleMessages = new Map();
  for (const file of readdirSync(join(root, language)).filter((f) => f.endsWith('.ftl'))) {
    const source = readFileSync(join(root, language, file), 'utf8');
    const resource = new FluentResource(source);
    const parsed = new Set(resource.body.map((entry) => entry.id));
    for (const m of source.matchAll(/^(-?[a-zA-Z][\w-]*) *=/gm))
      if (!parsed.has(m[1]!)) problems.push(`${language}/${file}: ${m[1]} does not parse`);
    for (const entry of resource.body) {
      const variables = [...JSON.stringify(entry).matchAll(/"type":"var","name":"(\w+)"/g)].map((m) => m[1]!);
      result.set(entry.id, { file, variables: [...new Set(variables)].sort(), selects: selectsIn(entry) });
    }
  }
  return result;
}

/**
 * The plural categories a language's numbers fall into, by CLDR (Intl.PluralRules): Russian one
 * (1, 21), few (2–4, 22), many (5–20, 25) and other (fractions); Kazakh one and other. A select
 * that names any category is choosing a form for a number, and must have every form an integer can
 * take, or "2 дней" comes back.
 */
const REQUIRED: Record<string, string[]> = { ru: ['one', 'few', 'many'], kk: ['other'] };
const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];

export function pluralProblems(messages: LocaleMessages, language: string): string[] {
  const required = REQUIRED[language] ?? ['other'];
  const problems: string[] = [];
  for (const [key, { selects }] of messages)
    for (const { variable, keys } of selects) {
      if (!keys.some((k) => CATEGORIES.includes(k))) continue;
      // [0] with *[other] is a choice of sentence for exactly 0, not a plural (a nested select does that).
      if (keys.every((k) => k === 'other' || /^\d+$/.test(k))) continue;
      const missing = required.filter((k) => !keys.includes(k));
      if (missing.length) problems.push(`${language} ${key}: $${variable} has no [${missing.join('], [')}]`);
    }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Messages the platform queues (reminders, notices, staff posts, SMS) name their templates and button labels by these prefixes. */
const TEMPLATE_KEY =
  /^(btn|reminder|staff|notice|nps|family|identity|reason|relation|sms|ap|guardian)-[a-z0-9_-]+$/;

/**
 * The locale keys the code names literally: what the bot translates (`t('key'`), the
 * templates and labels modules/ and server/ queue, and the staff console's words. The sandbox is a Telegram stand-in, not the
 * product: its English texts are not patients'.
 */
export function usedKeys(codeRoot: string): {
  bot: Set<string>;
  platform: Set<string>;
  console: Set<string>;
} {
  const bot = new Set<string>();
  // The staff console names its keys in full, all of them console-…, and builds a few from a
  // known list (the caller adds those).
  const console = new Set<string>();
  const consoleDir = join(codeRoot, 'console');
  for (const file of existsSync(consoleDir) ? sourceFiles(consoleDir) : []) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/'(console-[a-z0-9-]*[a-z0-9])'/g)) console.add(m[1]!);
  }
  const platform = new Set<string>();
  for (const file of sourceFiles(join(codeRoot, 'bot'))) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\bt\(\s*'([a-z][\w-]*)'/g)) bot.add(m[1]!);
  }
  const files = [
    ...sourceFiles(join(codeRoot, 'modules')),
    ...sourceFiles(join(codeRoot, 'server')).filter((f) => !f.includes('sandbox')),
  ];
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/'([a-z][a-z0-9_-]*)'/g)) if (TEMPLATE_KEY.test(m[1]!)) platform.add(m[1]!);
  }
  return { bot, platform, console };
}

/** Keys some code uses that a language lacks, as "kk: key". */
export function missingKeys(used: Iterable<string>, languages: Record<string, LocaleMessages>): string[] {
  const missing: string[] = [];
  for (const key of new Set(used))
    for (const [language, messages] of Object.entries(languages))
      if (!messages.has(key)) missing.push(`${language}: ${key}`);
  return missing.sort();
}
