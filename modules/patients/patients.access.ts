import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../shared/roles.ts';
import { TelegramAccount } from './entities/patient.entity.ts';
import { patientErrors } from './patients.errors.ts';

/** The Telegram user a bot call acts for; every bot procedure works on this user's data only. */
export function actingTelegramUser(caller: Caller): number {
  if (caller.kind !== 'bot' || caller.telegramUserId === null) throw patientErrors('telegram_user_required');
  return caller.telegramUserId;
}

/** The registered patient behind the acting Telegram user. */
export async function actingPatient(em: EntityManager, caller: Caller) {
  const telegramUserId = actingTelegramUser(caller);
  const account = await em.findOne(TelegramAccount, telegramUserId, { populate: ['patient'] });
  if (!account?.patient) throw patientErrors('not_registered');
  return { account, patient: account.patient };
}

/** Records who did what to whose data, and through what (the audit module's writer). */
export { audit, auditReads } from '../audit/index.ts';
