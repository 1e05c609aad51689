import type { Caller } from './roles.ts';

/** A caller as the audit log and "booked by" fields name it (ids, never names or numbers). */
export function actorOf(caller: Caller): string {
  switch (caller.kind) {
    case 'bot':
      return `tg:${caller.telegramUserId ?? 'unknown'}`;
    case 'staff':
      return `staff:${caller.accountId}`;
    case 'service':
      return `service:${caller.name}`;
    default:
      return caller.kind;
  }
}

/**
 * Through what a caller reached the data: a staff member signed in (the console, or any client
 * holding their login token), an internal tool's service token, the bot in a patient's chat, a
 * signed public link (a document's page), a scheduled job, or an anonymous request (a provider's
 * callback).
 */
export const AUDIT_VIAS = ['console', 'service', 'bot', 'link', 'job', 'public'] as const;
export type AuditVia = (typeof AUDIT_VIAS)[number];

/** The one place "through what" is decided, from the caller alone, so no use case says it. */
export function viaOf(caller: Caller): AuditVia {
  switch (caller.kind) {
    case 'staff':
      return 'console';
    case 'service':
      return 'service';
    case 'bot':
      return caller.link ? 'link' : 'bot';
    case 'system':
      return 'job';
    default:
      return 'public';
  }
}
