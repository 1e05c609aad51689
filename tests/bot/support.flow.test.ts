import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcToZoned } from '../../shared/zoned-time.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { demoTherapy, slotAfter } from '../support/demo.ts';
import { forgeButton } from '../support/forged-button.ts';
import { patientInChat } from '../support/patients.ts';
import type { ChatMessage, SandboxUser } from '../support/sandbox-user.ts';

/**
 * Support on the patient's side, through the sandbox: Help (FAQ by topic, contacts), a typed
 * question searched in the FAQ, a request to a person (text, photo), the clinic's answer in the
 * chat, closing and rating, outside hours, "I was not at this visit", a low NPS, and forged ids.
 * Operators' hours are the defaults (Mon–Sat 09:00–20:00, Almaty); the clock is moved to a known
 * Monday morning first, then to a Sunday for the after-hours case.
 */
let t: TestApp;
let therapy: { branchId: number; serviceId: number; doctorId: number };
const MINUTE = 60_000;
const ids: Record<string, number> = {};

const operator = () => t.app.caller({ kind: 'service', name: 'op', roles: ['operator'] }).support.staff;
const asBot = (user: SandboxUser) => t.app.caller({ kind: 'bot', name: 'bot', telegramUserId: user.id });
const labels = (m: ChatMessage) => m.buttons?.flat().map((b) => b.text) ?? [];

// The smallest PNG there is (1×1).
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** Moves the app clock forward to the next given ISO weekday (1 = Monday) at this hour, Almaty time. */
async function advanceToAlmaty(weekday: number, hour: number) {
  const now = t.clock.now().getTime();
  const local = utcToZoned(now, 'Asia/Almaty');
  let ahead = (weekday - local.weekday + 7) % 7;
  if (ahead === 0 && local.minutes >= hour * 60) ahead = 7;
  const [y, m, d] = local.date.split('-').map(Number) as [number, number, number];
  const target = Date.UTC(y, m - 1, d + ahead, hour - 5, 0);
  await t.sandbox.advanceClock(Math.ceil((target - now) / MINUTE));
}

const TEXT = {
  ru: {
    help: '❓ Помощь',
    intro: /Я бот клиники Emhana[\s\S]*Помощь\. Выберите тему/,
    docs: 'Справки и документы',
    booking: 'Запись',
    contacts: '📞 Контакты клиники',
    talk: '💬 Связаться с сотрудником',
    back: '← Назад',
    pick: /Выберите вопрос/,
    question: 'Как получить медицинскую справку?',
    answer: /Справку 075\/у выдаёт терапевт после осмотра/,
    typed: 'как получить справку',
    typo: 'справку как палучить',
    found: /Вот что я нашёл в справке/,
    notFound: /не нашёл ответа в справке/,
    ask: /Напишите ваш вопрос одним сообщением/,
    opened: /Обращение № (\d+) принято/,
    reply: (n: number) => new RegExp(`💬 Ответ клиники по обращению № ${n}:\\nПодойдите в регистратуру`),
    added: (n: number) => new RegExp(`Добавлено в обращение № ${n}`),
    close: '✅ Закрыть обращение',
    closed: (n: number) => new RegExp(`Обращение № ${n} закрыто\\.\\nОцените`),
    thanks: /Спасибо за оценку/,
    already: 'Вы уже оценили этот ответ. Спасибо!',
    alreadyClosed: (n: number) => `Обращение № ${n} уже закрыто.`,
    saysThanks: ['Спасибо большое!', 'спс', 'Благодарю 🙏'],
    thanksQuestion: 'Спасибо, а результат тоже здесь придёт?',
    welcome: (n: number) =>
      new RegExp(`^Пожалуйста! Рады помочь 😊\\nЕсли вопрос решён, закройте обращение № ${n}`),
    welcomeNoRequest: /^Пожалуйста! Рады помочь 😊\nЕсли появятся вопросы/,
    afterHours: /Сейчас нерабочее время: сотрудник ответит с пн, \d{1,2} [а-я]+, 09:00\./,
    hours: /пн–пт 08:00–20:00, сб 09:00–15:00, вс выходной/,
  },
  kk: {
    help: '❓ Көмек',
    intro: /Мен Emhana клиникасының ботымын[\s\S]*Көмек\. Тақырыпты таңдаңыз/,
    docs: 'Анықтамалар мен құжаттар',
    booking: 'Жазылу',
    contacts: '📞 Клиника байланыстары',
    talk: '💬 Қызметкермен байланысу',
    back: '← Артқа',
    pick: /Сұрақты таңдаңыз/,
    question: 'Медициналық анықтаманы қалай алуға болады?',
    answer: /075\/у анықтамасын терапевт тексеруден кейін береді/,
    typed: 'анықтаманы қалай алуға болады',
    typo: 'анықтаманы калай алам',
    found: /Анықтамадан мынаны таптым/,
    notFound: /анықтамадан да жауап таппадым/,
    ask: /Сұрағыңызды бір хабарламамен жазыңыз/,
    opened: /№ (\d+) өтініш қабылданды/,
    reply: (n: number) =>
      new RegExp(`💬 № ${n} өтініш бойынша клиниканың жауабы:\\nПодойдите в регистратуру`),
    added: (n: number) => new RegExp(`№ ${n} өтінішке қосылды`),
    close: '✅ Өтінішті жабу',
    closed: (n: number) => new RegExp(`№ ${n} өтініш жабылды\\.\\nЖауапты`),
    thanks: /Бағаңызға рақмет/,
    already: 'Сіз бұл жауапты бағалап қойдыңыз. Рақмет!',
    alreadyClosed: (n: number) => `№ ${n} өтініш жабылып қойған.`,
    saysThanks: ['рақмет', 'Көп рахмет!', 'Рахмет сізге 🙏'],
    thanksQuestion: 'Рақмет, нәтиже де осында келе ме?',
    welcome: (n: number) =>
      new RegExp(`^Оқасы жоқ! Көмектескенімізге қуаныштымыз 😊\\nСұрағыңыз шешілсе, № ${n} өтінішті жабыңыз`),
    welcomeNoRequest: /^Оқасы жоқ! Көмектескенімізге қуаныштымыз 😊\nСұрақтарыңыз болса/,
    afterHours: /Қазір жұмыс уақыты емес: қызметкер \d{1,2} [а-яәғқңөұүһі]+, дс, 09:00 бастап жауап береді\./,
    hours: /дс–жм 08:00–20:00, сб 09:00–15:00, жс демалыс/,
  },
} as const;

