import type { App } from '../../server/app.ts';
import type { TestApp } from './app.ts';
import { makeIin } from './iin.ts';
import type { SandboxUser } from './sandbox-user.ts';

let serial = 0;

/** The newest one-time code the app's sandbox SMS stand-in delivered to a phone (waits up to 10 s). */
export async function codeFromSandbox(app: App, phone: string): Promise<string> {
  if (!app.sandbox) throw new Error('this app has no Telegram sandbox (and so no SMS stand-in)');
  const response = await app.sandbox.handle(
    new Request(`http://127.0.0.1/sandbox/api/sms?phone=${encodeURIComponent(phone)}&wait=10`),
  );
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  const code = messages.at(-1)?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code reached ${phone}`);
  return code;
}

/**
 * Registers a patient through the API as the bot would (the phone proven with the code the SMS
 * stand-in delivered), for tests about what comes after registration (the registration flow
 * itself is tested through the sandbox).
 */
export async function registerPatient(
  app: App,
  telegramUserId: number,
  options: {
    language?: 'ru' | 'kk';
    firstName?: string;
    lastName?: string;
    birthDate?: string;
    sex?: 'male' | 'female';
    iin?: string;
    /** Their answer to the marketing consent (no by default). */
    marketing?: boolean;
  } = {},
) {
  const api = app.caller({ kind: 'bot', name: 'bot', telegramUserId }).patients;
  const { consentVersion } = await api.registration.state();
  const phone = `+7702${String((process.pid * 1000 + ++serial) % 10_000_000).padStart(7, '0')}`;
  await api.registration.chooseLanguage({ language: options.language ?? 'ru' });
  await api.registration.answerConsents({ version: consentVersion, accepted: true });
  await api.registration.answerMarketing({ optIn: options.marketing ?? false });
  await api.registration.setPhone({ phone });
  await api.registration.setNamePart({ part: 'last', value: options.lastName ?? 'Сейтқали' });
  await api.registration.setNamePart({ part: 'first', value: options.firstName ?? 'Айгерім' });
  await api.registration.setNamePart({ part: 'middle', value: null });
  await api.registration.setIin({
    iin: options.iin ?? makeIin(options.birthDate ?? '1988-02-14', options.sex ?? 'female'),
  });
  await api.registration.complete();
  await api.registration.enterCode({ code: await codeFromSandbox(app, phone) });
  return api.profile.get();
}

/**
 * A simulated Telegram user registered through the API, who has written to the bot once (a bot
 * may write only to people who wrote to it, as in Telegram): ready for reminders and notices.
 */
export async function patientInChat(
  t: TestApp,
  language: 'ru' | 'kk',
  firstName: string,
  options: { birthDate?: string; marketing?: boolean; sex?: 'male' | 'female' } = {},
): Promise<SandboxUser> {
  const user = await t.sandbox.user({ first_name: firstName, language_code: language });
  await registerPatient(t.app, user.id, { language, firstName, ...options });
  await user.send('/menu');
  await user.expectMessage(language === 'ru' ? /Главное меню/ : /Басты мәзір/);
  return user;
}
