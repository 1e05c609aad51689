import { describe, expect, it } from 'vitest';
import { appRouter } from '../server/router.ts';
import { type Access, isAllowed, STAFF_ROLES } from '../shared/roles.ts';
import { barLabel, barStarts, everyBar } from './pages/analytics/periods.ts';
import { ANALYTICS_SECTIONS, sectionsFor } from './pages/analytics/sections.ts';
import { pagesFor } from './registry.ts';

/**
 * The analytics page shows each section to exactly the roles the API admits to its procedure
 * (checked against the router's own declarations, role by role), and draws every bar of a period.
 */
const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { meta?: { access?: Access } } }
>;

describe('analytics page sections', () => {
  it('go to exactly the roles the API lets read them', () => {
    for (const section of ANALYTICS_SECTIONS) {
      const access = procedures[section.procedure]?._def.meta?.access;
      expect(access, section.procedure).toBeDefined();
      const admitted = STAFF_ROLES.filter(
        (role) => isAllowed(access, { kind: 'staff', accountId: 1, name: 'x', roles: [role] }) === 'ok',
      );
      expect([...section.roles].sort(), section.key).toEqual([...admitted].sort());
    }
  });

  it('show a marketer funnels and broadcasts but no money or attendance; a doctor no page', () => {
    expect(sectionsFor(['marketer'])).toEqual(['funnels', 'channels', 'nps', 'broadcasts']);
    expect(sectionsFor(['registrar'])).toEqual(['channels', 'attendance', 'nps']);
    expect(sectionsFor(['admin'])).toHaveLength(ANALYTICS_SECTIONS.length);
    expect(pagesFor(['doctor']).some((p) => p.path === '/analytics')).toBe(false);
    expect(pagesFor(['operator']).some((p) => p.path === '/analytics')).toBe(true);
  });
});

describe('analytics bars', () => {
  it('are every day, Monday or first of the month the period touches, as the server names them', () => {
    expect(barStarts('2026-02-27', '2026-03-02', 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    // 2026-03-04 is a Wednesday: its week began on Monday the 2nd.
    expect(barStarts('2026-03-04', '2026-03-16', 'week')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(barStarts('2025-11-15', '2026-02-01', 'month')).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
    expect(barStarts('2026-03-02', '2026-03-01', 'day')).toEqual([]);
  });

  it('fill the bars the API left out, and name them in digits', () => {
    const rows = everyBar(['2026-03-01', '2026-03-02'], [{ period: '2026-03-02', n: 3 }], (period) => ({
      period,
      n: 0,
    }));
    expect(rows).toEqual([
      { period: '2026-03-01', n: 0 },
      { period: '2026-03-02', n: 3 },
    ]);
    expect(barLabel('2026-03-02', 'week', false)).toBe('02.03');
    expect(barLabel('2025-12-29', 'day', true)).toBe('29.12.25');
    expect(barLabel('2026-03-01', 'month', false)).toBe('03.2026');
  });
});