beforeAll(async () => {
  t = await startTestApp({}, { bot: true });
  therapy = await demoTherapy(t);
  const editor = t.app.caller({ kind: 'service', name: 'editor', roles: ['operator'] }).support.staff.faq;
  const docs = await editor.createCategory({
    name: { ru: 'Справки и документы', kk: 'Анықтамалар мен құжаттар' },
    sortOrder: 1,
  });
  const booking = await editor.createCategory({ name: { ru: 'Запись', kk: 'Жазылу' }, sortOrder: 2 });
  const certificate = await editor.createEntry({
    categoryId: docs.id,
    question: { ru: 'Как получить медицинскую справку?', kk: 'Медициналық анықтаманы қалай алуға болады?' },
    answer: {
      ru: 'Справку 075/у выдаёт терапевт после осмотра. Запишитесь к терапевту в боте.',
      kk: '075/у анықтамасын терапевт тексеруден кейін береді. Ботта терапевтке жазылыңыз.',
    },
    sortOrder: 1,
    published: true,
  });
  ids.certificate = certificate.id;
  await editor.createEntry({
    categoryId: docs.id,
    question: { ru: 'Как получить результаты анализов?', kk: 'Талдау нәтижелерін қалай алуға болады?' },
    answer: {
      ru: 'Результаты приходят в бот в раздел «Документы».',
      kk: 'Нәтижелер боттағы «Құжаттар» бөліміне келеді.',
    },
    sortOrder: 2,
    published: true,
  });
  await editor.createEntry({
    categoryId: docs.id,
    question: { ru: 'Черновик: справка для бассейна', kk: 'Жоба: бассейнге анықтама' },
    answer: { ru: 'Не опубликовано.', kk: 'Жарияланбаған.' },
    published: false,
  });
  await editor.createEntry({
    categoryId: booking.id,
    question: { ru: 'Как отменить запись к врачу?', kk: 'Дәрігерге жазылудан қалай бас тартуға болады?' },
    answer: {
      ru: 'Откройте «Мои записи», выберите визит и нажмите «Отменить».',
      kk: '«Менің жазылуларым» бөлімін ашып, қабылдауды таңдап, «Бас тарту» батырмасын басыңыз.',
    },
    published: true,
  });
  // Monday 10:00 in Almaty: operators are at work.
  await advanceToAlmaty(1, 10);
});
afterAll(() => t.stop());

