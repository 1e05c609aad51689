import { describe, expect, it } from 'vitest';
import { type ChromiumChoice, findChromium } from './support/browser.ts';

/** Which Chromium the browser tests take; the npm one is stubbed (unpacking it takes seconds). */
const npm: ChromiumChoice = { executablePath: '/unpacked/chromium', env: {}, source: 'npm' };
const unpackBundled = async () => npm;
const present = process.execPath;
const absent = '/nonexistent/chromium';

describe('the browser tests’ Chromium', () => {
  it('is CHROMIUM_PATH when set, even with a system Chromium present', async () => {
    const choice = await findChromium({
      env: { CHROMIUM_PATH: present },
      systemPaths: [present],
      unpackBundled,
    });
    expect(choice).toMatchObject({ executablePath: present, source: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that does not exist rather than silently taking another', async () => {
    await expect(findChromium({ env: { CHROMIUM_PATH: absent }, unpackBundled })).rejects.toThrow(
      /CHROMIUM_PATH/,
    );
  });

  it('is the first system Chromium present', async () => {
    const choice = await findChromium({ env: {}, systemPaths: [absent, present], unpackBundled });
    expect(choice).toMatchObject({ executablePath: present, source: 'the system' });
  });

  it('is the one from npm when there is no system Chromium', async () => {
    expect(await findChromium({ env: {}, systemPaths: [absent], unpackBundled })).toBe(npm);
  });

  it('is the one from npm when EMHANA_IGNORE_SYSTEM_CHROMIUM=1', async () => {
    const env = { EMHANA_IGNORE_SYSTEM_CHROMIUM: '1' };
    expect(await findChromium({ env, systemPaths: [present], unpackBundled })).toBe(npm);
  });
});
