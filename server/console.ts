import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from '../shared/log.ts';
import { methodNotAllowed } from '../shared/routes.ts';

/**
 * The staff web console (console/): a React app built by Vite into static files that this server
 * serves at /console. `npm start` builds it when the folder for its sources is missing, so a fresh
 * clone needs no other step; the build lands in .data/console/<fingerprint>, named by a hash of
 * everything that goes into it, so a changed source (or dependency) is always rebuilt and an
 * unchanged one never is, whatever the files' mtimes say after a checkout.
 */
const ROOT = resolve(import.meta.dirname, '..');
export const CONSOLE_SOURCE = join(ROOT, 'console');
const BUILDS = join(ROOT, '.data', 'console');
export const CONSOLE_PREFIX = '/console';

/**
 * What the bundle may be made of besides console/: the strings (any locale file: a page may bring
 * its own console-<page>.ftl), what it imports from shared/, the lockfile, this file. A little more
 * than it uses, so that nothing it uses is missed.
 */
const INPUT_FOLDERS = ['locales', 'shared'];
const INPUTS = ['package-lock.json', 'server/console.ts'];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

/** A hash of every input's path and content (tests are not part of the bundle). */
export async function consoleFingerprint(): Promise<string> {
  const files = [
    ...(await filesUnder(CONSOLE_SOURCE)),
    ...(await Promise.all(INPUT_FOLDERS.map((f) => filesUnder(join(ROOT, f))))).flat(),
    ...INPUTS.map((f) => join(ROOT, f)),
  ]
    .filter((f) => !f.endsWith('.test.ts'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(relative(ROOT, file))
      .update('\0')
      .update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

/** Builds console/ into `outDir` (Vite, configured here: no config file to drift from this one). */
async function viteBuild(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: CONSOLE_SOURCE,
    base: `${CONSOLE_PREFIX}/`,
    logLevel: 'warn',
    mode: 'production',
    // Vite would take NODE_ENV from the process (a test run's "test"), and React's development
    // build with it: the console is always the production one.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    oxc: { jsx: { runtime: 'automatic', development: false } },
    build: {
      minify: true,
      outDir,
      emptyOutDir: true,
      assetsDir: 'assets',
      target: 'es2022',
      reportCompressedSize: false,
      // Styles stay in a file: the page's CSP allows no inline style or script.
      assetsInlineLimit: 0,
      rolldownOptions: {
        // React Query marks its files "use client" for server components; a browser bundle has none.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  });
  // Each asset also gzipped once, here, rather than on every request.
  const assets = join(outDir, 'assets');
  for (const name of await readdir(assets))
    await writeFile(join(assets, `${name}.gz`), gzipSync(await readFile(join(assets, name)), { level: 9 }));
}

/**
 * The folder of a current build, built first when there is none. Two processes building at once
 * (test workers, a server and a test run) each build beside the final folder and rename theirs
 * into place; the loser's is dropped, and nobody ever serves half a build.
 */
export async function ensureConsoleBuild(log: Logger): Promise<{ dir: string; built: boolean }> {
  const fingerprint = await consoleFingerprint();
  const dir = join(BUILDS, fingerprint);
  if (existsSync(join(dir, 'index.html'))) return { dir, built: false };
  const started = performance.now();
  const staging = `${dir}.building-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await viteBuild(staging);
    await rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(dir, 'index.html'))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log.info({ seconds: ((performance.now() - started) / 1000).toFixed(2) }, 'console built');
  await dropOldBuilds(fingerprint);
  return { dir, built: true };
}

/** Keeps the newest few builds: a server still running on older sources keeps its files. */
async function dropOldBuilds(current: string, keep = 3): Promise<void> {
  const names = (await readdir(BUILDS)).filter((n) => /^[0-9a-f]{16}$/.test(n) && n !== current);
  const aged = await Promise.all(names.map(async (n) => ({ n, at: (await stat(join(BUILDS, n))).mtimeMs })));
  aged.sort((a, b) => b.at - a.at);
  for (const { n } of aged.slice(keep - 1)) await rm(join(BUILDS, n), { recursive: true, force: true });
}

let building: Promise<string | null> | null = null;

/**
 * The build this process serves, started once (run.ts starts it beside the database so `npm start`
 * waits for neither in turn; a test app starts it on the first request to /console). A build that
 * fails is logged and /console answers 503; the API goes on.
 */
export function consoleBuild(log: Logger): Promise<string | null> {
  building ??= ensureConsoleBuild(log).then(
    ({ dir }) => dir,
    (error: unknown) => {
      log.error({ err: error }, 'the console could not be built');
      return null;
    },
  );
  return building;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Only this origin's files and API: no inline script or style, no framing, no other hosts. The
 * console holds a staff token, so an injected script must have nowhere to run and nowhere to send.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** What is not a hashed asset is never kept by a cache: it may change with the next build. */
const FRESH = { 'cache-control': 'no-store', ...SECURITY };

/**
 * Serves /console: hashed assets for a year (their names change with their content), index.html
 * never from a cache (it names the current assets), and every other path under /console the
 * index, so a page's own address (/console/staff) opens that page. A missing asset is a 404, not
 * the index: a stale tab must not run HTML as a script. Every answer, refusals included, carries
 * the security headers: a browser applies the CSP of whatever response it renders.
 */
export function consoleMount(files: () => Promise<string | null>) {
  return {
    prefix: CONSOLE_PREFIX,
    async handle(req: Request): Promise<Response> {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed('GET, HEAD', FRESH);
      const dir = await files();
      if (!dir)
        return new Response('The console is not available: its build failed (see the server log).', {
          status: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8', ...FRESH },
        });
      const path = new URL(req.url).pathname.slice(CONSOLE_PREFIX.length);
      const asset = /^\/assets\/([\w.-]+)$/.exec(path);
      if (asset) {
        const name = asset[1]!;
        const type = TYPES[name.slice(name.lastIndexOf('.'))];
        const gzip = /\bgzip\b/.test(req.headers.get('accept-encoding') ?? '');
        const read = (file: string) => readFile(join(dir, 'assets', file)).catch(() => null);
        const zipped = type && gzip ? await read(`${name}.gz`) : null;
        const body = zipped ?? (type ? await read(name) : null);
        if (!body)
          return new Response('not found', {
            status: 404,
            headers: { 'content-type': 'text/plain; charset=utf-8', ...FRESH },
          });
        return new Response(req.method === 'HEAD' ? null : body, {
          headers: {
            'content-type': type!,
            'content-length': String(body.byteLength),
            ...(zipped ? { 'content-encoding': 'gzip' } : {}),
            vary: 'accept-encoding',
            'cache-control': 'public, max-age=31536000, immutable',
            ...SECURITY,
          },
        });
      }
      const index = await readFile(join(dir, 'index.html'));
      return new Response(req.method === 'HEAD' ? null : index, {
        headers: { 'content-type': 'text/html; charset=utf-8', ...FRESH },
      });
    },
  };
}
