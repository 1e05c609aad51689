# The analytics page's words, loaded with its chunk (console/pages/analytics/view.tsx); its name in the
# navigation is in console-analytics.ftl, which the first load carries.

console-analytics-filters = Сүзгілер
console-analytics-from = Кезеңнің басы
console-analytics-to = Кезеңнің соңы
console-analytics-interval = График қадамы
console-analytics-interval-day = Күндер бойынша
console-analytics-interval-week = Апталар бойынша
console-analytics-interval-month = Айлар бойынша
console-analytics-branch = Филиал
console-analytics-all-branches = Барлық филиалдар
console-analytics-doctor = Дәрігер
console-analytics-all-doctors = Барлық дәрігерлер
console-analytics-period-invalid = Кезеңнің соңы басынан бұрын болмауы керек.
console-analytics-bar-day = Күн
console-analytics-bar-week = Апта басы
console-analytics-bar-month = Ай

console-analytics-chart-as-table = Кесте түрінде көрсету
console-analytics-chart-nothing = Бұл кезеңде деректер жоқ.
console-analytics-chart-see-table = График; сандар астындағы кестеде.

console-analytics-funnels = Воронкалар
console-analytics-funnels-about = Кезеңде ботта басталған әрекеттер және олардың қай қадамда тоқтағаны. Тіркеу бүкіл клиника бойынша есептеледі.
console-analytics-funnel-registration = Тіркеу
console-analytics-funnel-booking = Қабылдауға жазылу
console-analytics-step = Қадам
console-analytics-step-registration-started = Бастады
console-analytics-step-registration-consent = Келісім
console-analytics-step-registration-phone = Телефон
console-analytics-step-registration-name = Аты-жөні
console-analytics-step-registration-iin = ЖСН
console-analytics-step-registration-done = Аяқтады
console-analytics-step-booking-opened = Жазылуды ашты
console-analytics-step-booking-service = Қызмет
console-analytics-step-booking-doctor = Дәрігер
console-analytics-step-booking-day = Күн
console-analytics-step-booking-time = Уақыт
console-analytics-step-booking-confirmed = Растады
console-analytics-reached = Жеткендер
console-analytics-dropped = Осы қадамда кеткендер
console-analytics-drop-off-rate = Кеткендердің үлесі
console-analytics-conversion = Конверсия

console-analytics-channels = Арналар бойынша жазылулар
console-analytics-channels-chart = Арналар бойынша жазылулар уақыт ішінде
console-analytics-bookings-total = Барлық жазылулар
console-analytics-channel-bot = Бот
console-analytics-channel-phone = Тіркеу бөліміне қоңырау
console-analytics-channel-console = Консоль
console-analytics-channel-api = Сыртқы жүйелер (API)

console-analytics-attendance = Келу
console-analytics-attendance-chart = Келмеулер мен кеш бас тартулар уақыт ішінде
console-analytics-due = Уақыты келген қабылдаулар
console-analytics-no-shows = Келмегендер
console-analytics-no-show-rate = Келмегендердің үлесі
console-analytics-late-cancels = Кеш бас тартулар
console-analytics-late-cancel-rate = Кеш бас тартулар үлесі ({ $minutes } минуттан аз қалғанда)
console-analytics-reminders = Еске салулар
console-analytics-reminded = Еске салу алғандар
console-analytics-answered-coming = «Келемін» деп жауап бергендер
console-analytics-answered-share = Жауап бергендердің үлесі
console-analytics-reminder-effect = «Келемін» дегендер мен жауап бермегендер арасындағы келмеулер
console-analytics-reminder-group = Кім
console-analytics-answered = «Келемін» дегендер
console-analytics-not-answered = Жауап бермегендер

console-analytics-nps = NPS
console-analytics-nps-by = Бөлу:
console-analytics-nps-by-clinic = бүкіл клиника
console-analytics-nps-by-branch = филиалдар бойынша
console-analytics-nps-by-doctor = дәрігерлер бойынша
console-analytics-nps-by-service = қызметтер бойынша
console-analytics-nps-clinic = Клиника
console-analytics-nps-chart = NPS уақыт ішінде
console-analytics-nps-overall = Кезеңдегі NPS
console-analytics-nps-responses = Жауаптар
console-analytics-nps-hidden = Көрсетілмеген нүктелер: { $count }. Нүкте кемінде { $min } жауап болғанда ғана көрсетіледі: одан аз болса, нақты пациенттің бағасын білуге болады.
console-analytics-nps-promoters = Промоутерлер (9–10)
console-analytics-nps-detractors = Сыншылар (0–6)

console-analytics-broadcasts = Таратылымдар
console-analytics-broadcasts-about = Конверсия — таратылымды алып, 7 күн ішінде қабылдауға жазылғандардың үлесі.
console-analytics-broadcasts-none = Бұл кезеңде таратылымдар болған жоқ.
console-analytics-broadcasts-chart = Таратылымдар конверсиясы
console-analytics-broadcast = Таратылым
console-analytics-sent = Жеткізілді
console-analytics-tapped = Түймені басқандар
console-analytics-booked = Жазылғандар

console-analytics-payments = Төлемдер
console-analytics-payments-chart = Төлемдер мен қайтарымдар уақыт ішінде
console-analytics-paid = Төленді
console-analytics-refunded = Қайтарылды
console-analytics-net = Қайтарымдарды шегергенде
console-analytics-invoiced = Жазылған шоттар сомасы
console-analytics-unpaid = Оның ішінде төленбегені
console-analytics-by-provider = Төлем жүйелері бойынша
console-analytics-provider = Төлем жүйесі
console-analytics-payments-count = Төлемдер саны
console-analytics-provider-kaspi = Kaspi
console-analytics-provider-halyk = Halyk
