import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../server/router.ts';
import { DomainError } from '../shared/errors.ts';
import { type Access, type Caller, STAFF_ROLES } from '../shared/roles.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { failure } from './support/errors.ts';

/**
 * Every procedure × every kind of caller. A procedure must declare who may call it; callers it
 * does not admit get UNAUTHORIZED (no token) or FORBIDDEN, those it admits get past the door
 * (their call may still fail on its input, which is not an access decision).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const procedures = Object.entries(appRouter._def.procedures) as unknown as [
  string,
  { _def: { meta?: { access?: Access }; type: string } },
][];

const callers: [string, Caller][] = [
  ['anonymous', { kind: 'anonymous' }],
  ['bot', { kind: 'bot', name: 'bot', telegramUserId: 1 }],
  ...STAFF_ROLES.map((role): [string, Caller] => [
    `staff:${role}`,
    { kind: 'service', name: role, roles: [role] },
  ]),
];

function expected(access: Access, caller: Caller): 'UNAUTHORIZED' | 'FORBIDDEN' | 'pass' {
  if (access.kind === 'public') return 'pass';
  if (caller.kind === 'anonymous') return 'UNAUTHORIZED';
  if (access.kind === 'staff') {
    return caller.kind === 'service' && caller.roles.some((r) => access.roles.includes(r))
      ? 'pass'
      : 'FORBIDDEN';
  }
  if (access.kind === 'bot') return caller.kind === 'bot' ? 'pass' : 'FORBIDDEN';
  return 'FORBIDDEN';
}

describe('access table', () => {
  it('has a declared caller for every procedure', () => {
    const undeclared = procedures.filter(([, p]) => !p._def.meta?.access).map(([path]) => path);
    expect(undeclared).toEqual([]);
    expect(procedures.length).toBeGreaterThan(20);
  });

  for (const [path, procedure] of procedures) {
    it(`${path}`, async () => {
      const access = procedure._def.meta!.access!;
      for (const [name, caller] of callers) {
        const api = t.app.caller(caller) as unknown as Record<string, unknown>;
        const fn = path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
          input: unknown,
        ) => Promise<unknown>;
        // An input no procedure accepts, so admitted calls stop at validation and change nothing.
        const outcome = await fn({ __probe: true, id: -1 }).then(
          () => 'pass',
          // A domain error (e.g. "not registered yet") means the door was passed.
          (error: { code?: string; cause?: unknown }) =>
            error.cause instanceof DomainError ||
            (error.code !== 'UNAUTHORIZED' && error.code !== 'FORBIDDEN')
              ? 'pass'
              : error.code,
        );
        expect(`${name}: ${outcome}`).toBe(`${name}: ${expected(access, caller)}`);
      }
    });
  }

  it('answers UNAUTHORIZED over HTTP without a token', async () => {
    expect((await failure(t.client().staff.list.query())).code).toBe('UNAUTHORIZED');
  });
});
