/**
 * npm run smoke:deno — proves the same sources run under Deno: starts `deno run server/main.ts`
 * on a scratch data folder (its own embedded PostgreSQL), waits for /readyz, makes one typed tRPC
 * query, and stops it with SIGTERM.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEmhanaClient } from '../../server/client.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'emhana-deno-'));
chmodSync(dataDir, 0o755);
const port = 3900 + Math.floor(Math.random() * 90);
const url = `http://127.0.0.1:${port}`;
const started = Date.now();
// The `deno` npm package installs the native binary next to its launcher; run it directly so
// signals reach Deno itself rather than a wrapper process.
const packageDir = dirname(createRequire(import.meta.url).resolve('deno/bin.cjs'));
const binary = [join(packageDir, 'deno'), join(packageDir, 'deno.exe')].find(existsSync) ?? 'deno';
const child = spawn(binary, ['run', '-A', 'server/main.ts'], {
  env: {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(port + 1000),
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

let failed = false;
try {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error('the Deno server did not become ready');
    await sleep(250);
  }
  const branches = await createEmhanaClient({ url }).clinic.branches.list.query();
  if (branches.length < 1) throw new Error('the demo clinic is missing under Deno');
  // A module's own page (server-rendered, from the locales) answers too.
  const verify = await fetch(`${url}/verify?lang=kk`);
  if (verify.status !== 200 || !(await verify.text()).includes('Құжатты тексеру'))
    throw new Error(`the verification page answered ${verify.status} under Deno`);
  console.log(
    `Deno: ready in ${((Date.now() - started) / 1000).toFixed(1)} s, ${branches.length} branches over tRPC`,
  );
} catch (error) {
  failed = true;
  console.error(`Deno smoke test failed: ${(error as Error).message}`);
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(15_000, 'timeout' as const)]);
  if (code === 'timeout') {
    child.kill('SIGKILL');
    failed = true;
    console.error('Deno server did not stop within 15 s of SIGTERM');
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
