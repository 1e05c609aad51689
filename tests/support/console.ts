import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { ensureConsoleBuild } from '../../server/console.ts';
import { silentLogger } from '../../shared/log.ts';
import { startTestApp, type TestApp, type TestAppOptions } from './app.ts';
import { launchBrowser } from './browser.ts';

export { saveScreenshot } from './browser.ts';

/** Who signs in at the console's password form. */
export interface Staff {
  username: string;
  password: string;
}

/** The first admin, whom every console test app creates at start (ADMIN_USERNAME/ADMIN_PASSWORD). */
export const ADMIN: Staff = { username: 'chief', password: 'chief-password-1' };

type Viewport = NonNullable<BrowserContextOptions['viewport']>;
const LAPTOP: Viewport = { width: 1280, height: 800 };

export interface ConsoleOptions extends TestAppOptions {
  /** Every page's browser context beyond its size: a locale, a time zone, downloads. */
  context?: Omit<BrowserContextOptions, 'viewport'>;
  /** How long a page waits for what a test expects (default 10 s). */
  timeout?: number;
}

/** The app with its console, and a Chromium that opens each page in a fresh context (no shared session). */
export interface ConsoleUnderTest {
  t: TestApp;
  browser: Browser;
  /** A blank page, before it goes anywhere (to listen to what it loads). */
  newPage(viewport?: Viewport): Promise<Page>;
  /** The console at `path` (e.g. `/staff`), signed out. */
  open(path: string, viewport?: Viewport): Promise<Page>;
  /** The console at `path`, signed in through its form; resolved once the bar says who is signed in. */
  signedIn(who: Staff, path: string, viewport?: Viewport): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * Starts a test app and a headless Chromium for one test file (beforeAll; `stop` in afterAll). The
 * console is built first, before the app's clock starts, as `npm start` builds it before it is ready.
 */
export async function startConsole(options: ConsoleOptions = {}): Promise<ConsoleUnderTest> {
  const { context, timeout = 10_000, ...appOptions } = options;
  await ensureConsoleBuild(silentLogger);
  const t = await startTestApp(
    { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    appOptions,
  );
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await t.stop();
    throw error;
  });
  const newPage = async (viewport = LAPTOP) => {
    const page = await (await browser.newContext({ ...context, viewport })).newPage();
    page.setDefaultTimeout(timeout);
    return page;
  };
  const open = async (path: string, viewport?: Viewport) => {
    const page = await newPage(viewport);
    await page.goto(`${t.url}/console${path}`);
    return page;
  };
  return {
    t,
    browser,
    newPage,
    open,
    async signedIn(who, path, viewport) {
      const page = await open(path, viewport);
      await signIn(page, who);
      await page.getByTestId('who').waitFor();
      return page;
    },
    async stop() {
      await browser.close();
      await t.stop();
    },
  };
}

/** Fills the sign-in form and sends it; `button` is its label in the page's language. */
export async function signIn(page: Page, who: Staff, button = 'Войти'): Promise<void> {
  await page.locator('input[name="username"]').fill(who.username);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByRole('button', { name: button, exact: true }).click();
}

/** The token the console keeps for this tab, to call the API as the page's user would. */
export const tokenOf = (page: Page): Promise<string> =>
  page.evaluate(
    () => (JSON.parse(sessionStorage.getItem('emhana.console.session')!) as { token: string }).token,
  );

/** What the console keeps in sessionStorage (nothing once signed out). */
export const storedSession = (page: Page): Promise<string | null> =>
  page.evaluate(() => sessionStorage.getItem('emhana.console.session'));
