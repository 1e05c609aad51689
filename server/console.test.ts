import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/log.ts';
import { CONSOLE_CSP, consoleMount } from './console.ts';
import { createFetchHandler } from './http.ts';
import { appRouter } from './router.ts';
import { type RunningServer, serve } from './serve.ts';

/**
 * The console's files as an attacker asks for them over a real socket: paths that climb out of
 * the build (raw, percent-encoded, backslashed), names the build does not have, other methods, and
 * a build that failed. A secret beside the build stands for the server's own files.
 */
let root: string;
let build: string | null;
let server: RunningServer;
const SECRET = 'the server’s own source';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'emhana-console-'));
  const dir = join(root, 'build');
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.js'), SECRET);
  await writeFile(join(dir, 'secret.js'), SECRET);
  build = dir;
  const handle = createFetchHandler({
    router: appRouter,
    createContext: () => Promise.reject(new Error('no API calls here')),
    ready: async () => ({}),
    maxBodyBytes: 1024,
    log: silentLogger,
    mounts: [consoleMount(async () => build)],
  });
  server = await serve(handle, { port: 0, hostname: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** A request with its path sent exactly as written (fetch would resolve the dots first). */
function raw(path: string, method = 'GET'): Promise<{ status: number; headers: Headers; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the console’s HTTP mount', () => {
  it('never serves a file outside its build, however the path climbs', async () => {
    for (const path of [
      '/console/../secret.js',
      '/console/assets/../../secret.js',
      '/console/assets/..%2f..%2fsecret.js',
      '/console/assets/%2e%2e%2f%2e%2e%2fsecret.js',
      '/console/assets/..%5c..%5csecret.js',
      '/console/assets/%2e%2e/%2e%2e/secret.js',
      '/console/assets/..',
      '/console/secret.js',
      '/console//assets/../../secret.js',
    ]) {
      const got = await raw(path);
      expect(got.body, path).not.toContain(SECRET);
    }
  });

  it('serves an asset with its type and a year’s cache, and the index for any page, never cached', async () => {
    const asset = await raw('/console/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/console', '/console/', '/console/staff', '/console/assets/nested/app.js']) {
      const page = await raw(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control'), path).toBe('no-store');
    }
    // A name the build has in no known type is not guessed at (nor sniffed: nosniff below).
    expect((await raw('/console/assets/app-1a2b.html')).status).toBe(404);
  });

  it('puts its CSP and nosniff on every answer: a page, an asset, a missing one, a refused method, a failed build', async () => {
    const answers = {
      index: await raw('/console/'),
      asset: await raw('/console/assets/app-1a2b.js'),
      missing: await raw('/console/assets/gone.js'),
      post: await raw('/console/', 'POST'),
      head: await raw('/console/', 'HEAD'),
    };
    build = null;
    const failed = await raw('/console/').finally(() => {
      build = join(root, 'build');
    });
    for (const [name, got] of Object.entries({ ...answers, failed })) {
      expect(got.headers.get('content-security-policy'), name).toBe(CONSOLE_CSP);
      expect(got.headers.get('x-content-type-options'), name).toBe('nosniff');
    }
    // What is not the console's current files is never kept by a cache either.
    for (const name of ['index', 'missing', 'post', 'failed'] as const)
      expect({ ...answers, failed }[name].headers.get('cache-control'), name).toBe('no-store');
    expect(answers.post.status).toBe(405);
    expect(failed.status).toBe(503);
  });
});
