# The analytics page's words, loaded with its chunk (console/pages/analytics/view.tsx); its name in the
# navigation is in console-analytics.ftl, which the first load carries.

console-analytics-filters = Фильтры
console-analytics-from = Начало периода
console-analytics-to = Конец периода
console-analytics-interval = Шаг графика
console-analytics-interval-day = По дням
console-analytics-interval-week = По неделям
console-analytics-interval-month = По месяцам
console-analytics-branch = Филиал
console-analytics-all-branches = Все филиалы
console-analytics-doctor = Врач
console-analytics-all-doctors = Все врачи
console-analytics-period-invalid = Конец периода не может быть раньше начала.
console-analytics-bar-day = День
console-analytics-bar-week = Неделя с
console-analytics-bar-month = Месяц

console-analytics-chart-as-table = Показать таблицей
console-analytics-chart-nothing = За этот период данных нет.
console-analytics-chart-see-table = График; цифры — в таблице под ним.

console-analytics-funnels = Воронки
console-analytics-funnels-about = Попытки, начатые в боте за период, и шаг, на котором они остановились. Регистрация считается по всей клинике.
console-analytics-funnel-registration = Регистрация
console-analytics-funnel-booking = Запись на приём
console-analytics-step = Шаг
console-analytics-step-registration-started = Начали
console-analytics-step-registration-consent = Согласие
console-analytics-step-registration-phone = Телефон
console-analytics-step-registration-name = ФИО
console-analytics-step-registration-iin = ИИН
console-analytics-step-registration-done = Завершили
console-analytics-step-booking-opened = Открыли запись
console-analytics-step-booking-service = Услуга
console-analytics-step-booking-doctor = Врач
console-analytics-step-booking-day = День
console-analytics-step-booking-time = Время
console-analytics-step-booking-confirmed = Подтвердили
console-analytics-reached = Дошли
console-analytics-dropped = Ушли на этом шаге
console-analytics-drop-off-rate = Доля ушедших
console-analytics-conversion = Конверсия

console-analytics-channels = Записи по каналам
console-analytics-channels-chart = Записи по каналам во времени
console-analytics-bookings-total = Всего записей
console-analytics-channel-bot = Бот
console-analytics-channel-phone = Звонок в регистратуру
console-analytics-channel-console = Консоль
console-analytics-channel-api = Внешние системы (API)

console-analytics-attendance = Явка
console-analytics-attendance-chart = Неявки и поздние отмены во времени
console-analytics-due = Визитов, время которых пришло
console-analytics-no-shows = Неявки
console-analytics-no-show-rate = Доля неявок
console-analytics-late-cancels = Поздние отмены
console-analytics-late-cancel-rate = Доля поздних отмен (менее чем за { $minutes } мин)
console-analytics-reminders = Напоминания
console-analytics-reminded = Получили напоминание
console-analytics-answered-coming = Ответили «Я приду»
console-analytics-answered-share = Доля ответивших
console-analytics-reminder-effect = Неявки среди ответивших «Я приду» и не ответивших
console-analytics-reminder-group = Кто
console-analytics-answered = Ответили «Я приду»
console-analytics-not-answered = Не ответили

console-analytics-nps = NPS
console-analytics-nps-by = Разбивка:
console-analytics-nps-by-clinic = вся клиника
console-analytics-nps-by-branch = по филиалам
console-analytics-nps-by-doctor = по врачам
console-analytics-nps-by-service = по услугам
console-analytics-nps-clinic = Клиника
console-analytics-nps-chart = NPS во времени
console-analytics-nps-overall = NPS за период
console-analytics-nps-responses = Ответов
console-analytics-nps-hidden = Не показано точек: { $count }. Точка показывается, только если в ней не меньше { $min } ответов: по меньшему числу можно узнать оценку конкретного пациента.
console-analytics-nps-promoters = Промоутеры (9–10)
console-analytics-nps-detractors = Критики (0–6)

console-analytics-broadcasts = Рассылки
console-analytics-broadcasts-about = Конверсия — доля получивших рассылку, кто записался на приём в течение 7 дней.
console-analytics-broadcasts-none = За этот период рассылок не было.
console-analytics-broadcasts-chart = Конверсия рассылок
console-analytics-broadcast = Рассылка
console-analytics-sent = Доставлено
console-analytics-tapped = Нажали кнопку
console-analytics-booked = Записались

console-analytics-payments = Платежи
console-analytics-payments-chart = Оплаты и возвраты во времени
console-analytics-paid = Оплачено
console-analytics-refunded = Возвращено
console-analytics-net = Итого за вычетом возвратов
console-analytics-invoiced = Выставлено счетов на
console-analytics-unpaid = Из них не оплачено
console-analytics-by-provider = По платёжным системам
console-analytics-provider = Платёжная система
console-analytics-payments-count = Платежей
console-analytics-provider-kaspi = Kaspi
console-analytics-provider-halyk = Halyk
