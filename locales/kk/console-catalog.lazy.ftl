# The words of the catalog page(s), loaded with the page (see console/pages/catalog/strings.ts).

console-catalog-parts = Каталог бөлімдері
console-catalog-services = Қызметтер
console-catalog-categories = Санаттар
console-catalog-doctors = Дәрігерлер
console-catalog-branches = Филиалдар
console-catalog-edit = Өзгерту
console-catalog-saved = Сақталды.
console-catalog-state = Күйі
console-catalog-on = Жұмыс істейді
console-catalog-off = Өшірілген
console-catalog-active = Жұмыс істейді
console-catalog-default = Әдепкі бойынша
console-catalog-name = Атауы
console-catalog-bad-price = Баға теңгемен санмен жазылады, мысалы 12000 немесе 12000,50.

console-catalog-add-service = Қызмет қосу
console-catalog-edit-service = Қызметті өзгерту
console-catalog-category = Санат
console-catalog-duration = Ұзақтығы, мин
console-catalog-minutes = { $minutes } мин
console-catalog-price = Бағасы, ₸
console-catalog-online = Онлайн
console-catalog-prepaid = Алдын ала төлем
console-catalog-min-age = Жасынан бастап
console-catalog-max-age = Жасына дейін

console-catalog-add-category = Санат қосу
console-catalog-edit-category = Санатты өзгерту
console-catalog-sort-order = Реті
console-catalog-active-limit = Бір пациентке жазба саны

console-catalog-add-branch = Филиал қосу
console-catalog-edit-branch = Филиалды өзгерту
console-catalog-address = Мекенжайы
console-catalog-phone = Телефон
console-catalog-time-zone = Уақыт белдеуі
console-catalog-latitude = Ендік
console-catalog-longitude = Бойлық
console-catalog-opening-hours = Жұмыс уақыты (бос болса — демалыс)
console-catalog-opens = ашылуы
console-catalog-closes = жабылуы

console-catalog-add-doctor = Дәрігер қосу
console-catalog-edit-doctor = Дәрігерді өзгерту
console-catalog-full-name = Аты-жөні
console-catalog-specialty = Мамандығы
console-catalog-slot-step = Жазылу қадамы, мин
console-catalog-online-url = Бейнебөлме сілтемесі
console-catalog-doctor-services = Дәрігердің қызметтері
console-catalog-own-price = Өз бағасы, ₸

console-catalog-schedule = Кесте
console-catalog-branch = Филиал
console-catalog-all-branches = Барлық филиалдар
console-catalog-week = Жұмыс аптасы
console-catalog-week-empty = Дәрігер бұл филиалда әзірге жұмыс істемейді.
console-catalog-weekday = Апта күні
console-catalog-from = Бастап
console-catalog-to = Дейін
console-catalog-add-interval = Сағат қосу
console-catalog-remove = Жою
console-catalog-remove-confirm = Иә, жою
console-catalog-exceptions = Демалыс күндері мен өзгерістер
console-catalog-add-exception = Демалыс не өзгеріс қосу
console-catalog-date = Күні
console-catalog-exception-kind = Не
console-catalog-hours = Сағаттар
console-catalog-note = Ескертпе
console-catalog-kind-day_off = Демалыс
console-catalog-kind-hours = Басқа сағаттар
console-catalog-kind-break = Үзіліс

console-catalog-weekday-1 = Дүйсенбі
console-catalog-weekday-2 = Сейсенбі
console-catalog-weekday-3 = Сәрсенбі
console-catalog-weekday-4 = Бейсенбі
console-catalog-weekday-5 = Жұма
console-catalog-weekday-6 = Сенбі
console-catalog-weekday-7 = Жексенбі
