# Booking, my appointments, and what the clinic is told.

menu-book = 📅 Записаться
menu-appointments = 🗓 Мои записи
cmd-book = Записаться на приём
cmd-appointments = Мои записи

bk-whom = Для кого запись?
bk-for-me = Для меня ({ $name })
bk-branch = Выберите филиал.
bk-branch-for-service = { $service }: выберите филиал.
bk-category = Выберите направление.
bk-service = Выберите услугу.
bk-service-button = { $name } — { $price }, { $minutes } мин
bk-doctor = Выберите врача.
bk-any-doctor = 👥 Любой врач — ближайшее время
bk-doctor-button = { $name } ({ $specialty }) — { $price }
bk-day = Выберите день. Доступны только дни со свободным временем.
bk-no-free-days = В ближайшие недели свободного времени нет. Выберите другого врача или услугу.
bk-no-time-that-day = В этот день свободного времени нет.
bk-times = { $day }: выберите время.
bk-day-gone = На этот день всё время уже занято — выберите другой день.
bk-summary = <b>Проверьте запись</b> — время забронировано за вами на несколько минут.
# The summary of a prepaid service: what is to pay and by when, before the patient confirms.
bk-prepaid = 💳 Эта услуга оплачивается заранее: { $price } нужно оплатить до начала визита ({ $when }). Кнопка «Оплатить» придёт вместе с подтверждением записи.
bk-confirm = ✅ Записаться
bk-card-patient = Пациент: { $name }
bk-card-service = Услуга: { $service } ({ $minutes } мин)
bk-card-doctor = Врач: { $doctor }, { $specialty }
bk-card-when = Когда: { $when }
bk-card-branch = Где: { $branch }, { $address }
bk-card-price = Стоимость: { $price }
bk-card-online = Где: онлайн, ссылка для подключения: { $link }
# The whole card, as the bot's confirmation and the clinic's notices show it ($place: online or clinic).
bk-card =
    { bk-card-service }
    { bk-card-doctor }
    { bk-card-when }
    { $place ->
        [online] { bk-card-online }
       *[clinic] { bk-card-branch }
    }
    { bk-card-price }
# Where a visit is, inside a sentence's line (reminders, notices).
visit-place =
    { $place ->
        [online] онлайн, ссылка для подключения: { $link }
       *[clinic] { $branch }, { $address }
    }
bk-booked = ✅ <b>Вы записаны!</b>
bk-ics-caption = Добавьте визит в календарь телефона.
bk-ics-description = Emhana. Телефон клиники: { $phone }
bk-ics-description-online = Emhana. Онлайн-приём, ссылка для подключения: { $link }. Телефон клиники: { $phone }
bk-ics-caption-moved = Откройте файл — визит в календаре телефона переместится на новое время.
bk-ics-filename = Визит { $date }
bk-ics-filename-cancelled = Отмена визита { $date }
bk-ics-caption-cancelled = Откройте файл — визит уберётся из календаря телефона.
bk-after = Мы напомним о визите заранее.
bk-slot-taken = Это время только что заняли.
bk-nearest = Ближайшее свободное время:
bk-other-day = 📅 Другой день
bk-start-again = Выбрать заново
bk-book-new = ➕ Новая запись
bk-service-not-for-patient = Эту услугу нельзя выбрать для этого пациента: она не подходит по возрасту или сейчас недоступна в филиале. Выберите услугу из списка.
bk-limit-category =
    Сейчас на эту услугу записаться нельзя: уже есть { $max ->
        [one] { $max } предстоящий визит
        [few] { $max } предстоящих визита
       *[many] { $max } предстоящих визитов
    } к специалисту «{ $specialty }», а больше к одному специалисту не записывают.
    Перенесите или отмените визит в «🗓 Мои записи» — или выберите другую услугу.
bk-limit-active =
    Сейчас записаться нельзя: уже есть { $max ->
        [one] { $max } предстоящий визит
        [few] { $max } предстоящих визита
       *[many] { $max } предстоящих визитов
    } — больше одновременно не бывает.
    Перенесите или отмените один из них в «🗓 Мои записи» — или запишитесь, когда визит пройдёт.
