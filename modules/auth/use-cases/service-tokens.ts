import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../../shared/clock.ts';
import type { StaffRole } from '../../../shared/roles.ts';
import type { TokenService } from '../../../shared/tokens.ts';
import { authErrors } from '../auth.errors.ts';
import { ServiceToken } from '../entities/service-token.entity.ts';

export interface ServiceTokenView {
  id: string;
  name: string;
  kind: 'service' | 'bot';
  roles: StaffRole[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const view = (t: ServiceToken): ServiceTokenView => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  roles: [...t.roles],
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt ?? null,
});

type TokensCtx = { em: EntityManager; clock: Clock; tokens: TokenService };

/**
 * A long-lived token for an internal tool (one staff role) or for the bot. It is registered
 * before it is handed out, so it can be listed and revoked; the token itself is shown once.
 */
export async function issueServiceToken(
  ctx: TokensCtx,
  input: { name: string; role: StaffRole | 'bot'; days: number; createdBy: string },
): Promise<{ token: string; info: ServiceTokenView }> {
  const now = ctx.clock.now();
  const row = ctx.em.create(ServiceToken, {
    id: crypto.randomUUID(),
    name: input.name,
    kind: input.role === 'bot' ? 'bot' : 'service',
    roles: input.role === 'bot' ? [] : [input.role],
    createdBy: input.createdBy,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.days * 86_400_000),
  });
  await ctx.em.persist(row).flush();
  const ttl = input.days * 86_400;
  const token = await ctx.tokens.sign(
    row.kind === 'bot'
      ? { kind: 'bot', tokenId: row.id, name: row.name }
      : { kind: 'service', tokenId: row.id, name: row.name, roles: [...row.roles] },
    ttl,
  );
  return { token, info: view(row) };
}

export async function listServiceTokens(ctx: { em: EntityManager }): Promise<ServiceTokenView[]> {
  const rows = await ctx.em.findAll(ServiceToken, { orderBy: { createdAt: 'desc' } });
  return rows.map(view);
}

/** Takes a token back: the next request that carries it is refused. */
export async function revokeServiceToken(
  ctx: { em: EntityManager; clock: Clock },
  input: { id: string; revokedBy: string },
): Promise<ServiceTokenView> {
  const row = await ctx.em.findOne(ServiceToken, input.id);
  if (!row) throw authErrors('token_not_found', { id: input.id });
  if (!row.revokedAt) {
    row.revokedAt = ctx.clock.now();
    row.revokedBy = input.revokedBy;
    await ctx.em.persist(row).flush();
  }
  return view(row);
}
