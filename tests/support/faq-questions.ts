/**
 * How well the FAQ search answers what patients actually type, on the demo FAQ: 20 questions per
 * language written before the search was tuned, the way people write to a bot — short, lowercase,
 * with typos and no punctuation, slang, Kazakh typed with Russian letters (аныктама for анықтама),
 * Russian typed by a Kazakh-speaking patient. Each names the demo entry it must find (its key in
 * modules/support/demo/demo-faq.data.ts). Used by modules/support/faq-search.int.test.ts and
 * npm run bench:faq.
 */
export type FaqCase = [text: string, entry: string];

export const russianQuestions: FaqCase[] = [
  ['как записатся к врачу', 'book'],
  ['перенести прием на другой день', 'reschedule'],
  ['отменить запись', 'cancel'],
  ['будет напоминание?', 'reminders'],
  ['онлайн консультация педиатра', 'online'],
  ['как записать ребенка', 'family'],
  ['опаздываю', 'late'],
  ['справка в бассейн', 'certificate'],
  ['справка для садика', 'certificate'],
  ['где мои документы', 'my-documents'],
  ['ссылка не открываеться', 'document-link'],
  ['направление к кардиологу', 'referral'],
  ['как оплатить через каспи', 'pay'],
  ['нужен чек', 'receipt'],
  ['вернуть деньги', 'refund'],
  ['когда будут готовы анализы', 'results'],
  ['кровь натощак сдавать?', 'blood-prep'],
  ['удалить мои данные', 'delete-data'],
  ['отписатся от рассылки', 'consent'],
  ['адрес клиники в астане', 'address-hours'],
];

export const kazakhQuestions: FaqCase[] = [
  ['дәрігерге қалай жазылам', 'book'],
  ['жазылуды ауыстыру', 'reschedule'],
  ['жазылудан бас тарту', 'cancel'],
  ['еске салу келеди ме', 'reminders'],
  ['онлайн кенес', 'online'],
  ['баламды жазу керек', 'family'],
  ['кешигип жатырмын', 'late'],
  ['бассейнге аныктама', 'certificate'],
  ['мектепке справка керек', 'certificate'],
  ['жолдама қалай алам', 'referral'],
  ['құжаттарым қайда', 'my-documents'],
  ['каспи арқылы төлеу', 'pay'],
  ['чек об оплате', 'receipt'],
  ['акшаны кайтару', 'refund'],
  ['талдау нәтижесі қашан', 'results'],
  ['кан талдауына дайындык', 'blood-prep'],
  ['узи дайындалу', 'ultrasound-prep'],
  ['деректерімді жою', 'delete-data'],
  ['тилди ауыстыру', 'language'],
  ['клиниканын мекенжайы', 'address-hours'],
];

/** Text about something else: the search offers nothing. */
export const unrelatedQuestions: [text: string, language: 'ru' | 'kk'][] = [
  ['купить телефон', 'ru'],
  ['asdfgh', 'ru'],
  ['погода завтра', 'ru'],
  ['ауа райы қандай', 'kk'],
  ['asdfgh', 'kk'],
];
