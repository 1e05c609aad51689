# Messages for the API's domain errors: err-<module>-<code>.

err-unknown = Не получилось. Попробуйте ещё раз.

err-patients-telegram_user_required = Не удалось определить ваш Telegram-аккаунт.
err-patients-iin_format = ИИН — это 12 цифр без букв. Проверьте и напишите ещё раз.
err-patients-iin_century = В ИИН неверная седьмая цифра (век и пол). Проверьте номер и напишите ещё раз.
err-patients-iin_date = В начале ИИН должна быть дата рождения (ГГММДД), а такой даты нет. Проверьте номер.
err-patients-iin_future = По этому ИИН дата рождения получается в будущем. Проверьте номер.
err-patients-iin_checksum = Контрольная цифра ИИН не сходится — вероятно, опечатка. Проверьте номер и напишите ещё раз.
err-patients-phone_invalid = Не похоже на номер телефона. Напишите в формате +7 701 123 45 67.
err-patients-contact_not_own = Это чужой контакт. Поделитесь своим номером кнопкой ниже или напишите его вручную.
err-patients-name_invalid = Напишите только буквы (можно пробел, дефис и апостроф), до 60 символов.
err-patients-consent_outdated = Текст согласия обновился. Прочитайте его ещё раз.
err-patients-consents_required = Без согласия на обработку данных продолжить нельзя.
err-patients-registration_incomplete = Регистрация ещё не закончена. Отправьте /start, чтобы продолжить.
err-patients-not_registered = Сначала пройдите регистрацию: отправьте /start.
err-patients-patient_not_found = Пациент не найден.
err-patients-dependant_not_found = Этого человека нет в вашей семье.
err-patients-dependant_is_self = Это ваш собственный ИИН.
err-patients-dependant_exists = Этот человек уже есть в вашей семье.
err-patients-minor_self_registration = По ИИН вам меньше { $adultAge } { $adultAge ->
        [one] года
        [few] лет
       *[many] лет
    } — зарегистрироваться самостоятельно нельзя. Попросите маму, папу или другого законного представителя добавить вас в разделе «Семья» их бота.
err-patients-not_verifying = Сейчас нечего подтверждать. Отправьте /start.
err-patients-code_wrong = Код не подходит. Осталось попыток: { $attemptsLeft }.
err-patients-code_expired = Этот код больше не действует. Запросите новый кнопкой «Отправить код ещё раз» или подтвердите личность в клинике.
err-patients-code_rate_limited = Код уже отправлялся недавно. Новый можно запросить через { $retryAfterSeconds } { $retryAfterSeconds ->
        [one] секунду
        [few] секунды
       *[many] секунд
    } — или подтвердите личность в клинике.
err-patients-sms_unavailable = Сейчас клиника не отправляет SMS. Подтвердите личность в клинике с удостоверением личности.
err-patients-check_not_found = Заявка на подтверждение не найдена.
err-patients-check_decided = По этой заявке уже принято решение.
err-patients-check_reference = Номер заявки не совпадает. Спросите у пациента номер, который бот показал ему в чате.
err-patients-dependants_limit = В семье может быть не больше { $max } { $max ->
        [one] человека
        [few] человек
       *[many] человек
    } вместе с ожидающими запросами. Уберите кого-нибудь, чтобы добавить нового.
err-patients-request_pending = Запрос на этого человека уже отправлен и ждёт ответа.
err-patients-request_not_found = Этот запрос не найден.
err-patients-request_answered = На этот запрос уже ответили.
err-patients-guardian_not_found = Этого человека нет среди ваших представителей.
err-patients-patient_exists = Пациент с таким ИИН уже есть в клинике (карта № { NUMBER($patientId, useGrouping: 0) }): откройте её, новая не создана.
err-botState-foreign_key = Нет доступа.

