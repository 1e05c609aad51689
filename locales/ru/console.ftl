# The staff web console at /console. The API's domain errors come from errors.ftl; a
# console-err-<module>-<code> message here would word one for staff instead.

console-sign-in-title = Вход для сотрудников
console-username = Имя пользователя
console-password = Пароль
console-sign-in = Войти
console-sign-out = Выйти
console-session-expired = Сеанс закончился. Войдите снова.
console-language = Язык
console-language-ru = Русский
console-language-kk = Қазақша
# A language as content (a ticket's, a document's, a text's); the switch above names each in itself.
console-language-name-ru = Русский
console-language-name-kk = Казахский
console-navigation = Разделы
console-loading = Загрузка…
console-not-found = Такой страницы нет.
console-to-start = На главную
console-save = Сохранить
console-cancel = Отмена

console-error-generic = Не получилось. Попробуйте ещё раз.
console-error-network = Сервер не отвечает. Проверьте соединение и попробуйте ещё раз.
console-error-invalid = Проверьте поля: { $fields }.
console-error-invalid-generic = Проверьте введённые данные.
console-error-unauthorized = Войдите, чтобы продолжить.
console-error-forbidden = У вашей роли нет доступа к этому действию.
console-error-not-found = Не найдено.
console-error-too-many = Слишком много запросов. Подождите немного и попробуйте снова.

console-field-username = Имя пользователя
console-field-displayName = Имя и фамилия
console-field-password = Пароль
console-field-roles = Роли
console-field-name = Название
console-field-days = Срок, дней

console-role-admin = Администратор
console-role-registrar = Регистратор
console-role-doctor = Врач
console-role-operator = Оператор
console-role-marketer = Маркетолог
console-role-bot = Бот

console-page-home = Главная
console-home-hello = Здравствуйте, { $name }!
console-home-roles = Ваши роли:
console-home-nothing-yet = Разделы для ваших ролей скоро появятся здесь.

console-page-staff = Сотрудники
console-staff-accounts = Учётные записи
console-staff-roles = Роли
console-staff-status = Состояние
console-staff-active = Активна
console-staff-inactive = Отключена
console-staff-last-login = Последний вход
console-staff-create = Добавить сотрудника
console-staff-created = Учётная запись { $username } создана.
console-staff-change-roles = Изменить роли
console-staff-deactivate = Отключить
console-staff-deactivate-confirm = Да, отключить

console-tokens = Сервисные токены
console-tokens-about = Для внутренних систем и бота. Токен показывается один раз — сразу сохраните его.
console-tokens-none = Токенов пока нет. Выпустите первый ниже.
console-tokens-issue = Выпустить токен
console-tokens-issued = Токен { $name } выпущен. Скопируйте его сейчас: больше он показан не будет.
console-tokens-issued-done = Я сохранил токен
console-tokens-role = Роль
console-tokens-created-by = Кто выпустил
console-tokens-created = Выпущен
console-tokens-expires = Действует до
console-tokens-valid = Действует
console-tokens-revoked = Отозван
console-tokens-expired = Истёк
console-tokens-revoke = Отозвать
console-tokens-revoke-confirm = Да, отозвать
