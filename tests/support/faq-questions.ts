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

/**
 * Kazakh as it is inflected (Kazakh glues endings on: дәрігер, дәрігерге, дәрігерлер; жазылу,
 * жазылуға, жазылдым; төлем, төлемді, төлеуге), written after the 20 above, before the search
 * learnt Kazakh endings: the endings a patient uses are rarely the ones in the FAQ's question.
 * Some typed on a Russian keyboard (кабылдау for қабылдау), some with Russian words in them
 * ("справканы", "врачқа", "анализдердің").
 */
export const kazakhInflectedQuestions: FaqCase[] = [
  ['дәрігерлерге жазылуға бола ма', 'book'],
  ['врачқа жазылдым уақытын ауыстырғым келеді', 'reschedule'],
  ['жазылуымнан бас тартамын', 'cancel'],
  ['дарыгерлер онлайн кенес береди ме', 'online'],
  ['төлемді қалай жасаймын', 'pay'],
  ['каспимен толеуге бола ма', 'pay'],
  ['төлемнің чегі келмеді', 'receipt'],
  ['ақшамды қайтарыңыздар', 'refund'],
  ['баламды дәрігерге жазғым келеді', 'family'],
  ['справканы кайдан аламын', 'certificate'],
  ['қан тапсырардан бұрын тамақ ішуге бола ма', 'blood-prep'],
  ['анализдердің нәтижелері қашан дайын', 'results'],
  ['нәтижелерімді түсіндіретін дәрігер', 'results-explain'],
  ['узиге дайындалам қалай', 'ultrasound-prep'],
  ['құжаттарымды таба алмай жүрмін', 'my-documents'],
  ['құжаттың сілтемесі ашылмай тұр', 'document-link'],
  ['боттын тилин орысшага ауыстырам', 'language'],
  ['акциялардан отписаться', 'consent'],
  ['кабылдаудын бағасы канша', 'prices'],
  ['клиниканың жұмыс кестесін білгім келеді', 'address-hours'],
];

/** Text about something else: the search offers nothing. */
export const unrelatedQuestions: [text: string, language: 'ru' | 'kk'][] = [
  ['купить телефон', 'ru'],
  ['asdfgh', 'ru'],
  ['погода завтра', 'ru'],
  ['ауа райы қандай', 'kk'],
  ['asdfgh', 'kk'],
  // Kazakh endings must not make unrelated words meet (the stem of "балықтар" is not "бала").
  ['балықтарды қайдан сатып аламын', 'kk'],
  ['футбол ойынына билет', 'kk'],
  ['такси шақырып беріңізші', 'kk'],
  ['машинамды жөндеуге береді ме', 'kk'],
  ['билеты на самолет', 'ru'],
  ['рецепт борща', 'ru'],
];
