# The staff web console at /console. The API's domain errors come from errors.ftl; a
# console-err-<module>-<code> message here would word one for staff instead.

console-sign-in-title = Қызметкерлерге кіру
console-username = Пайдаланушы аты
console-password = Құпиясөз
console-sign-in = Кіру
console-sign-out = Шығу
console-session-expired = Сеанс аяқталды. Қайта кіріңіз.
console-language = Тіл
console-language-ru = Русский
console-language-kk = Қазақша
# Мазмұнның тілі (өтініштің, құжаттың, мәтіннің); жоғарыдағы ауыстырғыш әр тілді өз атымен атайды.
console-language-name-ru = Орысша
console-language-name-kk = Қазақша
console-navigation = Бөлімдер
console-loading = Жүктелуде…
console-not-found = Мұндай бет жоқ.
console-to-start = Басты бетке
console-save = Сақтау
console-cancel = Болдырмау

console-error-generic = Болмады. Қайта көріңіз.
console-error-network = Сервер жауап бермей тұр. Байланысты тексеріп, қайта көріңіз.
console-error-invalid = Өрістерді тексеріңіз: { $fields }.
console-error-invalid-generic = Енгізілген деректерді тексеріңіз.
console-error-unauthorized = Жалғастыру үшін кіріңіз.
console-error-forbidden = Сіздің рөліңізге бұл әрекетке рұқсат жоқ.
console-error-not-found = Табылмады.
console-error-too-many = Сұраулар тым көп. Біраз күтіп, қайта көріңіз.

console-field-username = Пайдаланушы аты
console-field-displayName = Аты-жөні
console-field-password = Құпиясөз
console-field-roles = Рөлдер
console-field-name = Атауы
console-field-days = Мерзімі, күн

console-role-admin = Әкімші
console-role-registrar = Тіркеуші
console-role-doctor = Дәрігер
console-role-operator = Оператор
console-role-marketer = Маркетолог
console-role-bot = Бот

console-page-home = Басты бет
console-home-hello = Сәлеметсіз бе, { $name }!
console-home-roles = Сіздің рөлдеріңіз:
console-home-nothing-yet = Рөлдеріңізге арналған бөлімдер жақында осында пайда болады.

console-page-staff = Қызметкерлер
console-staff-accounts = Есептік жазбалар
console-staff-roles = Рөлдер
console-staff-status = Күйі
console-staff-active = Белсенді
console-staff-inactive = Өшірілген
console-staff-last-login = Соңғы кіру
console-staff-create = Қызметкер қосу
console-staff-created = { $username } есептік жазбасы құрылды.
console-staff-change-roles = Рөлдерді өзгерту
console-staff-deactivate = Өшіру
console-staff-deactivate-confirm = Иә, өшіру

console-tokens = Сервистік токендер
console-tokens-about = Ішкі жүйелер мен бот үшін. Токен бір рет қана көрсетіледі — оны бірден сақтап алыңыз.
console-tokens-none = Әзірге токен жоқ. Біріншісін төменде шығарыңыз.
console-tokens-issue = Токен шығару
console-tokens-issued = { $name } токені шығарылды. Оны қазір көшіріп алыңыз: ол қайта көрсетілмейді.
console-tokens-issued-done = Токенді сақтап алдым
console-tokens-role = Рөлі
console-tokens-created-by = Кім шығарды
console-tokens-created = Шығарылған күні
console-tokens-expires = Жарамдылық мерзімі
console-tokens-valid = Жарамды
console-tokens-revoked = Кері қайтарылды
console-tokens-expired = Мерзімі өтті
console-tokens-revoke = Кері қайтару
console-tokens-revoke-confirm = Иә, кері қайтару
