/** Staff roles. A service token for an internal tool carries one of them as well. */
export const STAFF_ROLES = ['admin', 'registrar', 'operator', 'doctor', 'marketer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * The token a request came with: what signing out ends. Callers made in-process (tests, jobs, the
 * bot in one process) have none.
 */
export interface CallerToken {
  id: string;
  expiresAt: Date;
}

/** Who is calling the API. Decided once per request from its token, never from the input. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'staff'; accountId: number; name: string; roles: StaffRole[]; token?: CallerToken }
  | { kind: 'service'; name: string; roles: StaffRole[]; token?: CallerToken }
  | {
      kind: 'bot';
      name: string;
      telegramUserId: number | null;
      /** Acting for the account a signed public link was made out to (a document's page), not in a chat. */
      link?: true;
    }
  | { kind: 'system' };

export type StaffCaller = Extract<Caller, { kind: 'staff' | 'service' }>;
export type BotCaller = Extract<Caller, { kind: 'bot' }>;

/** Who may call a procedure; every procedure declares one (see shared/trpc.ts). */
export type Access =
  | { kind: 'public' }
  | { kind: 'staff'; roles: readonly StaffRole[] }
  | { kind: 'bot' }
  | { kind: 'system' };

export function isAllowed(access: Access | undefined, caller: Caller): 'ok' | 'unauthorized' | 'forbidden' {
  if (!access) return caller.kind === 'anonymous' ? 'unauthorized' : 'forbidden';
  if (access.kind === 'public') return 'ok';
  if (caller.kind === 'anonymous') return 'unauthorized';
  if (caller.kind === 'system') return 'ok';
  if (access.kind === 'staff') {
    if (caller.kind !== 'staff' && caller.kind !== 'service') return 'forbidden';
    return caller.roles.some((role) => access.roles.includes(role)) ? 'ok' : 'forbidden';
  }
  if (access.kind === 'bot') return caller.kind === 'bot' ? 'ok' : 'forbidden';
  return 'forbidden';
}
