import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecipientDirectory } from '../notifications/index.ts';
import { FamilyLink, TelegramAccount } from './entities/patient.entity.ts';
import { displayName } from './patients.views.ts';

/**
 * Who hears about a patient in Telegram: the patient's own account, and the account of each
 * active guardian (told whose visit it is). The delivery queue asks at send time, so a
 * guardianship that ended meanwhile stops the message.
 */
export const patientRecipients: RecipientDirectory = {
  async ofPatient(em, patientId) {
    const own = await em.findOne(TelegramAccount, { patient: patientId });
    const links = await em.find(
      FamilyLink,
      { dependant: patientId, status: 'active' },
      { populate: ['dependant'], orderBy: { id: 'asc' } },
    );
    const guardians = links.length
      ? await em.find(TelegramAccount, { patient: { $in: links.map((l) => l.guardian.id) } })
      : [];
    const name = links[0] ? displayName(links[0].dependant) : null;
    const seen = new Set<number>();
    const result: { telegramUserId: number; onBehalfOf: string | null }[] = [];
    for (const [account, onBehalfOf] of [
      ...(own ? [[own, null] as const] : []),
      ...guardians.map((g) => [g, name] as const),
    ]) {
      if (seen.has(account.telegramUserId)) continue;
      seen.add(account.telegramUserId);
      result.push({ telegramUserId: account.telegramUserId, onBehalfOf });
    }
    return result;
  },

  async account(em, telegramUserId) {
    const account = await em.findOne(TelegramAccount, telegramUserId);
    return account
      ? {
          language: account.language ?? 'ru',
          blocked: account.blockedAt !== null && account.blockedAt !== undefined,
        }
      : null;
  },

  async mayHear(em: EntityManager, telegramUserId, patientId) {
    const account = await em.findOne(TelegramAccount, telegramUserId);
    const own = account?.patient?.id;
    if (own === undefined) return false;
    if (own === patientId) return true;
    return (await em.count(FamilyLink, { guardian: own, dependant: patientId, status: 'active' })) > 0;
  },

  async markBlocked(em, telegramUserId, at) {
    await em.nativeUpdate(TelegramAccount, { telegramUserId, blockedAt: null }, { blockedAt: at });
  },
};
