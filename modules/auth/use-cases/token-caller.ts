import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../../shared/roles.ts';
import type { TokenSubject } from '../../../shared/tokens.ts';
import { ServiceToken } from '../entities/service-token.entity.ts';
import { StaffAccount } from '../entities/staff-account.entity.ts';

/**
 * Who a verified token speaks for now. A signature proves only who it was issued to: a staff
 * token stands as long as its account is active and its token version unchanged (deactivating,
 * a change of roles or of password move the version on), and then carries the account's current
 * roles; a service or bot token stands while its register row exists and is not revoked.
 * One primary-key read per request.
 */
export async function callerForToken(
  em: EntityManager,
  subject: TokenSubject,
  telegramUserId: number | null,
): Promise<Caller | 'revoked'> {
  if (subject.kind === 'staff') {
    const account = await em.findOne(StaffAccount, subject.accountId, { disableIdentityMap: true });
    if (!account?.active || account.tokenVersion !== subject.version) return 'revoked';
    return { kind: 'staff', accountId: account.id, name: account.username, roles: [...account.roles] };
  }
  const row = await em.findOne(ServiceToken, subject.tokenId, { disableIdentityMap: true });
  if (!row || row.revokedAt || row.kind !== subject.kind) return 'revoked';
  return subject.kind === 'bot'
    ? { kind: 'bot', name: row.name, telegramUserId }
    : { kind: 'service', name: row.name, roles: [...row.roles] };
}
