# Reminders, "have you arrived?", and NPS feedback.

reminder-d1 =
    🔔 Напоминаем: завтра у вас визит.
    { $service }, врач { $doctor }
    { $at }, { visit-place }
reminder-h3 =
    🔔 Через 3 часа у вас визит: { $service }, врач { $doctor }.
    { $at }, { visit-place }
reminder-h1 =
    🔔 Через час у вас визит: { $service }, врач { $doctor }.
    { $at }, { visit-place }
reminder-arrival = Вы уже в клинике? Ваш визит начался в { $atTime }, { $atDate }: { $service }, врач { $doctor }.
btn-im-coming = ✅ Я приду
btn-im-here = 🏥 Я на месте
btn-running-late = ⏱ Опаздываю
btn-cannot-come = ✖ Не смогу прийти
rm-confirmed = Спасибо! Ждём вас.
rm-outdated = Это сообщение устарело — вот ваш визит сейчас.
ar-here = Отметили, что вы на месте — регистратура это видит.
ar-late-ask = На сколько примерно вы опаздываете? Регистратура увидит это в расписании дня.
late-minutes = { $minutes } мин
ar-late = Регистратура предупреждена: вы опаздываете примерно на { $minutes } мин. Ждём вас!
ar-cannot = Визит отменён, время освобождено. Чтобы записаться снова, нажмите «📅 Записаться».
reason-cannot_come = не смог(ла) прийти
staff-arrived = 🏥 Пациент на месте: { $patient } → { $doctor }, { $service }, { $at }
staff-running-late = ⏱ Пациент опаздывает на { $minutes } мин: { $patient } → { $doctor }, { $service }, { $at }

nps-question =
    Как прошёл ваш визит { $atDate } в { $atTime } ({ $service }, врач { $doctor })?
    Насколько вероятно, что вы порекомендуете нас друзьям и близким? Оцените от 0 до 10.
nps-0 = 0
nps-1 = 1
nps-2 = 2
nps-3 = 3
nps-4 = 4
nps-5 = 5
nps-6 = 6
nps-7 = 7
nps-8 = 8
nps-9 = 9
nps-10 = 10
nps-ask-comment = Спасибо, ваша оценка — { $score }. Хотите что-то добавить? Напишите комментарий одним сообщением или нажмите «Пропустить».
nps-already = Ваша оценка уже учтена. Спасибо!
nps-thanks = Спасибо за отзыв! Он поможет нам стать лучше.
staff-low-score = ⚠️ Низкая оценка { $score }/10: { $patient }, { $doctor }, { $service }, { $at }, { $branch }. Откройте задачу обратной связи.
staff-low-score-comment = ⚠️ Низкая оценка { $score }/10: { $patient }, { $doctor }, { $service }, { $at }, { $branch }. Комментарий: «{ $comment }». Откройте задачу обратной связи.
nps-typed-out-of-range = Оцените визит числом от 0 до 10 — напишите его или нажмите кнопку в вопросе.
