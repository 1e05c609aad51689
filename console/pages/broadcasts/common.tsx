import { useQuery } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { useEffect, useState } from 'react';
import type { AppRouter } from '../../../server/router.ts';
import { useTRPC } from '../../api.ts';
import type { Translator } from '../../i18n.tsx';

/** What the broadcasts pages send and get, straight from the API's types. */
type Inputs = inferRouterInputs<AppRouter>['broadcasts']['staff'];
type Outputs = inferRouterOutputs<AppRouter>['broadcasts']['staff'];
export type Broadcast = Outputs['get'];
export type Automation = Outputs['automations']['list'][number];
export type Filter = NonNullable<Inputs['preview']['audience']>;
export type Kind = Inputs['create']['kind'];
export type Photo = Broadcast['photo'];
export type Button = Broadcast['buttons'][number];
export type Numbers = Outputs['stats']['total'];

/** The message itself, as the composer and an automation edit it. */
export interface Content {
  title: string;
  text: { ru?: string; kk?: string };
  photo: Photo;
  buttons: Button[];
}

/** Whether the signed-in staff member is an admin: only admins see "approve". */
export function useIsAdmin(): boolean {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const caller = me.data;
  return !!caller && (caller.kind === 'staff' || caller.kind === 'service') && caller.roles.includes('admin');
}

/** A value that settles: the audience preview asks the API once typing pauses, not per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The clinic's branches, categories and services (names in the staff member's language). */
export function useCatalog() {
  const trpc = useTRPC();
  const branches = useQuery(trpc.clinic.branches.listAll.queryOptions(undefined, { staleTime: 300_000 }));
  const categories = useQuery(trpc.clinic.categories.listAll.queryOptions(undefined, { staleTime: 300_000 }));
  const services = useQuery(trpc.clinic.services.listAll.queryOptions(undefined, { staleTime: 300_000 }));
  return {
    branches: branches.data ?? [],
    categories: categories.data ?? [],
    services: services.data ?? [],
    error: branches.error ?? categories.error ?? services.error,
  };
}

export const STATE_KEYS: Record<Broadcast['state'], string> = {
  draft: 'console-broadcasts-state-draft',
  scheduled: 'console-broadcasts-state-scheduled',
  sending: 'console-broadcasts-state-sending',
  paused: 'console-broadcasts-state-paused',
  done: 'console-broadcasts-state-done',
  cancelled: 'console-broadcasts-state-cancelled',
};

export const KIND_KEYS: Record<Kind, string> = {
  marketing: 'console-broadcasts-kind-marketing',
  service: 'console-broadcasts-kind-service',
};

/** A number input's value, or undefined when it is empty (an absent condition). */
export const numberOr = (value: string): number | undefined =>
  value.trim() === '' ? undefined : Number(value);

/** A datetime-local field's text for a moment, in the browser's zone. */
export function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export const localized = (tr: Translator, name: { ru: string; kk: string }) => name[tr.language];
