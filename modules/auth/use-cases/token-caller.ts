import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../../shared/roles.ts';
import type { VerifiedToken } from '../../../shared/tokens.ts';
import { ServiceToken } from '../entities/service-token.entity.ts';
import { StaffAccount } from '../entities/staff-account.entity.ts';

/**
 * Who a verified token speaks for now. A signature proves only who it was issued to: a staff
 * token stands as long as its account is active, its token version unchanged (deactivating,
 * a change of roles or of password move the version on) and it was not signed out, and then
 * carries the account's current roles; a service or bot token stands while its register row
 * exists and is not revoked. One query per request.
 */
export async function callerForToken(
  em: EntityManager,
  subject: VerifiedToken,
  telegramUserId: number | null,
): Promise<Caller | 'revoked'> {
  if (subject.kind === 'staff') {
    const account = await em
      .createQueryBuilder(StaffAccount)
      .where({ id: subject.accountId })
      .andWhere('not exists (select 1 from auth_signed_out_token s where s.token_id = ?)', [subject.tokenId])
      .getSingleResult();
    if (!account?.active || account.tokenVersion !== subject.version) return 'revoked';
    return {
      kind: 'staff',
      accountId: account.id,
      name: account.username,
      roles: [...account.roles],
      token: { id: subject.tokenId, expiresAt: subject.expiresAt },
    };
  }
  const row = await em.findOne(ServiceToken, subject.tokenId, { disableIdentityMap: true });
  if (!row || row.revokedAt || row.kind !== subject.kind) return 'revoked';
  return subject.kind === 'bot'
    ? { kind: 'bot', name: row.name, telegramUserId }
    : {
        kind: 'service',
        name: row.name,
        roles: [...row.roles],
        token: { id: row.id, expiresAt: subject.expiresAt },
      };
}
