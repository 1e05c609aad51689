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
