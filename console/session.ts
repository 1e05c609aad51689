import { useSyncExternalStore } from 'react';

/**
 * The signed-in staff member's token, kept in sessionStorage: it lives as long as the tab, is not
 * shared with other tabs, and is gone when the browser closes (a clinic's shared computer). Why a
 * session ended is kept beside it, so the sign-in form can say so after a reload too.
 */
export interface Session {
  token: string;
  expiresAt: string;
}

export type EndReason = 'expired' | 'signed-out';

const KEY = 'emhana.console.session';
const ENDED = 'emhana.console.ended';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return value?.token ? value : null;
  } catch {
    return null;
  }
}

let current = read();
const notify = () => {
  for (const listener of listeners) listener();
};

export const session = {
  get: () => current,
  token: () => current?.token ?? null,
  start(value: Session) {
    sessionStorage.setItem(KEY, JSON.stringify(value));
    sessionStorage.removeItem(ENDED);
    current = value;
    notify();
  },
  end(reason: EndReason) {
    if (!current) return;
    sessionStorage.removeItem(KEY);
    sessionStorage.setItem(ENDED, reason);
    current = null;
    notify();
  },
  /** Why the last session ended, once (the sign-in form shows it). */
  endReason: (): EndReason | null => sessionStorage.getItem(ENDED) as EndReason | null,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useSession = () => useSyncExternalStore(session.subscribe, session.get);
