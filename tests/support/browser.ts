import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's package (`apt-get install chromium`), used when present: no unpacking needed. */
export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium'];

/** Which Chromium the browser tests run, and what its process needs in its environment. */
export interface ChromiumChoice {
  executablePath: string;
  /** Added to the browser's environment (the npm Chromium's own libraries and fonts). */
  env: Record<string, string>;
  /** For error messages: where it came from. */
  source: string;
}

export interface FindChromiumOptions {
  env?: NodeJS.ProcessEnv;
  systemPaths?: string[];
  /** Unpacks the Chromium from the npm registry; injectable so the order can be tested. */
  unpackBundled?: () => Promise<ChromiumChoice>;
}

/**
 * The Chromium for the browser tests: CHROMIUM_PATH when set; else a system Chromium when present
 * (unless EMHANA_IGNORE_SYSTEM_CHROMIUM=1); else the one from the npm registry
 * (@sparticuz/chromium), so `npm install && npm test` is enough on a fresh machine.
 * playwright-core itself never downloads a browser.
 */
export async function findChromium(options: FindChromiumOptions = {}): Promise<ChromiumChoice> {
  const env = options.env ?? process.env;
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, but there is no such file.`);
    }
    return { executablePath: env.CHROMIUM_PATH, env: {}, source: 'CHROMIUM_PATH' };
  }
  if (env.EMHANA_IGNORE_SYSTEM_CHROMIUM !== '1') {
    const system = (options.systemPaths ?? SYSTEM_CHROMIUMS).find((path) => existsSync(path));
    if (system) return { executablePath: system, env: {}, source: 'the system' };
  }
  return (options.unpackBundled ?? unpackBundledChromium)();
}

const run = promisify(execFile);

/**
 * Runs in a child Node: @sparticuz/chromium unpacks into os.tmpdir(), which the child's TMPDIR
 * points at our staging folder (changing TMPDIR in the test process would leak into other code).
 * Its Amazon Linux libraries (NSS, expat) are unpacked too, so the binary needs nothing but glibc.
 */
const UNPACK = `
const { fileURLToPath } = await import('node:url');
const { default: chromium, inflate } = await import(process.argv[1]);
await chromium.executablePath();
await inflate(fileURLToPath(new URL('../bin/al2023.tar.br', process.argv[1])));
`;

/**
 * Unpacks the headless Chromium of @sparticuz/chromium once per version into
 * .data/chromium/<version>. It is unpacked beside the final folder and renamed into place, so two
 * test workers unpacking at once, or a run killed half-way, never leave a truncated binary that
 * the next run would trust (the package's own /tmp/chromium has both problems).
 */
export async function unpackBundledChromium(): Promise<ChromiumChoice> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The npm Chromium (@sparticuz/chromium) is built for Linux x64 only, not ${process.platform} ` +
        `${process.arch}: install Chromium and set CHROMIUM_PATH.`,
    );
  }
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = resolve('.data', 'chromium', version);
  const choice: ChromiumChoice = {
    executablePath: join(dir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: join(dir, 'fonts.conf'),
    },
    source: `@sparticuz/chromium ${version}`,
  };
  if (existsSync(dir)) return choice;

  mkdirSync(dirname(dir), { recursive: true });
  await removeAbandoned(dirname(dir));
  const staging = `${dir}.unpacking-${process.pid}`;
  mkdirSync(staging);
  try {
    await run(process.execPath, ['--input-type=module', '--eval', UNPACK, pathToFileURL(entry).href], {
      env: { ...process.env, TMPDIR: staging },
    });
    // The system's fonts when it has any (Kazakh and ₸ included), then the package's Open Sans, so
    // screenshots show text even on a machine without fonts.
    await writeFile(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(dir, 'fonts', 'fonts')}</dir>
</fontconfig>
`,
    );
    await rename(staging, dir);
  } catch (error) {
    // Another worker may have renamed its copy into place first; that one is complete.
    if (!existsSync(dir)) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Could not unpack @sparticuz/chromium ${version}: ${reason}`, { cause: error });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return choice;
}

/** Staging folders of runs that were killed while unpacking (~200 MB each). */
async function removeAbandoned(parent: string): Promise<void> {
  for (const name of await readdir(parent)) {
    const pid = Number(/\.unpacking-(\d+)$/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) await rm(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let chosen: Promise<ChromiumChoice> | null = null;

/**
 * Headless Chromium with nothing that reaches the network on its own. Each launch gets a fresh
 * temporary profile (Playwright's launch() creates and removes its own user-data-dir).
 */
export async function launchBrowser(): Promise<Browser> {
  chosen ??= findChromium();
  const { executablePath, env, source } = await chosen;
  return launch(executablePath, env).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Chromium from ${source} (${executablePath}) did not start: ${reason}`, { cause: error });
  });
}

function launch(executablePath: string, env: Record<string, string>): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    env: { ...process.env, ...env },
    // The npm Chromium needs no flags beyond these (its `args` export is for AWS Lambda: single
    // process, web security off), so both Chromiums run the same way.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a screenshot as artifacts/<name>.png (the folder is gitignored); returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = resolve('artifacts', `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  // From the top: a whole-page picture draws a sticky bar where the page was scrolled to, across
  // the middle of the content.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}
