/**
 * The demo clinic network loaded into an empty database: two branches, a price list and the
 * doctors who work there. Items refer to each other by key; the seed maps keys to database ids.
 * Prices are in tiyn (1 KZT = 100 tiyn).
 */

export type DemoBranchKey = 'almaty' | 'astana';
export type DemoCategoryKey =
  | 'therapy'
  | 'cardiology'
  | 'gynecology'
  | 'neurology'
  | 'ent'
  | 'diagnostics'
  | 'lab'
  | 'dental'
  | 'pediatrics';
export type DemoServiceKey =
  | 'therapist-consult'
  | 'therapist-repeat'
  | 'therapist-online'
  | 'cardiologist-consult'
  | 'cardiologist-online'
  | 'gynecologist-consult'
  | 'neurologist-consult'
  | 'ent-consult'
  | 'ultrasound-abdomen'
  | 'ultrasound-thyroid'
  | 'ultrasound-pelvis'
  | 'ecg'
  | 'echocardiography'
  | 'blood-count'
  | 'blood-biochemistry'
  | 'urine-test'
  | 'dentist-consult'
  | 'dental-hygiene'
  | 'caries-treatment'
  | 'pediatrician-consult'
  | 'pediatrician-online';

export interface DemoText {
  ru: string;
  kk: string;
}

export interface DemoOpeningDay {
  open: string;
  close: string;
}

export interface DemoBranch {
  key: DemoBranchKey;
  name: DemoText;
  address: DemoText;
  /** E.164, a landline number libphonenumber accepts for KZ. */
  phone: string;
  timeZone: string;
  location: { latitude: number; longitude: number };
  /** Monday..Sunday; null is a closed day. */
  openingHours: (DemoOpeningDay | null)[];
}

export interface DemoCategory {
  key: DemoCategoryKey;
  name: DemoText;
  sortOrder: number;
  /** Upcoming visits per patient and kind of specialist; null: the clinic's default (one). */
  activeLimit: number | null;
}

export interface DemoService {
  key: DemoServiceKey;
  category: DemoCategoryKey;
  name: DemoText;
  description: DemoText | null;
  durationMinutes: number;
  priceTiyn: number;
  online: boolean;
  /** Paid in advance in the bot (an online consultation: nobody at a desk to take the money). */
  prepaid?: boolean;
  minAgeYears: number | null;
  maxAgeYears: number | null;
}

export interface DemoInterval {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  start: string;
  end: string;
}

export interface DemoDoctor {
  key: string;
  fullName: string;
  specialty: DemoText;
  branches: DemoBranchKey[];
  services: { key: DemoServiceKey; priceOverrideTiyn: number | null }[];
  slotStepMinutes: number;
  /** The weekly schedule at each branch, in that branch's local time. */
  schedules: { branch: DemoBranchKey; intervals: DemoInterval[] }[];
}

/** The same working spans on each of the given weekdays. */
function on(weekdays: number[], ...spans: [start: string, end: string][]): DemoInterval[] {
  return weekdays.flatMap((weekday) => spans.map(([start, end]) => ({ weekday, start, end })));
}

const MON_FRI = [1, 2, 3, 4, 5];
const SAT = 6;

// Since 1 March 2024 all of Kazakhstan keeps UTC+5, so Astana uses Asia/Almaty as well.
export const demoBranches: DemoBranch[] = [
  {
    key: 'almaty',
    name: { ru: 'Емхана — Алматы', kk: 'Емхана — Алматы' },
    address: {
      ru: 'г. Алматы, пр. Абая, 52, 1 этаж',
      kk: 'Алматы қ., Абай даңғылы, 52, 1-қабат',
    },
    phone: '+77273501050',
    timeZone: 'Asia/Almaty',
    location: { latitude: 43.24054, longitude: 76.91937 },
    openingHours: [
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '09:00', close: '15:00' },
      null,
    ],
  },
  {
    key: 'astana',
    name: { ru: 'Емхана — Астана', kk: 'Емхана — Астана' },
    address: {
      ru: 'г. Астана, пр. Кабанбай батыра, 11',
      kk: 'Астана қ., Қабанбай батыр даңғылы, 11',
    },
    phone: '+77172795050',
    timeZone: 'Asia/Almaty',
    location: { latitude: 51.12826, longitude: 71.43048 },
    openingHours: [
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '08:00', close: '20:00' },
      { open: '09:00', close: '14:00' },
      null,
    ],
  },
];