err-auth-invalid_credentials = Неверное имя пользователя или пароль.
err-auth-account_not_found = Учётная запись не найдена.
err-auth-username_taken = Такое имя пользователя уже занято.
err-auth-last_admin = Нельзя отключить последнего администратора.
err-auth-too_many_attempts = Слишком много неудачных попыток входа. Попробуйте снова через { $retryAfterSeconds } { $retryAfterSeconds ->
        [one] секунду
        [few] секунды
       *[many] секунд
    }.
err-auth-token_not_found = Такой токен не найден.
err-auth-doctor_not_found = В клинике нет такого врача.

err-clinic-branch_not_found = Филиал не найден.
err-clinic-category_not_found = Категория услуг не найдена.
err-clinic-service_not_found = Услуга не найдена.
err-clinic-doctor_not_found = Врач не найден.
err-clinic-exception_not_found = Исключение в расписании не найдено.
err-clinic-doctor_not_in_branch = Врач не работает в этом филиале.
err-clinic-invalid_age_range = Верхняя граница возраста меньше нижней.
err-clinic-schedule_overlap = Интервалы расписания врача пересекаются.

err-booking-appointment_not_found = Визит не найден.
err-booking-slot_taken = Это время только что заняли. Выберите другое.
err-booking-slot_unavailable = На это время записаться нельзя. Выберите время из списка.
err-booking-patient_busy = У пациента уже есть визит в это время.
err-booking-too_soon =
    { $minNoticeMinutes ->
        [0] Это время уже прошло. Выберите другое.
       *[other] Записаться можно не позже чем за { $minNoticeMinutes } { $minNoticeMinutes ->
        [one] минуту
        [few] минуты
       *[many] минут
    } до начала.
    }
err-booking-too_far = Записаться можно не более чем на { $horizonDays } { $horizonDays ->
        [one] день
        [few] дня
       *[many] дней
    } вперёд.
err-booking-change_too_late = Перенести или отменить визит можно не позже чем за { $cutoffMinutes } { $cutoffMinutes ->
        [one] минуту
        [few] минуты
       *[many] минут
    } до начала. Позвоните в клинику: { $phone }
err-booking-limit_active = У вас уже { $max } { $max ->
        [one] предстоящий визит
        [few] предстоящих визита
       *[many] предстоящих визитов
    } — больше нельзя. Отмените один из визитов или дождитесь, когда он пройдёт.
err-booking-limit_category = К этому специалисту уже есть предстоящий визит (к одному специалисту — не больше { $max }). Перенесите или отмените его в «🗓 Мои записи».
err-booking-limit_account = С одного аккаунта можно держать не больше { $max } { $max ->
        [one] будущей записи
        [few] будущих записей
       *[many] будущих записей
    } на всю семью. Отмените одну или дождитесь, когда она пройдёт.
err-booking-age_restricted = Эта услуга не подходит по возрасту пациента.
err-booking-hold_expired = Время, которое мы держали для вас, истекло. Выберите время заново.
err-booking-invalid_transition = С визитом в таком статусе этого сделать нельзя.
err-booking-not_started = Визит ещё не начался: неявку можно отметить только после его начала.
err-booking-not_your_patient = Это не ваш визит.
err-booking-no_doctor_linked = Ваша учётная запись не связана с врачом клиники. Попросите администратора указать врача.
err-booking-service_not_offered = Эта услуга сейчас недоступна в выбранном филиале.
err-booking-visit_changed = Визит изменился с тех пор, как пришло это сообщение.

err-feedback-not_completed = Оценить можно только состоявшийся визит.
err-feedback-already_answered = Ваша оценка этого визита уже учтена.
err-feedback-not_answered = Сначала поставьте оценку.
err-feedback-follow_up_not_found = Задача обратной связи не найдена.
err-feedback-follow_up_closed = Эта задача уже закрыта.

