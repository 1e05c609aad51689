import { describe, expect, it } from 'vitest';
import { appRouter } from '../server/router.ts';
import { type Access, isAllowed, STAFF_ROLES } from '../shared/roles.ts';
import { pages, pagesFor } from './registry.ts';

/**
 * The console shows a page only to roles that may call what it calls: each page's role list is
 * checked against the API's own declaration of every procedure it names. (Whether the API admits
 * the right roles is the access table's business: tests/access.int.test.ts.)
 */
const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { meta?: { access?: Access } } }
>;

describe('console pages', () => {
  it('each name an existing procedure that every role of the page may call', () => {
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const problems: string[] = [];
    for (const page of pages)
      for (const { roles, procedures: paths } of [page, ...(page.restricted ?? [])])
        for (const path of paths) {
          const access = procedures[path]?._def.meta?.access;
          if (!access) problems.push(`${page.path}: no procedure ${path}`);
          else
            for (const role of roles)
              if (isAllowed(access, { kind: 'staff', accountId: 1, name: 'x', roles: [role] }) !== 'ok')
                problems.push(`${page.path}: ${role} may not call ${path}`);
        }
    expect(problems).toEqual([]);
  });

  it('have one address each', () => {
    expect(new Set(pages.map((p) => p.path)).size).toBe(pages.length);
  });

  it('show the staff page to an admin only', () => {
    for (const role of STAFF_ROLES)
      expect(
        pagesFor([role]).some((p) => p.path === '/staff'),
        role,
      ).toBe(role === 'admin');
  });

  it('show the broadcasts pages to admins and marketers, and their approve buttons to admins only', () => {
    for (const role of STAFF_ROLES)
      for (const path of ['/broadcasts', '/automations'])
        expect(
          pagesFor([role]).some((p) => p.path === path),
          `${role} ${path}`,
        ).toBe(role === 'admin' || role === 'marketer');
    for (const page of pages.filter((p) => p.path === '/broadcasts' || p.path === '/automations'))
      expect(page.restricted?.map((r) => r.roles)).toEqual([['admin']]);
  });
});
