/**
 * npm run lint:imports — the dependency rules of DESIGN.md §3, checked on every source file:
 *   - shared/ imports no feature code (modules/, bot/, server/);
 *   - a module imports shared/ and other modules only through their index.ts, never bot/ or server/;
 *   - modules keep their entities to themselves: a module's index.ts exports none of its entities
 *     (the classes and defineEntity schemas under entities/), and no module imports another's
 *     (another module's rows are plain ids; what is known of them comes from functions of its door);
 *   - nor its tables: a module's code (raw SQL included) names no other module's table;
 *   - bot/ imports shared/ and bot/, and from server/ only types;
 *   - console/ (the browser's) likewise, plus its strings (locales/) and the typed client's constants;
 *   - server/ reaches modules through their descriptions, listed in server/modules.ts; the few
 *     other imports of a module are the server's own business, named below with the reason;
 *   - code that runs (everything but tests) never imports test code or vitest;
 *   - no import cycles among the files that run (type-only imports included: they tie the files
 *     together for the compiler just the same).
 * Prints every break with the file and the import, and exits 1 if there is any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const TOP = ['shared', 'modules', 'bot', 'server', 'tests', 'migrations', 'console'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  text: string;
}

const isTest = (file: string) => file.startsWith('tests/') || /\.test\.ts$/.test(file);
const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const files = TOP.flatMap((top) => {
  try {
    return sources(join(root, top));
  } catch {
    return [];
  }
}).map((f) => relative(root, f));

const edges: Edge[] = [];
const external: { from: string; to: string }[] = [];
for (const file of files) {
  const code = readFileSync(join(root, file), 'utf8');
  for (const m of code.matchAll(IMPORT)) {
    const target = m[3] ?? m[4]!;
    const typeOnly = Boolean(m[2]);
    if (!target.startsWith('.')) {
      external.push({ from: file, to: target });
      continue;
    }
    const to = relative(root, resolve(dirname(join(root, file)), target));
    edges.push({ from: file, to, typeOnly, text: m[0].trim().split('\n')[0]! });
  }
}

/** The server files that may import a module besides the list, and why. */
const SERVER_USES_MODULE: Record<string, string> = {
  'server/modules.ts': 'the list of modules',
  'server/app.ts': "a verified token's caller, from auth's register (the API's trust boundary)",
  'server/cli/seed.ts': 'npm run seed: the demo clinic',
  'server/client.ts':
    "the types of a document upload, which is not a tRPC call (a file's bytes are its body)",
  'server/cli/token.ts': "npm run token: auth's service tokens",
  'server/payments/halyk.ts':
    "the payments port an adapter implements, and ProviderUnavailable, the error it throws for 'ask again later'",
  'server/payments/kaspi.ts':
    "the payments port an adapter implements, and ProviderUnavailable, the error it throws for 'ask again later'",
};

const problems: string[] = [];
const top = (file: string) => file.split('/')[0]!;
const moduleOf = (file: string) => (file.startsWith('modules/') ? file.split('/')[1]! : null);

for (const e of edges) {
  if (isTest(e.from)) continue;
  const [from, to] = [top(e.from), top(e.to)];
  const say = (why: string) => problems.push(`${e.from}: ${why}\n    ${e.text}`);
  if (isTest(e.to)) say('code that runs imports test code');
  if (from === 'shared' && to !== 'shared') say('shared/ imports feature code');
  if (from === 'modules') {
    if (to === 'bot' || to === 'server') say(`a module imports ${to}/`);
    const [a, b] = [moduleOf(e.from), moduleOf(e.to)];
    if (b && a !== b && e.to !== `modules/${b}/index.ts`)
      say(`module ${a} reaches into ${b} past its index.ts`);
  }
  if (from === 'server' && to === 'modules' && !SERVER_USES_MODULE[e.from])
    say('server/ imports a module: it wires modules through their descriptions (server/modules.ts)');
  if (from === 'bot' && to !== 'bot' && to !== 'shared' && !(to === 'server' && e.typeOnly))
    say(`bot/ imports ${to}/ (only types may come from server/)`);
  if (
    from === 'console' &&
    !['console', 'shared', 'locales'].includes(to) &&
    !(to === 'server' && (e.typeOnly || e.to === 'server/client.ts'))
  )
    say(`console/ imports ${to}/ (from server/ only types and the typed client's constants)`);
}
for (const x of external) {
  if (!isTest(x.from) && (x.to === 'vitest' || x.to.startsWith('vitest/')))
    problems.push(`${x.from}: code that runs imports ${x.to}`);
}

