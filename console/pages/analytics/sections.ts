import type { StaffRole } from '../../../shared/roles.ts';

/**
 * The analytics page's sections and who sees each: the roles the API admits to its procedure
 * (analytics.router.ts), written out again here because the browser cannot read the router's
 * declarations; console/analytics.test.ts checks the two agree, role by role. A staff member sees
 * the sections of any of their roles, and a section nobody of theirs may read is never asked for.
 */
export const ANALYTICS_SECTIONS = [
  { key: 'funnels', procedure: 'analytics.staff.funnels', roles: ['admin', 'marketer'] },
  {
    key: 'channels',
    procedure: 'analytics.staff.bookingChannels',
    roles: ['admin', 'marketer', 'registrar'],
  },
  { key: 'attendance', procedure: 'analytics.staff.attendance', roles: ['admin', 'registrar'] },
  {
    key: 'nps',
    procedure: 'analytics.staff.nps',
    roles: ['admin', 'registrar', 'operator', 'marketer'],
  },
  { key: 'broadcasts', procedure: 'analytics.staff.broadcasts', roles: ['admin', 'marketer'] },
  { key: 'payments', procedure: 'analytics.staff.payments', roles: ['admin'] },
] as const satisfies readonly { key: string; procedure: string; roles: readonly StaffRole[] }[];

export type SectionKey = (typeof ANALYTICS_SECTIONS)[number]['key'];

/** The sections these roles may read, in the page's order. */
export const sectionsFor = (roles: readonly StaffRole[]): SectionKey[] =>
  ANALYTICS_SECTIONS.filter((s) => s.roles.some((r: StaffRole) => roles.includes(r))).map((s) => s.key);

/** The page is for anyone who may read one of its sections. */
export const ANALYTICS_ROLES: StaffRole[] = [
  ...new Set(ANALYTICS_SECTIONS.flatMap((s): readonly StaffRole[] => s.roles)),
];

/**
 * What every role of the page calls, for the registry's check (console/pages.test.ts): the filters'
 * lists, and the sections all of them may read; the others are checked per section.
 */
export const ANALYTICS_COMMON_PROCEDURES = [
  'auth.me',
  'clinic.branches.list',
  'clinic.doctors.listAll',
  ...ANALYTICS_SECTIONS.filter((s) =>
    ANALYTICS_ROLES.every((r) => (s.roles as readonly StaffRole[]).includes(r)),
  ).map((s) => s.procedure),
];
