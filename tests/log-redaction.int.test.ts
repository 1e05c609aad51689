import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../shared/log.ts';
import { startTestApp, type TestApp } from './support/app.ts';

/**
 * A request that fails is logged with its path, and the error often quotes the token again (the
 * database names the value it looked up). The captured lines must carry neither.
 */
describe('a failed request on an address with a token', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await startTestApp({}, { log: createLogger('info', { destination }) });
    // The tables these pages read are gone, so each request fails inside the server.
    const db = t.app.orm.em.getConnection();
    await db.execute('alter table broadcasts_recipient rename to broadcasts_recipient_gone');
    await db.execute('alter table documents_document rename to documents_document_gone');
    await db.execute('alter table documents_throttle rename to documents_throttle_gone');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ['a broadcast tap link', '/b/0f1e2d3c4b5a69788796a5b4c3d2e1f0/1', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
    ['a verification code', '/verify/QX7K2M9P4T', 'QX7K2M9P4T'],
  ])('%s: a 500, logged without the token', async (_kind, path, token) => {
    const before = lines.length;
    const answer = await fetch(`${t.url}${path}`);
    expect(answer.status).toBe(500);
    const logged = lines.slice(before).join('');
    expect(logged).toContain('request failed');
    expect(logged).toContain('[redacted]');
    expect(logged).not.toContain(token);
  });
});
