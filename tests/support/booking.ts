import type { SandboxUser } from './sandbox-user.ts';

/**
 * What a patient sees and taps on the way from the main menu to the Almaty therapist, in each
 * language: the booking flows start there, so their texts are written once.
 */
const THERAPY_WALK = {
  ru: {
    menu: /Главное меню/,
    book: '📅 Записаться',
    branch: /Выберите филиал/,
    category: /Выберите направление/,
    service: /Выберите услугу/,
    therapist: /^Первичный приём терапевта —/,
  },
  kk: {
    menu: /Басты мәзір/,
    book: '📅 Жазылу',
    branch: /Филиалды таңдаңыз/,
    category: /Бағытты таңдаңыз/,
    service: /Қызметті таңдаңыз/,
    therapist: /^Терапевттің алғашқы қабылдауы —/,
  },
} as const;

/**
 * From the main menu (/menu) to the tap on the therapist's first visit in the Almaty branch of the
 * demo clinic, checking each step's question in the patient's language. What that tap brings (the
 * doctors, or a limit that stops the patient) is the test's to expect.
 */
export async function tapTherapyService(p: SandboxUser, language: 'ru' | 'kk'): Promise<void> {
  const walk = THERAPY_WALK[language];
  await p.send('/menu');
  await p.expectMessage(walk.menu);
  await p.tap(walk.book);
  await p.expectMessage(walk.branch);
  await p.tap(/Алматы/);
  await p.expectEdit(walk.category);
  await p.tap('Терапия');
  await p.expectEdit(walk.service);
  await p.tap(walk.therapist);
}
