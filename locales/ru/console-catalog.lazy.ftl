# The words of the catalog page(s), loaded with the page (see console/pages/catalog/strings.ts).

console-catalog-parts = Разделы каталога
console-catalog-services = Услуги
console-catalog-categories = Категории
console-catalog-doctors = Врачи
console-catalog-branches = Филиалы
console-catalog-edit = Изменить
console-catalog-saved = Сохранено.
console-catalog-state = Состояние
console-catalog-on = Действует
console-catalog-off = Отключено
console-catalog-active = Действует
console-catalog-default = По умолчанию
console-catalog-name = Название
console-catalog-bad-price = Цена — число в тенге, например 12000 или 12000,50.

console-catalog-add-service = Добавить услугу
console-catalog-edit-service = Изменить услугу
console-catalog-category = Категория
console-catalog-duration = Длительность, мин
console-catalog-minutes = { $minutes } мин
console-catalog-price = Цена, ₸
console-catalog-online = Онлайн
console-catalog-prepaid = Предоплата
console-catalog-min-age = С возраста, лет
console-catalog-max-age = До возраста, лет

console-catalog-add-category = Добавить категорию
console-catalog-edit-category = Изменить категорию
console-catalog-sort-order = Порядок
console-catalog-active-limit = Записей на пациента

console-catalog-add-branch = Добавить филиал
console-catalog-edit-branch = Изменить филиал
console-catalog-address = Адрес
console-catalog-phone = Телефон
console-catalog-time-zone = Часовой пояс
console-catalog-latitude = Широта
console-catalog-longitude = Долгота
console-catalog-opening-hours = Часы работы (пусто — выходной)
console-catalog-opens = открытие
console-catalog-closes = закрытие

console-catalog-add-doctor = Добавить врача
console-catalog-edit-doctor = Изменить врача
console-catalog-full-name = ФИО
console-catalog-specialty = Специальность
console-catalog-slot-step = Шаг записи, мин
console-catalog-online-url = Ссылка на видеокомнату
console-catalog-doctor-services = Услуги врача
console-catalog-own-price = Своя цена, ₸

console-catalog-schedule = Расписание
console-catalog-branch = Филиал
console-catalog-all-branches = Все филиалы
console-catalog-week = Рабочая неделя
console-catalog-week-empty = В этом филиале врач пока не работает.
console-catalog-weekday = День недели
console-catalog-from = С
console-catalog-to = До
console-catalog-add-interval = Добавить часы
console-catalog-remove = Удалить
console-catalog-remove-confirm = Да, удалить
console-catalog-exceptions = Выходные и изменения
console-catalog-add-exception = Добавить выходной или изменение
console-catalog-date = Дата
console-catalog-exception-kind = Что
console-catalog-hours = Часы
console-catalog-note = Примечание
console-catalog-kind-day_off = Выходной
console-catalog-kind-hours = Другие часы
console-catalog-kind-break = Перерыв

console-catalog-weekday-1 = Понедельник
console-catalog-weekday-2 = Вторник
console-catalog-weekday-3 = Среда
console-catalog-weekday-4 = Четверг
console-catalog-weekday-5 = Пятница
console-catalog-weekday-6 = Суббота
console-catalog-weekday-7 = Воскресенье