describe.each(['ru', 'kk'] as const)('support in %s', (language) => {
  const x = TEXT[language];

  it('browses the FAQ by topic, opens an answer, goes back, and shows the clinic’s contacts', async () => {
    const p = await patientInChat(t, language, 'Айгерім');
    await p.tap(x.help);
    const help = await p.expectMessage(x.intro);
    expect(labels(help)).toEqual([x.docs, x.booking, x.contacts, x.talk]);
    await p.tap(x.docs);
    const topic = await p.expectEdit(x.pick);
    // Only published entries, in their order; then the way back and a person.
    expect(labels(topic)).toEqual([
      x.question,
      language === 'ru' ? 'Как получить результаты анализов?' : 'Талдау нәтижелерін қалай алуға болады?',
      x.back,
      x.talk,
    ]);
    await p.tap(x.question);
    const answer = await p.expectEdit(x.answer);
    expect(labels(answer)).toEqual([x.back, x.talk]);
    await p.tap(x.back);
    await p.expectEdit(x.pick);
    await p.tap(x.back);
    await p.expectEdit(x.intro);
    await p.tap(x.contacts);
    const contacts = await p.expectEdit(/📞 \+7/);
    const branch = (await t.client().clinic.branches.list.query())[0]!;
    expect(contacts.text).toContain(branch.name[language]);
    expect(contacts.text).toContain(branch.address[language]);
    expect(contacts.text).toMatch(x.hours);
    // /help draws the same screen.
    await p.send('/help');
    expect(labels(await p.expectMessage(x.intro))).toContain(x.contacts);
  });

  it('answers a typed question, with a typo too, from the FAQ; no match offers a person', async () => {
    const p = await patientInChat(t, language, 'Ерлан');
    for (const typed of [x.typed, x.typo]) {
      await p.send(typed);
      const found = await p.expectMessage(x.found);
      expect(labels(found)[0]).toBe(x.question);
      expect(labels(found).at(-1)).toBe(x.talk);
    }
    await p.tap(x.question);
    await p.expectEdit(x.answer);
    await p.send('Какая погода в Астане завтра');
    const none = await p.expectMessage(x.notFound);
    expect(labels(none)).toEqual([x.talk, x.help]);
    await p.tap(x.help);
    await p.expectEdit(x.intro);
  });

  it('opens a request, gets the clinic’s answer here, writes more (a photo too), closes it and rates once', async () => {
    const p = await patientInChat(t, language, 'Динара');
    await p.send('Где оставить анализ мочи утром');
    await p.expectMessage(x.notFound);
    await p.tap(x.talk);
    await p.expectMessage(x.ask);
    await p.send('Можно ли сдать анализы без записи?');
    const opened = await p.expectMessage(x.opened);
    const number = Number(x.opened.exec(opened.text ?? '')![1]);
    // In working hours: no "when to expect" line.
    expect(opened.text).not.toMatch(x.afterHours);
    expect(labels(opened)).toEqual([x.close]);

    await operator().reply({
      ticketId: number,
      text: 'Подойдите в регистратуру с 8 до 10.',
      idempotencyKey: `reply-1-${language}`,
    });
    await p.expectMessage(x.reply(number));
    await p.send('Спасибо! А натощак?');
    await p.expectMessage(x.added(number));
    await p.sendPhoto(PNG, { caption: 'Вот направление' });
    await p.expectMessage(x.added(number));

    const { messages } = await operator().get({ ticketId: number });
    expect(messages.map((m) => [m.author, m.text, m.media?.type ?? null])).toEqual([
      ['patient', 'Можно ли сдать анализы без записи?', null],
      ['operator', 'Подойдите в регистратуру с 8 до 10.', null],
      ['patient', 'Спасибо! А натощак?', null],
      ['patient', 'Вот направление', 'photo'],
    ]);
    expect(messages.at(-1)?.media?.fileId).toBeTruthy();

    await p.tap(x.close);
    const rate = await p.expectMessage(x.closed(number));
    expect(labels(rate)).toEqual(['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐']);
    await p.tap('⭐⭐⭐⭐');
    await p.expectMessage(x.thanks);
    // A second rating (an old button, a second device) is refused and changes nothing.
    await forgeButton(t, p, '⭐', `h:r:${number}:1`);
    const again = await p.tap('⭐');
    expect(again.kind === 'callback' && again.answer?.text).toBe(x.already);
    expect((await operator().get({ ticketId: number })).ticket).toMatchObject({
      status: 'closed',
      rating: 4,
    });

    // Closed: a text is searched in the FAQ again, not added to the request.
    await p.send(x.typed);
    await p.expectMessage(x.found);
  });

  it('an old "close" button, or one pressed twice, answers the tap and sends nothing again', async () => {
    const p = await patientInChat(t, language, 'Сәуле');
    await p.tap(x.help);
    await p.expectMessage(x.intro);
    await p.tap(x.talk);
    await p.expectMessage(x.ask);
    await p.send('Можно ли прийти без паспорта?');
    const opened = await p.expectMessage(x.opened);
    const number = Number(x.opened.exec(opened.text ?? '')![1]);
    await p.send('И с ребёнком можно?');
    await p.expectMessage(x.added(number));
    await p.tap(x.close);
    await p.expectMessage(x.closed(number));
    // The first message's button is still in the chat: a tap is answered, nothing is sent again.
    const again = await p.tap(x.close);
    expect(again.kind === 'callback' && again.answer?.text).toBe(x.alreadyClosed(number));
    await p.expectNoMessage();
    expect(p.botMessages.filter((m) => x.closed(number).test(m.text ?? ''))).toHaveLength(1);
    // Its button is gone, as the other one's.
    expect(p.botMessages.flatMap(labels)).not.toContain(x.close);
  });

  it('understands thanks after an answer: a short reply and a way to close; a question with thanks in it still goes to the clinic', async () => {
    const p = await patientInChat(t, language, 'Мейрам');
    await p.tap(x.help);
    await p.expectMessage(x.intro);
    await p.tap(x.talk);
    await p.expectMessage(x.ask);
    await p.send('Когда будут готовы анализы?');
    const opened = await p.expectMessage(x.opened);
    const number = Number(x.opened.exec(opened.text ?? '')![1]);
    await operator().reply({
      ticketId: number,
      text: 'Подойдите в регистратуру завтра.',
      idempotencyKey: `thanks-${language}`,
    });
    await p.expectMessage(x.reply(number));

    for (const thanks of x.saysThanks) {
      await p.send(thanks);
      const welcome = await p.expectMessage(x.welcome(number));
      expect(labels(welcome)).toEqual([x.close]);
    }
    // The clinic sees the thanks, but it is still the patient's turn: nobody is asked to answer it.
    const seen = await operator().get({ ticketId: number });
    expect(seen.messages.map((m) => m.text).slice(-3)).toEqual(x.saysThanks);
    expect(seen.ticket.status).toBe('waiting_patient');

    await p.send(x.thanksQuestion);
    await p.expectMessage(x.added(number));
    expect((await operator().get({ ticketId: number })).ticket.status).toBe('open');

    await p.tap(x.close);
    await p.expectMessage(x.closed(number));
    // Thanks with no request open: a "you're welcome", not "I did not understand".
    await p.send(x.saysThanks[0]);
    await p.expectMessage(x.welcomeNoRequest);
  });

  it('opens a request with a photo and its caption', async () => {
    const p = await patientInChat(t, language, 'Асель');
    await p.tap(x.help);
    await p.expectMessage(x.intro);
    await p.tap(x.talk);
    await p.expectMessage(x.ask);
    await p.sendPhoto(PNG, { caption: 'Сыпь на руке, что делать?' });
    const opened = await p.expectMessage(x.opened);
    const number = Number(x.opened.exec(opened.text ?? '')![1]);
    const { messages } = await operator().get({ ticketId: number });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ author: 'patient', text: 'Сыпь на руке, что делать?' });
    expect(messages[0]!.media).toMatchObject({ type: 'photo' });
  });
});