export const demoCategories: DemoCategory[] = [
  // One category per specialty: the patient finds the doctor they need in one tap. The limit of
  // upcoming visits counts per kind of specialist anyway (a clinic with one category for all its
  // doctors works the same), one by default; tests and scans have their own, higher limit, since a
  // patient books several of them with the same nurse or sonographer.
  { key: 'therapy', name: { ru: 'Терапия', kk: 'Терапия' }, sortOrder: 10, activeLimit: null },
  { key: 'cardiology', name: { ru: 'Кардиология', kk: 'Кардиология' }, sortOrder: 11, activeLimit: null },
  { key: 'gynecology', name: { ru: 'Гинекология', kk: 'Гинекология' }, sortOrder: 12, activeLimit: null },
  { key: 'neurology', name: { ru: 'Неврология', kk: 'Неврология' }, sortOrder: 13, activeLimit: null },
  {
    key: 'ent',
    name: { ru: 'ЛОР (ухо, горло, нос)', kk: 'ЛОР (құлақ, тамақ, мұрын)' },
    sortOrder: 14,
    activeLimit: null,
  },
  {
    key: 'diagnostics',
    name: { ru: 'Инструментальная диагностика', kk: 'Аспаптық диагностика' },
    sortOrder: 20,
    activeLimit: 3,
  },
  {
    key: 'lab',
    name: { ru: 'Лабораторные анализы', kk: 'Зертханалық талдаулар' },
    sortOrder: 30,
    activeLimit: 3,
  },
  { key: 'dental', name: { ru: 'Стоматология', kk: 'Стоматология' }, sortOrder: 40, activeLimit: null },
  {
    key: 'pediatrics',
    name: { ru: 'Детский приём', kk: 'Балаларды қабылдау' },
    sortOrder: 50,
    activeLimit: null,
  },
];

