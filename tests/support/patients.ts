import type { App } from '../../server/app.ts';
import { makeIin } from './iin.ts';

let serial = 0;

/**
 * Registers a patient through the API as the bot would, for tests about what comes after
 * registration (the registration flow itself is tested through the sandbox).
 */
export async function registerPatient(
  app: App,
  telegramUserId: number,
  options: { language?: 'ru' | 'kk'; firstName?: string; birthDate?: string; sex?: 'male' | 'female' } = {},
) {
  const api = app.caller({ kind: 'bot', name: 'bot', telegramUserId }).patients;
  const { consentVersion } = await api.registration.state();
  await api.registration.chooseLanguage({ language: options.language ?? 'ru' });
  await api.registration.answerConsents({ version: consentVersion, accepted: true });
  await api.registration.answerMarketing({ optIn: false });
  await api.registration.setPhone({
    phone: `+7701${String((process.pid * 1000 + ++serial) % 10_000_000).padStart(7, '0')}`,
  });
  await api.registration.setNamePart({ part: 'last', value: 'Сейтқали' });
  await api.registration.setNamePart({ part: 'first', value: options.firstName ?? 'Айгерім' });
  await api.registration.setNamePart({ part: 'middle', value: null });
  await api.registration.setIin({ iin: makeIin(options.birthDate ?? '1988-02-14', options.sex ?? 'female') });
  return api.registration.complete();
}
