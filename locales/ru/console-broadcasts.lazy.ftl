# The words of the broadcasts page(s), loaded with the page (see console/pages/broadcasts/strings.ts).

console-broadcasts-list = Все рассылки
console-broadcasts-new = Новая рассылка
console-broadcasts-none = Рассылок пока нет.
console-broadcasts-more = Показать ещё
console-broadcasts-title = Название
console-broadcasts-kind = Вид
console-broadcasts-kind-marketing = Маркетинговая
console-broadcasts-kind-service = Служебное уведомление
console-broadcasts-kind-marketing-about = Уходит только пациентам с согласием на рекламу и только после одобрения администратора.
console-broadcasts-kind-service-about = Уведомление о визитах (например, филиал закрыт): уходит и без согласия на рекламу — выбранным людям и тем, кто получает их уведомления.
console-broadcasts-state = Состояние
console-broadcasts-state-draft = Черновик
console-broadcasts-state-scheduled = Запланирована
console-broadcasts-state-sending = Отправляется
console-broadcasts-state-paused = На паузе
console-broadcasts-state-done = Отправлена
console-broadcasts-state-cancelled = Отменена
console-broadcasts-when = Когда
console-broadcasts-numbers = Цифры
console-broadcasts-key-numbers = отправлено { $sent } из { $targeted } · нажали { $tapped } · записались { $booked }

console-broadcasts-message = Сообщение
console-broadcasts-text-hint = Текст нужен на обоих языках. { "{" }first_name{ "}" } заменяется именем читателя.
console-broadcasts-text-ru = Текст на русском
console-broadcasts-text-kk = Текст на казахском
console-broadcasts-chars = { $count } из { $max } символов
console-broadcasts-photo = Фото
console-broadcasts-photo-none = Без фото
console-broadcasts-photo-url = Адрес фото (https)
console-broadcasts-photo-file = Идентификатор файла в Telegram
console-broadcasts-button-n = Кнопка { $n }
console-broadcasts-button-kind = Что делает
console-broadcasts-button-link = Открывает ссылку
console-broadcasts-button-book = Записаться на услугу
console-broadcasts-button-label-ru = Надпись на русском
console-broadcasts-button-label-kk = Надпись на казахском
console-broadcasts-button-url = Ссылка
console-broadcasts-button-service = Услуга
console-broadcasts-button-add = Добавить кнопку
console-broadcasts-button-remove = Убрать кнопку

console-broadcasts-audience = Аудитория
console-broadcasts-audience-from-saved = Взять сохранённую аудиторию
console-broadcasts-audience-save-as = Сохранить аудиторию под названием
console-broadcasts-audience-save = Сохранить аудиторию
console-broadcasts-audience-saved = Аудитория «{ $name }» сохранена.
console-broadcasts-age = Возраст
console-broadcasts-from = от
console-broadcasts-to = до
console-broadcasts-sex = Пол
console-broadcasts-sex-female = женский
console-broadcasts-sex-male = мужской
console-broadcasts-any = любой
console-broadcasts-yes = да
console-broadcasts-no = нет
console-broadcasts-languages = Язык чата
console-broadcasts-language = Язык
console-broadcasts-branches-visited = Были в филиалах
console-broadcasts-services-used = Пользовались услугами
console-broadcasts-whole-category = вся категория
console-broadcasts-last-visit-after = Последний визит не раньше
console-broadcasts-last-visit-before = Последний визит раньше
console-broadcasts-no-visit-days = Не приходили, дней
console-broadcasts-missed-days = Пропустили или отменили визит за последние, дней
console-broadcasts-upcoming = Есть предстоящий визит
console-broadcasts-nps = Оценка NPS (последняя)
console-broadcasts-nps-promoter = 9–10
console-broadcasts-nps-passive = 7–8
console-broadcasts-nps-detractor = 0–6
console-broadcasts-guardians-of = Родители детей в возрасте
console-broadcasts-visit-at = Визит в филиале в этот день
console-broadcasts-branch = Филиал
console-broadcasts-day = День

