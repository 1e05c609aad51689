# Documents on the web: the download page behind a link the bot sent, and the public verification page.

web-lang-ru = Русский
web-lang-kk = Қазақша

docweb-confirm-title = Документ для вас
docweb-confirm-text = { $clinic } отправляет вам документ. Чтобы скачать его, подтвердите, что это вы: мы пришлём код в ваш чат с ботом в Telegram.
docweb-send-code = Получить код в Telegram
docweb-code-sent = Мы отправили код из 6 цифр в ваш чат с ботом. Введите его здесь — он действует { $minutes } мин.
docweb-code-label = Код из Telegram
docweb-code-submit = Подтвердить
docweb-code-resend = Отправить код ещё раз
docweb-code-wrong = Код не подходит. Осталось попыток: { $left }.
docweb-code-spent = Код больше не действует: он устарел или было слишком много неверных попыток. Получите новый код.
docweb-code-wait = Новый код можно получить через { $seconds } с.
docweb-code-locked = По этой ссылке больше нельзя получить код. Откройте документ в боте (раздел «Документы»), чтобы получить новую ссылку.
docweb-too-many = Слишком много попыток с вашего IP-адреса. Попробуйте снова через { $minutes } мин.
docweb-ready-title = Документ готов к скачиванию
docweb-ready-text = { $kind } № { $number } от { $date }
docweb-download = Скачать файл
docweb-ready-note = Подтверждение действует { $minutes } мин. Не пересылайте эту ссылку: документ составляет врачебную тайну.
docweb-confirm-first = Сначала подтвердите, что это вы: получите код в Telegram на странице ссылки.
docweb-not-found-title = Ссылка не найдена
docweb-not-found-text = Ссылка неверна или больше не работает. Откройте документ в боте (раздел «Документы»).
docweb-expired-title = Срок действия ссылки истёк
docweb-expired-text = Ссылки на документы действуют { $hours } ч. Откройте документ в боте (раздел «Документы»), чтобы получить его снова.
docweb-revoked-title = Документ отозван
docweb-revoked-text = Клиника отозвала этот документ, скачать его нельзя. Если нужен новый, позвоните в клинику: { $phone }
docweb-code-message =
    🔐 Код для скачивания документа: <b>{ $code }</b>
    Он действует { $minutes } мин. Если вы не открывали ссылку на документ, никому не сообщайте этот код.

verify-title = Проверка документа
verify-intro = Введите код с документа (10 символов рядом с QR-кодом), чтобы проверить его подлинность.
verify-code-label = Код проверки
verify-submit = Проверить
verify-not-found-title = Документ не найден
verify-not-found-text = Документа с таким кодом нет. Проверьте, правильно ли введён код.
verify-too-many = Слишком много проверок с вашего IP-адреса. Попробуйте снова через { $minutes } мин.
verify-valid = Документ действителен
verify-revoked = Документ отозван клиникой { $date }
verify-kind = Вид документа
verify-number = Номер
verify-date = Дата выдачи
verify-clinic = Клиника
verify-doctor = Врач
verify-patient = Пациент (инициалы)
verify-iin = ИИН
verify-sha = SHA-256 файла
verify-sha-note = Сравните с контрольной суммой вашего файла: если они совпадают, файл не изменён.
verify-another = Проверить другой документ