describe('ownership', () => {
  it('a forged close or rating of another patient’s request changes nothing', async () => {
    const owner = await patientInChat(t, 'ru', 'Гульнар');
    const stranger = await patientInChat(t, 'ru', 'Чужой');
    await owner.tap(TEXT.ru.help);
    await owner.expectMessage(TEXT.ru.intro);
    await owner.tap(TEXT.ru.talk);
    await owner.expectMessage(TEXT.ru.ask);
    await owner.send('Где мой результат МРТ?');
    const opened = await owner.expectMessage(TEXT.ru.opened);
    const number = Number(TEXT.ru.opened.exec(opened.text ?? '')![1]);

    await forgeButton(t, stranger, 'Закрыть', `h:x:${number}`);
    const close = await stranger.tap('Закрыть');
    expect(close.kind === 'callback' && close.answer?.text).toBe('Обращение не найдено.');
    await forgeButton(t, stranger, 'Оценить', `h:r:${number}:1`);
    const rate = await stranger.tap('Оценить');
    expect(rate.kind === 'callback' && rate.answer?.text).toBe('Обращение не найдено.');
    expect(await asBot(owner).support.tickets.current()).toMatchObject({ id: number, status: 'open' });
    expect(await asBot(stranger).support.tickets.current()).toBeNull();
    // What the stranger types goes into no request of anyone's.
    await stranger.send('Добрый вечер');
    await stranger.expectMessage(TEXT.ru.notFound);
    expect((await operator().get({ ticketId: number })).messages).toHaveLength(1);
  });
});