console-broadcasts-preview = Кто получит
console-broadcasts-preview-count = { $count ->
    [one] { $count } человек
    [few] { $count } человека
    [many] { $count } человек
   *[other] { $count } человека
}
console-broadcasts-preview-languages = по-русски { $ru }, по-казахски { $kk }
console-broadcasts-preview-consent = Только те, кто согласился получать рекламу.
console-broadcasts-examples = Примеры
console-broadcasts-example = · { $age } · { $sex } · { $language }
console-broadcasts-catalog-empty = В каталоге пока пусто.

console-broadcasts-save-draft = Сохранить черновик
console-broadcasts-save = Сохранить изменения
console-broadcasts-edit-unapproves = После изменения рассылку нужно снова проверить и одобрить.
console-broadcasts-save-first = Есть несохранённые изменения: сначала сохраните их.

console-broadcasts-steps = Проверка и отправка
console-broadcasts-version = Версия
console-broadcasts-tested = Проверена на себе
console-broadcasts-approved = Одобрена
console-broadcasts-test = Отправить себе на пробу
console-broadcasts-test-sent = Пробное сообщение на обоих языках отправлено в ваш Telegram.
console-broadcasts-test-first = Отправьте эту версию себе на пробу: без этого администратор не сможет её одобрить.
console-broadcasts-awaiting-approval = Ждёт одобрения администратора.
console-broadcasts-approve = Одобрить
console-broadcasts-send-at = Время отправки
console-broadcasts-schedule = Запланировать
console-broadcasts-send-now = Отправить сейчас
console-broadcasts-pause = Приостановить
console-broadcasts-resume = Продолжить
console-broadcasts-cancel = Отменить рассылку
console-broadcasts-cancel-confirm = Да, отменить

console-broadcasts-stats = Результаты
console-broadcasts-total = Всего
console-broadcasts-n-targeted = Получателей
console-broadcasts-n-sent = Доставлено
console-broadcasts-n-failed = Ошибка отправки
console-broadcasts-n-blocked = Заблокировали бота
console-broadcasts-n-skipped = Пропущено (отозвали согласие, отмена)
console-broadcasts-n-pending = Ещё в очереди
console-broadcasts-n-tapped = Нажали кнопку
console-broadcasts-n-taps = Нажатий всего
console-broadcasts-n-booked = Записались за 7 дней
console-broadcasts-n-visits = Визитов за 7 дней
console-broadcasts-n-from-button = Записались через кнопку
console-broadcasts-stats-about = Только цифры: имена получателей здесь не показываются.

console-broadcasts-aud = Сохранённые аудитории
console-broadcasts-aud-new = Новая аудитория
console-broadcasts-aud-none = Сохранённых аудиторий пока нет.
console-broadcasts-aud-name = Название аудитории
console-broadcasts-aud-conditions = Условий
console-broadcasts-aud-everyone = все
console-broadcasts-aud-delete = Удалить
console-broadcasts-aud-delete-confirm = Да, удалить

console-broadcasts-auto = Автоматические рассылки
console-broadcasts-auto-new = Новая автоматизация
console-broadcasts-auto-none = Автоматизаций пока нет.
console-broadcasts-auto-edit = Изменить
console-broadcasts-auto-kind = Вид
console-broadcasts-auto-recall = Напоминание о визите
console-broadcasts-auto-win-back = Возврат пациента
console-broadcasts-auto-recall-about = Тем, кто не приходил весь период (можно выбрать услуги) и никуда не записан.
console-broadcasts-auto-win-back-about = Тем, кто за период отменил или пропустил визит и больше не записался.
console-broadcasts-auto-hour = Время (по часам клиники)
console-broadcasts-auto-period = Период, дней
console-broadcasts-auto-last-run = Последний запуск
console-broadcasts-auto-active = Работает
console-broadcasts-auto-stopped = Остановлена
console-broadcasts-auto-awaiting = Ждёт одобрения
console-broadcasts-auto-stop = Остановить
console-broadcasts-auto-stop-confirm = Да, остановить
console-broadcasts-auto-edit-stops = После изменения автоматизация остановится до нового одобрения администратора.
