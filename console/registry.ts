import type { ComponentType } from 'react';
import type { StaffRole } from '../shared/roles.ts';

/**
 * A page of the console. Each is one file under console/pages/ exporting `page`; the navigation,
 * the routes and the role check all come from this list, so adding a page touches nothing else.
 */
export interface ConsolePage {
  /** Its address under /console ("/" is the start page). */
  path: `/${string}`;
  /** The locale key of its name in the navigation (console.ftl). */
  title: string;
  /**
   * Who sees it. Keep it within the roles of every procedure it calls: console/pages.test.ts
   * checks that against the API's own declarations, and the API refuses anyone else anyway.
   */
  roles: readonly StaffRole[];
  /** The API procedures it calls ("staff.tokens.list"), for that check. */
  procedures: readonly string[];
  /**
   * Procedures only some of its roles call (an admin's "approve" on a page marketers use too): the
   * page shows their controls to those roles only, and the same check holds them to these roles.
   */
  restricted?: readonly { roles: readonly StaffRole[]; procedures: readonly string[] }[];
  /** Its place in the navigation. */
  order: number;
  Component: ComponentType;
}

const files = import.meta.glob<{ page: ConsolePage }>('./pages/*.tsx', { eager: true });

export const pages: ConsolePage[] = Object.values(files)
  .map((file) => file.page)
  .sort((a, b) => a.order - b.order);

/** The pages these roles may see: any role of the page's list will do, as the API decides. */
export const pagesFor = (roles: readonly StaffRole[]) =>
  pages.filter((page) => page.roles.some((role) => roles.includes(role)));