export const demoServices: DemoService[] = [
  {
    key: 'therapist-consult',
    category: 'therapy',
    name: { ru: 'Первичный приём терапевта', kk: 'Терапевттің алғашқы қабылдауы' },
    description: {
      ru: 'Осмотр, сбор анамнеза, план обследования и лечения.',
      kk: 'Қарап-тексеру, анамнез жинау, зерттеу және емдеу жоспары.',
    },
    durationMinutes: 30,
    priceTiyn: 1_200_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'therapist-repeat',
    category: 'therapy',
    name: { ru: 'Повторный приём терапевта', kk: 'Терапевттің қайта қабылдауы' },
    description: {
      ru: 'В течение 14 дней после первичного приёма: разбор анализов и коррекция лечения.',
      kk: 'Алғашқы қабылдаудан кейін 14 күн ішінде: талдау нәтижелерін қарау және емді түзету.',
    },
    durationMinutes: 20,
    priceTiyn: 900_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'therapist-online',
    category: 'therapy',
    name: { ru: 'Онлайн-консультация терапевта', kk: 'Терапевттің онлайн-кеңесі' },
    description: {
      ru: 'Видеосвязь с врачом: жалобы, результаты анализов, рекомендации.',
      kk: 'Дәрігермен бейнебайланыс: шағымдар, талдау нәтижелері, ұсыныстар.',
    },
    durationMinutes: 20,
    priceTiyn: 900_000,
    online: true,
    prepaid: true,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'cardiologist-consult',
    category: 'cardiology',
    name: { ru: 'Приём кардиолога', kk: 'Кардиолог қабылдауы' },
    description: null,
    durationMinutes: 30,
    priceTiyn: 1_500_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'cardiologist-online',
    category: 'cardiology',
    name: { ru: 'Онлайн-консультация кардиолога', kk: 'Кардиологтың онлайн-кеңесі' },
    description: {
      ru: 'Разбор ЭКГ, ЭхоКГ и суточного мониторинга, подбор терапии.',
      kk: 'ЭКГ, ЭхоКГ және тәуліктік мониторинг нәтижелерін талдау, ем тағайындау.',
    },
    durationMinutes: 30,
    priceTiyn: 1_200_000,
    online: true,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'gynecologist-consult',
    category: 'gynecology',
    name: { ru: 'Приём гинеколога', kk: 'Гинеколог қабылдауы' },
    description: null,
    durationMinutes: 30,
    priceTiyn: 1_400_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'neurologist-consult',
    category: 'neurology',
    name: { ru: 'Приём невролога', kk: 'Невролог қабылдауы' },
    description: null,
    durationMinutes: 30,
    priceTiyn: 1_400_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'ent-consult',
    category: 'ent',
    name: { ru: 'Приём ЛОР-врача', kk: 'ЛОР-дәрігер қабылдауы' },
    description: {
      ru: 'Осмотр уха, горла и носа с эндоскопией.',
      kk: 'Құлақты, тамақты және мұрынды эндоскоппен тексеру.',
    },
    durationMinutes: 30,
    priceTiyn: 1_200_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'ultrasound-abdomen',
    category: 'diagnostics',
    name: { ru: 'УЗИ органов брюшной полости', kk: 'Құрсақ қуысы ағзаларының УДЗ-сы' },
    description: {
      ru: 'Печень, желчный пузырь, поджелудочная железа, селезёнка. Натощак.',
      kk: 'Бауыр, өт қабы, ұйқы безі, көкбауыр. Аш қарынға.',
    },
    durationMinutes: 30,
    priceTiyn: 1_200_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'ultrasound-thyroid',
    category: 'diagnostics',
    name: { ru: 'УЗИ щитовидной железы', kk: 'Қалқанша безінің УДЗ-сы' },
    description: null,
    durationMinutes: 20,
    priceTiyn: 900_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'ultrasound-pelvis',
    category: 'diagnostics',
    name: { ru: 'УЗИ органов малого таза', kk: 'Кіші жамбас ағзаларының УДЗ-сы' },
    description: null,
    durationMinutes: 30,
    priceTiyn: 1_100_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'ecg',
    category: 'diagnostics',
    name: { ru: 'ЭКГ с расшифровкой', kk: 'ЭКГ және оның қорытындысы' },
    description: null,
    durationMinutes: 15,
    priceTiyn: 500_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'echocardiography',
    category: 'diagnostics',
    name: { ru: 'ЭхоКГ (УЗИ сердца)', kk: 'ЭхоКГ (жүректің УДЗ-сы)' },
    description: null,
    durationMinutes: 40,
    priceTiyn: 1_500_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'blood-count',
    category: 'lab',
    name: { ru: 'Общий анализ крови', kk: 'Жалпы қан талдауы' },
    description: {
      ru: 'Забор крови из вены, результат на следующий день.',
      kk: 'Көктамырдан қан алу, нәтижесі келесі күні.',
    },
    durationMinutes: 15,
    priceTiyn: 300_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'blood-biochemistry',
    category: 'lab',
    name: { ru: 'Биохимический анализ крови (базовый)', kk: 'Қанның биохимиялық талдауы (негізгі)' },
    description: {
      ru: 'Глюкоза, холестерин, АЛТ, АСТ, креатинин, мочевина. Натощак.',
      kk: 'Глюкоза, холестерин, АЛТ, АСТ, креатинин, мочевина. Аш қарынға.',
    },
    durationMinutes: 15,
    priceTiyn: 850_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'urine-test',
    category: 'lab',
    name: { ru: 'Общий анализ мочи', kk: 'Зәрдің жалпы талдауы' },
    description: null,
    durationMinutes: 15,
    priceTiyn: 200_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'dentist-consult',
    category: 'dental',
    name: { ru: 'Консультация стоматолога', kk: 'Стоматолог кеңесі' },
    description: null,
    durationMinutes: 20,
    priceTiyn: 500_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'dental-hygiene',
    category: 'dental',
    name: { ru: 'Профессиональная гигиена полости рта', kk: 'Ауыз қуысының кәсіби гигиенасы' },
    description: {
      ru: 'Ультразвуковая чистка, Air Flow, полировка и фторирование.',
      kk: 'Ультрадыбыстық тазалау, Air Flow, жылтырату және фторлау.',
    },
    durationMinutes: 60,
    priceTiyn: 2_500_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'caries-treatment',
    category: 'dental',
    name: { ru: 'Лечение кариеса с пломбой', kk: 'Тісжегіні емдеу және пломба салу' },
    description: {
      ru: 'Светоотверждаемая пломба, анестезия включена.',
      kk: 'Жарықпен қатаятын пломба, жансыздандыру бағаға кіреді.',
    },
    durationMinutes: 60,
    priceTiyn: 2_200_000,
    online: false,
    minAgeYears: null,
    maxAgeYears: null,
  },
  {
    key: 'pediatrician-consult',
    category: 'pediatrics',
    name: { ru: 'Приём педиатра', kk: 'Педиатр қабылдауы' },
    description: {
      ru: 'Для детей от рождения до 17 лет, в присутствии родителя.',
      kk: 'Туғаннан 17 жасқа дейінгі балаларға, ата-анасының қатысуымен.',
    },
    durationMinutes: 30,
    priceTiyn: 1_200_000,
    online: false,
    minAgeYears: 0,
    maxAgeYears: 17,
  },
  {
    key: 'pediatrician-online',
    category: 'pediatrics',
    name: { ru: 'Онлайн-консультация педиатра', kk: 'Педиатрдың онлайн-кеңесі' },
    description: null,
    durationMinutes: 20,
    priceTiyn: 900_000,
    online: true,
    minAgeYears: 0,
    maxAgeYears: 17,
  },
];

