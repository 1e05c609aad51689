import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makeIin } from '../support/iin.ts';
import { registerPatient } from '../support/patients.ts';
import type { SandboxUser } from '../support/sandbox-user.ts';

/** Profile and family, through the sandbox. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
});
afterAll(() => t.stop());

/** A patient registered through the API (the flow itself is tested elsewhere). */
async function registered(
  language: 'ru' | 'kk',
  firstName = 'Айгерім',
  phone_number?: string,
): Promise<SandboxUser> {
  const user = await t.sandbox.user({ first_name: firstName, language_code: language, phone_number });
  await registerPatient(t.app, user.id, { language, firstName });
  return user;
}

describe('profile', () => {
  it('shows the profile with a masked IIN and changes the phone by sharing a contact', async () => {
    // Registered with another number; Telegram knows this one.
    const patient = await registered('ru', 'Анна', '+77479990011');
    await patient.send('/profile');
    const card = await patient.expectMessage(/Ваш профиль/);
    expect(card.text).toMatch(/ИИН: ••••••••\d{4}/);
    expect(card.text).toContain('Дата рождения: 14.02.1988');
    expect(card.text).toContain('Язык: Русский');
    await patient.tap('📱 Сменить телефон');
    await patient.expectMessage(/Поделитесь новым номером/);
    await patient.shareContact('+77479990011', { user_id: patient.id + 7 });
    await patient.expectMessage(/Это чужой контакт/);
    await patient.tap('📱 Поделиться номером');
    await patient.expectMessage(/Номер телефона изменён: \+7 747 999 00 11/);
    await patient.send('/profile');
    expect((await patient.expectMessage(/Ваш профиль/)).text).toContain('+7 747 999 00 11');
  });

  it('gives and withdraws marketing consent, recorded in the ledger', async () => {
    const patient = await registered('kk');
    await patient.send('/profile');
    await patient.expectMessage(/Сіздің профиліңіз/);
    const on = await patient.tap('🔔 Жаңалықтарды алу');
    expect(on.kind === 'callback' && on.answer?.text).toBe('Дайын: жаңалықтар мен акцияларды жібереміз.');
    const edited = await patient.expectEdit(/Жаңалықтар мен акциялар: [\d.]+ берілді/);
    expect(edited.buttons?.flat().map((b) => b.text)).toContain('🔕 Жаңалықтардан бас тарту');
    await patient.tap('🔕 Жаңалықтардан бас тарту');
    await patient.expectEdit(/Жаңалықтар мен акциялар: [\d.]+ кері қайтарып алынды/);
    const ledger = (await t.app.orm.em.getConnection().execute(
      `select c.granted from patients_consent_record c
         join patients_telegram_account a on a.patient_id = c.patient_id
         where a.telegram_user_id = ? and c.purpose = 'marketing' order by c.id`,
      [patient.id],
    )) as { granted: boolean }[];
    expect(ledger.map((r) => r.granted)).toEqual([true, false]);
  });

  it('deletes my data after confirmation, and a new /start begins a new registration', async () => {
    const patient = await registered('ru', 'Ольга');
    await patient.send('/profile');
    await patient.expectMessage(/Ваш профиль/);
    await patient.tap('🗑 Удалить мои данные');
    await patient.expectMessage(/Удалить ваши данные\?/);
    await patient.tap('Нет, оставить');
    await patient.expectMessage(/ничего не удаляем/);
    await patient.send('/profile');
    await patient.expectMessage(/Ваш профиль/);
    await patient.tap('🗑 Удалить мои данные');
    // Before she decides: her documents are medical records the clinic keeps.
    await patient.expectMessage(/Документы, которые выдала клиника .* остаются в клинике/s);
    await patient.tap('Да, удалить');
    await patient.expectMessage(/Ваши данные удалены.*Документы клиники сохранены как медицинские записи/s);
    const rows = (await t.app.orm.em.getConnection().execute(
      `select p.phone_cipher as phone, p.erased_at, (select count(*)::int from patients_telegram_account a where a.telegram_user_id = ?) as accounts,
                (select count(*)::int from bot_state where key like ?) as states
         from patients_patient p where p.first_name = 'Ольга'`,
      [patient.id, `%:${patient.id}`],
    )) as { phone: string | null; erased_at: string | null; accounts: number; states: number }[];
    expect(rows).toEqual([
      { phone: null, erased_at: expect.stringMatching(/^\d{4}-/), accounts: 0, states: 0 },
    ]);
    await patient.send('/start');
    await patient.expectMessage(/Выберите язык/);
  });
});

describe('family', () => {
  it('adds a child through the form, lists, and removes them', async () => {
    const parent = await registered('kk', 'Гүлнар');
    await parent.send('/menu');
    await parent.expectMessage(/Басты мәзір/);
    await parent.tap('👨‍👩‍👧 Отбасы');
    await parent.expectMessage(/Әзірге ешкімді қоспағансыз/);
    await parent.tap('➕ Қосу');
    await parent.expectMessage(/Кімді қосасыз/);
    await parent.tap('бала');
    await parent.expectMessage(/ЖСН-ін жазыңыз/);
    await parent.send('123');
    await parent.expectMessage(/ЖСН — әріпсіз 12 цифр/);
    await parent.send(makeIin('2018-10-01', 'male'));
    await parent.expectMessage(/тегін жазыңыз/);
    await parent.send('R2D2');
    await parent.expectMessage(/Тек әріптермен жазыңыз/);
    await parent.send('сейтқали');
    await parent.expectMessage(/Атын жазыңыз/);
    await parent.send('нұрлан');
    await parent.expectMessage(/Әкесінің атын/);
    await parent.tap('Өткізіп жіберу');
    await parent.expectMessage(/Сейтқали Нұрлан отбасыңызға қосылды/);
    const list = await parent.expectMessage(/Сіздің отбасыңыз/);
    expect(list.text).toMatch(/Сейтқали Нұрлан — бала, 01\.10\.2018, ЖСН ••••••••\d{4}/);

    await parent.tap('✖ Нұрлан');
    await parent.expectMessage(/Нұрлан отбасы тізімінен алып тасталсын ба/);
    await parent.tap('Иә, алып тастау');
    await parent.expectMessage(/Нұрлан енді тізімде жоқ/);
    await parent.expectMessage(/Әзірге ешкімді қоспағансыз/);
  });

  it('leaves the form on /cancel and on a menu button', async () => {
    const parent = await registered('ru', 'Мария');
    await parent.send('/family');
    await parent.expectMessage(/Ваша семья/);
    await parent.tap('➕ Добавить');
    await parent.expectMessage(/Кого вы добавляете/);
    await parent.tap('ребёнок');
    await parent.expectMessage(/Напишите ИИН этого человека/);
    await parent.send('/cancel');
    await parent.expectMessage(/Действие отменено/);
    // The form is gone: an IIN now is just unknown input.
    await parent.send(makeIin('2019-01-01', 'female'));
    await parent.expectMessage(/Я не понял это сообщение/);

    await parent.send('/family');
    await parent.expectMessage(/Ваша семья/);
    await parent.tap('➕ Добавить');
    await parent.expectMessage(/Кого вы добавляете/);
    await parent.send('👤 Профиль');
    await parent.expectMessage(/Ваш профиль/);
  });
});