describe('after hours, visits and NPS', () => {
  it('tells when operators answer when a request is opened on a Sunday', async () => {
    await advanceToAlmaty(7, 11);
    for (const language of ['ru', 'kk'] as const) {
      const x = TEXT[language];
      const p = await patientInChat(t, language, 'Жексенбі');
      await p.tap(x.help);
      await p.expectMessage(x.intro);
      await p.tap(x.talk);
      await p.expectMessage(x.ask);
      await p.send('Вы работаете в воскресенье?');
      const opened = await p.expectMessage(x.opened);
      expect(opened.text).toMatch(x.afterHours);
    }
  });

  it('reports "I was not at this visit" from a past visit, once confirmed', async () => {
    const p = await patientInChat(t, 'kk', 'Бақыт');
    const slot = await slotAfter(t, therapy, 2, 3);
    const visit = await asBot(p).booking.book({ ...therapy, startsAt: slot.startsAt });
    await t.sandbox.advanceClock(Math.ceil((slot.startsAt.getTime() - t.clock.now().getTime()) / MINUTE) + 1);
    const registrar = t.client(await t.tokenFor('registrar'));
    for (const status of ['arrived', 'in_progress', 'completed'] as const)
      await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status });

    await p.send('/appointments');
    await p.expectMessage(/Өткен қабылдаулар/);
    await p.tap('🕘 Өткен қабылдаулар');
    await p.expectEdit(/соңғы бесеуі/);
    await p.tap(/Терапевттің алғашқы қабылдауы/);
    await p.expectEdit(/Терапевттің алғашқы қабылдауы/);
    await p.tap('🙅 Мен бұл қабылдауда болған жоқпын');
    await p.expectEdit(/Бұл қабылдауда болмағаныңызды клиникаға хабарлайсыз ба\?/);
    await p.tap('Иә, хабарлау');
    const reported = await p.expectEdit(/№ (\d+) өтініш қабылданды: клиника бұл қабылдауды тексеріп/);
    const number = Number(/№ (\d+)/.exec(reported.text ?? '')![1]);
    expect((await operator().get({ ticketId: number })).ticket).toMatchObject({
      kind: 'not_at_visit',
      appointmentId: visit.id,
      status: 'open',
    });
  });

  it('a low NPS score opens a low_score request linked to the visit', async () => {
    const p = await patientInChat(t, 'ru', 'Ольга');
    const slot = await slotAfter(t, therapy, 3, 2);
    const visit = await asBot(p).booking.book({ ...therapy, startsAt: slot.startsAt });
    await t.sandbox.advanceClock(Math.ceil((slot.startsAt.getTime() - t.clock.now().getTime()) / MINUTE) + 1);
    const registrar = t.client(await t.tokenFor('registrar'));
    for (const status of ['arrived', 'in_progress', 'completed'] as const)
      await registrar.booking.staff.setStatus.mutate({ appointmentId: visit.id, status });
    await t.sandbox.advanceClock(121);
    await p.expectMessage(/Как прошёл ваш визит/);
    await p.tap('3');
    await p.expectEdit(/ваша оценка — 3/);
    const { items } = await operator().inbox({ status: 'open', limit: 100 });
    const lowScore = items.filter((k) => k.appointmentId === visit.id);
    expect(lowScore.map((k) => k.kind)).toEqual(['low_score']);
    expect(lowScore[0]!.patient.name).toContain('Ольга');
  });
});