// Doctors who work in both cities keep their Almaty and Astana days apart.
export const demoDoctors: DemoDoctor[] = [
  {
    key: 'akhmetova',
    fullName: 'Ахметова Айгүл Серікқызы',
    specialty: { ru: 'Врач-терапевт', kk: 'Дәрігер-терапевт' },
    branches: ['almaty', 'astana'],
    services: [
      { key: 'therapist-consult', priceOverrideTiyn: null },
      { key: 'therapist-repeat', priceOverrideTiyn: null },
      { key: 'therapist-online', priceOverrideTiyn: null },
      { key: 'ecg', priceOverrideTiyn: null },
    ],
    slotStepMinutes: 15,
    schedules: [
      { branch: 'almaty', intervals: on([1, 3, 5], ['09:00', '13:00'], ['14:00', '18:00']) },
      { branch: 'astana', intervals: on([2, 4], ['09:00', '13:00'], ['14:00', '18:00']) },
    ],
  },
  {
    key: 'ivanova',
    fullName: 'Иванова Елена Викторовна',
    specialty: { ru: 'Врач-педиатр', kk: 'Дәрігер-педиатр' },
    branches: ['almaty'],
    services: [
      { key: 'pediatrician-consult', priceOverrideTiyn: null },
      { key: 'pediatrician-online', priceOverrideTiyn: null },
    ],
    slotStepMinutes: 20,
    schedules: [
      {
        branch: 'almaty',
        intervals: [...on(MON_FRI, ['08:00', '12:00'], ['13:00', '16:00']), ...on([SAT], ['09:00', '13:00'])],
      },
    ],
  },
  {
    key: 'suleimenov',
    fullName: 'Сулейменов Нурлан Маратович',
    specialty: { ru: 'Кардиолог, врач высшей категории', kk: 'Кардиолог, жоғары санатты дәрігер' },
    branches: ['almaty'],
    // Head of cardiology: his consultations cost more than the price list.
    services: [
      { key: 'cardiologist-consult', priceOverrideTiyn: 2_000_000 },
      { key: 'cardiologist-online', priceOverrideTiyn: 1_600_000 },
      { key: 'ecg', priceOverrideTiyn: null },
      { key: 'echocardiography', priceOverrideTiyn: null },
    ],
    slotStepMinutes: 30,
    schedules: [
      {
        branch: 'almaty',
        intervals: [
          ...on([1, 2, 4], ['10:00', '14:00'], ['15:00', '19:00']),
          ...on([3, 5], ['08:00', '12:00'], ['13:00', '15:00']),
        ],
      },
    ],
  },
  {
    key: 'zhumabayeva',
    fullName: 'Жұмабаева Динара Қайратқызы',
    specialty: { ru: 'Акушер-гинеколог', kk: 'Акушер-гинеколог' },
    branches: ['almaty'],
    services: [
      { key: 'gynecologist-consult', priceOverrideTiyn: null },
      { key: 'ultrasound-pelvis', priceOverrideTiyn: null },
    ],
    slotStepMinutes: 30,
    schedules: [{ branch: 'almaty', intervals: on(MON_FRI, ['11:00', '15:00'], ['16:00', '20:00']) }],
  },
  {
    key: 'omarov',
    fullName: 'Омаров Ерлан Болатұлы',
    specialty: { ru: 'Стоматолог-терапевт', kk: 'Стоматолог-терапевт' },
    branches: ['almaty'],
    services: [
      { key: 'dentist-consult', priceOverrideTiyn: null },
      { key: 'dental-hygiene', priceOverrideTiyn: null },
      { key: 'caries-treatment', priceOverrideTiyn: null },
    ],
    slotStepMinutes: 30,
    schedules: [
      {
        branch: 'almaty',
        intervals: [...on(MON_FRI, ['09:00', '13:00'], ['14:00', '18:00']), ...on([SAT], ['09:00', '14:00'])],
      },
    ],
  },
  {
    key: 'kassymova',
    fullName: 'Қасымова Гүлнар Ерланқызы',
    specialty: { ru: 'Врач ультразвуковой диагностики', kk: 'Ультрадыбыстық диагностика дәрігері' },
    branches: ['almaty', 'astana'],
    services: [
      { key: 'ultrasound-abdomen', priceOverrideTiyn: null },
      { key: 'ultrasound-thyroid', priceOverrideTiyn: null },
      { key: 'ultrasound-pelvis', priceOverrideTiyn: null },
      { key: 'echocardiography', priceOverrideTiyn: null },
    ],
    slotStepMinutes: 20,
    schedules: [
      {
        branch: 'almaty',
        intervals: [...on([2, 4], ['08:00', '12:00'], ['13:00', '17:00']), ...on([SAT], ['09:00', '14:00'])],
      },
      { branch: 'astana', intervals: on([1, 3, 5], ['08:00', '12:00'], ['13:00', '17:00']) },
    ],
  },
  {
    key: 'petrov',
    fullName: 'Петров Андрей Николаевич',
    specialty: { ru: 'Невролог', kk: 'Невролог' },
    branches: ['astana'],
    services: [{ key: 'neurologist-consult', priceOverrideTiyn: null }],
    slotStepMinutes: 30,
    schedules: [{ branch: 'astana', intervals: on(MON_FRI, ['09:00', '13:00'], ['14:00', '18:00']) }],
  },
  {
    key: 'baizhanov',
    fullName: 'Байжанов Арман Ерикович',
    specialty: { ru: 'Оториноларинголог (ЛОР)', kk: 'Оториноларинголог (ЛОР)' },
    branches: ['astana'],
    services: [{ key: 'ent-consult', priceOverrideTiyn: null }],
    slotStepMinutes: 30,
    schedules: [
      {
        branch: 'astana',
        intervals: [...on(MON_FRI, ['10:00', '14:00'], ['15:00', '19:00']), ...on([SAT], ['09:00', '13:00'])],
      },
    ],
  },
  {
    // Blood is drawn in the morning, so the procedure room works until 11:00 only.
    key: 'nurpeisova',
    fullName: 'Нурпеисова Салтанат Аскаровна',
    specialty: { ru: 'Медсестра процедурного кабинета', kk: 'Емшара кабинетінің мейіргері' },
    branches: ['almaty'],
    services: [
      { key: 'blood-count', priceOverrideTiyn: null },
      { key: 'blood-biochemistry', priceOverrideTiyn: null },
      { key: 'urine-test', priceOverrideTiyn: null },
    ],
    slotStepMinutes: 15,
    schedules: [
      { branch: 'almaty', intervals: [...on(MON_FRI, ['08:00', '11:00']), ...on([SAT], ['09:00', '11:00'])] },
    ],
  },
];
