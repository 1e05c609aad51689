import type { TestApp } from './app.ts';
import type { SandboxUser } from './sandbox-user.ts';

/** What registration says and shows, in each language (tests find messages and buttons by it). */
export const REGISTRATION_TEXT = {
  ru: {
    consent: /Согласие на обработку данных/,
    agree: '✅ Согласен(на)',
    marketing: /Хотите получать новости/,
    noThanks: 'Нет, спасибо',
    phone: /Поделитесь номером телефона/,
    lastName: /Напишите вашу фамилию/,
    firstName: /Напишите ваше имя/,
    middle: /Напишите отчество/,
    skip: 'Пропустить',
    iin: /Напишите ваш ИИН/,
    summary: /Проверьте данные/,
    confirm: '✅ Всё верно',
    verify: /Подтвердите, что это вы/,
    done: /Регистрация завершена/,
  },
  kk: {
    consent: /Деректерді өңдеуге келісім/,
    agree: '✅ Келісемін',
    marketing: /жаңалықтарын, акцияларды/,
    noThanks: 'Жоқ, рақмет',
    phone: /телефон нөміріңізбен бөлісіңіз/,
    lastName: /Тегіңізді жазыңыз/,
    firstName: /Атыңызды жазыңыз/,
    middle: /Әкеңіздің атын \(бар болса\) жазыңыз/,
    skip: 'Өткізіп жіберу',
    iin: /ЖСН-іңізді жазыңыз/,
    summary: /Деректерді тексеріңіз/,
    confirm: '✅ Бәрі дұрыс',
    verify: /Бұл сіз екеніңізді растаңыз/,
    done: /Тіркеу аяқталды/,
  },
};

/** Registration clicked through the sandbox, step by step, for the tests of the app `app()` gives. */
export function registrationSteps(app: () => TestApp) {
  /** Language → consents → marketing → phone → name, up to the IIN question. */
  async function upToIin(patient: SandboxUser, language: 'ru' | 'kk', names = ['Сейтқали', 'Айгерім']) {
    const l = REGISTRATION_TEXT[language];
    await patient.send('/start');
    await patient.expectMessage(/Выберите язык|Тілді таңдаңыз/);
    await patient.tap(new RegExp(language === 'ru' ? 'Русский' : 'Қазақша'));
    await patient.expectMessage(l.consent);
    await patient.tap(l.agree);
    await patient.expectMessage(l.marketing);
    await patient.tap(l.noThanks);
    await patient.expectMessage(l.phone);
    await patient.shareContact();
    await patient.expectMessage(l.lastName);
    await patient.send(names[0]!);
    await patient.expectMessage(l.firstName);
    await patient.send(names[1]!);
    await patient.expectMessage(l.middle);
    await patient.tap(l.skip);
    await patient.expectMessage(l.iin);
  }

  /** The code step: the code the SMS stand-in delivered to the patient's phone, typed in the chat. */
  async function proveWithCode(patient: SandboxUser, language: 'ru' | 'kk') {
    await patient.expectMessage(REGISTRATION_TEXT[language].verify);
    const { code } = await app().sandbox.codeSentTo(patient.phone);
    await patient.send(code);
    await patient.expectMessage(REGISTRATION_TEXT[language].done);
  }

  async function registerThrough(patient: SandboxUser, language: 'ru' | 'kk', iin: string) {
    await upToIin(patient, language);
    await patient.send(iin);
    await patient.expectMessage(REGISTRATION_TEXT[language].summary);
    await patient.tap(REGISTRATION_TEXT[language].confirm);
    await proveWithCode(patient, language);
  }

  return { upToIin, proveWithCode, registerThrough };
}