bk-limit-account =
    Сейчас записаться нельзя: с вашего аккаунта на всю семью уже { $max ->
        [one] записан { $max } будущий визит
        [few] записано { $max } будущих визита
       *[many] записано { $max } будущих визитов
    } — больше одновременно не бывает.
    Перенесите или отмените один из них в «🗓 Мои записи» — или запишитесь, когда визит пройдёт.
bk-nearest-any = Ближайшее свободное время у врачей — выберите его или другой день.
bk-nearest-slot = { $day }, { $time } — { $doctor }
bk-first-free-day = ⏩ Ближайший свободный день: { $day }

ap-upcoming = <b>Ваши предстоящие визиты</b> — нажмите на визит, чтобы открыть его.
ap-none = Предстоящих визитов нет.
ap-past = <b>Прошедшие визиты</b>
ap-past-line = { $when } — { $service } ({ $status })
ap-details = <b>Визит</b> — { $status }
ap-reschedule = 🔁 Перенести
ap-cancel = ✖ Отменить
ap-changed = Запись изменилась — вот как она выглядит сейчас.
ap-reschedule-day = Перенос визита ({ $when }). Выберите новый день.
ap-reschedule-summary =
    Перенести визит?
    Сейчас: { $from }
    Новое время: { $to }
ap-reschedule-confirm = ✅ Перенести
ap-rescheduled = ✅ <b>Визит перенесён.</b>
ap-cancel-reason = Почему вы отменяете визит?
ap-cancel-confirm = Отменить этот визит?
ap-cancel-note-prompt = Напишите причину одним сообщением — так клиника поймёт, что можно улучшить. Или нажмите «← Назад».
ap-cancel-note = Причина: «{ $note }»
ap-cancel-yes = Да, отменить
ap-cancel-keep = Нет, оставить
ap-cancelled = Визит отменён: { $when }.

reason-plans_changed = Изменились планы
reason-feel_better = Мне уже лучше
reason-booked_elsewhere = Есть запись в другом месте
reason-other = Другая причина
reason-other-noted = Другая причина (слова пациента — в карточке визита)
reason-doctor_unavailable = врач не сможет принять
reason-patient_request = по просьбе пациента
reason-clinic_closed = клиника не работает

status-held = забронирован
status-booked = запланирован
status-confirmed = подтверждён
status-arrived = пациент пришёл
status-in_progress = на приёме
status-completed = состоялся
status-cancelled = отменён
status-no_show = неявка

staff-booked = 🆕 Запись: { $patient } → { $doctor }, { $service }, { $at }, { $branch }
staff-rescheduled = 🔁 Перенос: { $patient } → { $doctor }, { $service }, теперь { $at }, { $branch }
staff-cancelled-by-patient = ✖ Пациент отменил: { $patient }, { $doctor }, { $service }, { $at } — { $reason }
staff-cancelled-by-clinic = ✖ Клиника отменила: { $patient }, { $doctor }, { $service }, { $at } — { $reason }
notice-cancelled-by-clinic =
    К сожалению, клиника отменила ваш визит: { $service }, { $doctor }, { $at }, { $branch }.
    Приносим извинения — выберите, пожалуйста, другое время.

    { bk-ics-caption-cancelled }
btn-rebook = 📅 Записаться снова
notice-moved-by-clinic =
    🔁 <b>Клиника перенесла ваш визит.</b>
    { $service }, врач { $doctor }
    Было: { $from }
    Стало: { $to }
    { visit-place }

    { bk-ics-caption-moved }
notice-booked-by-clinic =
    ✅ <b>Клиника записала вас на приём.</b>

    { bk-card }

    { bk-ics-caption }
notice-no-show =
    Мы отметили, что вы не пришли на визит ({ $at }): { $service }, врач { $doctor }.
    Если помощь всё ещё нужна, запишитесь снова — это займёт минуту.
btn-my-appointments = 🗓 Открыть запись
reason-data_deleted = пациент удалил свои данные

ap-past-open = 🕘 Прошедшие визиты
ap-past-title = <b>Прошедшие визиты</b> — последние пять. Нажмите на визит, чтобы открыть его.
ap-past-none = Прошедших визитов нет.
ap-absent = 🙅 Меня не было на этом визите
ap-absent-confirm = Сообщить клинике, что вас не было на этом визите? Клиника проверит запись и ответит вам здесь.
ap-absent-yes = Да, сообщить
ap-absent-reported = ✅ Обращение № { $number } принято: клиника проверит этот визит и ответит вам здесь.