err-documents-document_not_found = Документ не найден.
err-documents-kind_unknown = Такого вида документа нет.
err-documents-kind_upload_only = Этот вид документа можно только загрузить файлом.
err-documents-fields_invalid = Проверьте поле «{ $path }»: { $message }
err-documents-patient_not_found = Пациент не найден.
err-documents-not_your_patient = У этого пациента нет приёмов у вас: его документы вам недоступны.
err-documents-not_your_document = Этот документ выписан не вами: отозвать его может врач, который его выписал, или регистратура.
err-documents-visit_not_of_patient = Этот визит не относится к пациенту.
err-documents-doctor_not_found = Врач не найден.
err-documents-file_type = Можно загрузить только PDF, JPEG или PNG.
err-documents-file_too_large = Файл слишком большой: не более { $maxMb } МБ.
err-documents-file_empty = Файл пустой.
err-documents-issue_date_future = Дата выдачи не может быть позже сегодняшней ({ $today }).
err-documents-already_revoked = Документ уже отозван.
err-documents-revoked = Этот документ отозван клиникой и больше недействителен. Если нужен новый, позвоните в клинику: { $phone }

err-payments-invoice_not_found = Счёт не найден.
err-payments-patient_not_found = Пациент не найден.
err-payments-visit_not_of_patient = Этот визит не относится к пациенту.
err-payments-visit_not_found = Визит не найден.
err-payments-service_not_found = Услуга не найдена.
err-payments-invoice_empty = В счёте нет суммы к оплате.
err-payments-invoice_too_large = Сумма счёта слишком велика: проверьте цены и количество.
err-payments-invoice_not_payable = Этот счёт сейчас нельзя оплатить.
err-payments-invoice_already_paid = Этот счёт уже оплачен.
err-payments-invoice_void = Этот счёт отменён, платить по нему не нужно.
err-payments-invoice_changed = Счёт изменился. Откройте его заново.
err-payments-provider_unavailable = Платёжный сервис сейчас не отвечает. Попробуйте через несколько минут или выберите другой способ оплаты.
err-payments-provider_off = Этот способ оплаты сейчас недоступен. Выберите другой.
err-payments-payment_not_found = Платёж не найден.
err-payments-refund_too_large = Вернуть можно не больше оплаченного.
err-payments-refund_not_paid = Вернуть можно только оплаченный платёж.
err-payments-alert_not_found = Уведомление не найдено.

err-support-category_not_found = Раздел не найден.
err-support-entry_not_found = Ответ не найден.
err-support-ticket_not_found = Обращение не найдено.
err-support-ticket_closed = Это обращение закрыто. Напишите новое — мы ответим.
err-support-answer_to_closed = Обращение закрыто, ответ пациенту не отправлен. Чтобы ответить, сначала откройте обращение снова.
err-support-ticket_not_closed = Оценить можно после закрытия обращения.
err-support-already_rated = Вы уже оценили этот ответ. Спасибо!
err-support-message_empty = Напишите текст или пришлите фото или файл.
err-support-assignee_not_found = Сотрудник не найден или отключён.
err-support-visit_not_found = Визит не найден.
err-support-visit_not_past = Сообщить об отсутствии можно после времени визита.
err-broadcasts-broadcast_not_found = Рассылка не найдена.
err-broadcasts-audience_not_found = Сохранённая аудитория не найдена.
err-broadcasts-automation_not_found = Автоматическая рассылка не найдена.
err-broadcasts-wrong_state = Сейчас это сделать нельзя: рассылка в другом состоянии.
err-broadcasts-text_missing = Нужен текст на русском и на казахском.
err-broadcasts-caption_too_long = С фото текст — это подпись: не длиннее { $max } символов на каждом языке.
err-broadcasts-not_tested = Сначала отправьте эту версию себе на пробу.
err-broadcasts-not_approved = Рассылку этой версии ещё не одобрил администратор.
err-broadcasts-no_own_chat = У вашей учётной записи не указан ваш Telegram: пробная рассылка уходит туда.
err-broadcasts-service_not_found = Услуга для кнопки «Записаться» не найдена или не оказывается.
err-broadcasts-button_not_found = Эта кнопка больше не работает.
err-broadcasts-visit_not_found = Визит не найден.
err-audit-export_too_large = Под условия подходит записей: { $count }, а в одну выгрузку входит не больше { $max }. Сузьте период или добавьте условия.