// Entities stay in their module. An entity is a `defineEntity(...)` schema or the class set on it,
// declared in the module's entities/ folder.
const ENTITY = /export\s+(?:const\s+(\w+)\s*=\s*defineEntity\s*\(|class\s+(\w+)\s+extends\s+\w+\.class\b)/g;
const TABLE = /(?:tableName:\s*|pivotTable\(\s*)['"](\w+)['"]/g;
const entitiesOf = new Map<string, Set<string>>();
const tableOwner = new Map<string, string>();
for (const file of files) {
  const m = moduleOf(file);
  if (!m || !file.startsWith(`modules/${m}/entities/`) || isTest(file)) continue;
  const code = readFileSync(join(root, file), 'utf8');
  const names = entitiesOf.get(m) ?? new Set<string>();
  for (const e of code.matchAll(ENTITY)) names.add((e[1] ?? e[2])!);
  entitiesOf.set(m, names);
  for (const t of code.matchAll(TABLE)) tableOwner.set(t[1]!, m);
}
const TABLE_NAME = new RegExp(`\\b(${[...tableOwner.keys()].join('|') || '(?!)'})\\b`, 'g');
/** `a, type b, c as d` → the names on the left (what is taken from the other side). */
const namesIn = (list: string) => list.split(',').flatMap((n) => /^\s*(?:type\s+)?(\w+)/.exec(n)?.[1] ?? []);
const EXPORTS =
  /(?:^|\n)\s*export\s+(?:type\s+)?(?:\{([^}]*)\}|\*(?:\s+as\s+\w+)?\s+from\s+['"]([^'"]+)['"]|(?:declare\s+)?(?:abstract\s+)?(?:class|const|let|function)\s+(\w+))/g;
const NAMED_IMPORT = /(?:^|\n)\s*import\s+(?:type\s+)?\{([^}]*)\}\s*from\s+['"]([^'"]+)['"]/g;
for (const file of files) {
  const m = moduleOf(file);
  if (!m) continue;
  const code = readFileSync(join(root, file), 'utf8');
  if (file === `modules/${m}/index.ts`) {
    const own = entitiesOf.get(m) ?? new Set<string>();
    for (const x of code.matchAll(EXPORTS)) {
      const text = x[0].trim().split('\n')[0]!;
      const say = (why: string) => problems.push(`${file}: ${why}\n    ${text}`);
      if (x[2]?.includes('/entities/')) say('the door exports everything of an entity file');
      for (const name of [...namesIn(x[1] ?? ''), ...(x[3] ? [x[3]] : [])])
        if (own.has(name)) say(`the door exports the entity ${name}: other modules get ids and plain values`);
    }
  }
  if (isTest(file)) continue;
  for (const t of code.matchAll(TABLE_NAME)) {
    const other = tableOwner.get(t[1]!)!;
    if (other === m) continue;
    const line = code.slice(0, t.index).split('\n').length;
    problems.push(
      `${file}:${line}: module ${m} names the table ${t[1]} of module ${other}: ask modules/${other}/index.ts`,
    );
  }
  for (const x of code.matchAll(NAMED_IMPORT)) {
    const to = relative(root, resolve(dirname(join(root, file)), x[2]!));
    const other = moduleOf(to);
    if (!other || other === m || !x[2]!.startsWith('.')) continue;
    for (const name of namesIn(x[1]!))
      if (entitiesOf.get(other)?.has(name))
        problems.push(
          `${file}: module ${m} uses the entity ${name} of module ${other}: hold its id, ask modules/${other}/index.ts\n    ${x[0].trim().split('\n')[0]}`,
        );
  }
}

// Cycles, among the files that run.
const graph = new Map<string, string[]>();
for (const e of edges) {
  if (isTest(e.from) || isTest(e.to)) continue;
  graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
}
const state = new Map<string, 'open' | 'done'>();
const stack: string[] = [];
const cycles = new Set<string>();
function visit(file: string): void {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') {
      const cycle = stack.slice(stack.indexOf(next));
      const start = cycle.indexOf([...cycle].sort()[0]!);
      cycles.add([...cycle.slice(start), ...cycle.slice(0, start)].join(' → '));
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);
for (const cycle of cycles) problems.push(`import cycle: ${cycle}`);

if (problems.length) {
  console.error(`${problems.length} import rule${problems.length === 1 ? '' : 's'} broken (DESIGN.md §3):\n`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.error(`Imports follow the rules: ${files.length} files, ${edges.length} local imports, no cycles.`);
