# Family: dependants a patient books for.

family-title = <b>Ваша семья</b>
family-empty = Вы пока никого не добавили. Добавьте ребёнка или пожилого родственника, чтобы записывать их к врачу.
family-item = { $name } — { $relation }, { $birthDate }, ИИН { $iin }
family-add = ➕ Добавить
family-remove = ✖ { $name }
family-remove-confirm = Убрать { $name } из вашей семьи в боте? Медицинские записи останутся в клинике.
family-remove-yes = Да, убрать
family-removed = Готово, { $name } больше не в списке.
family-added = Готово: { $name } теперь в вашей семье.
family-requested =
    Запрос отправлен. { $name } появится в вашей семье после подтверждения — его даёт сам человек, другой законный представитель или клиника. Мы напишем, когда будет решение.
family-requests-title = <b>Ждут подтверждения</b>
family-request-item = ⏳ { $name } — { $relation }
family-request-cancel = ✖ Отозвать запрос: { $name }
family-request-cancelled = Запрос отозван.
family-request-guardian =
    👨‍👩‍👧 { $requester } просит доступ к записям пациента { $name }: записывать к врачу, получать напоминания, видеть визиты. По его (её) словам, { $name } — его (её) { $relation }.
    Вы законный представитель этого пациента. Разрешить?
family-request-self =
    👨‍👩‍👧 { $requester } просит доступ к вашим записям: записывать вас к врачу, получать напоминания, видеть визиты. По его (её) словам, вы — его (её) { $relation }.
    Разрешить?
family-request-allow = ✅ Разрешить
family-request-decline = ✖ Отклонить
family-request-you-allowed = Готово: доступ разрешён.
family-request-you-declined = Готово: запрос отклонён.
family-request-approved = ✅ Запрос подтверждён: { $name } теперь в вашей семье.
family-request-declined = Запрос на { $name } не подтверждён. Если это ошибка, обратитесь в клинику с документами. Телефон клиники: { $phone }
family-guardians-ended =
    Теперь вашими записями управляете вы. Раньше к ним был доступ у: { $names }. Этот доступ закрыт.
    Если хотите, чтобы кто-то из них по-прежнему мог записывать вас и получать напоминания, нажмите кнопку.
family-guardians-ended-adult =
    Вам исполнилось 18 лет: теперь вашими записями управляете вы. Доступ был у: { $names } — он закрыт.
    Если хотите, чтобы кто-то из них по-прежнему мог записывать вас и получать напоминания, нажмите кнопку.
family-keep-guardian = ✓ Оставить доступ: { $name }
family-came-of-age = { $name } исполнилось 18 лет, и доступ к его (её) записям закрыт. Вернуть его может только сам { $name } в своём профиле.
guardians-title = <b>Кто видит ваши записи</b>
guardians-empty = Никто, кроме вас.
guardian-item-active = ✅ { $name } — { $relation }
guardian-item-ended = ⛔ { $name } — { $relation } (доступ закрыт)
guardian-end = ✖ Закрыть доступ: { $name }
guardian-kept = Доступ открыт.
guardian-ended = Доступ закрыт.

family-relation-prompt = Кого вы добавляете?
relation-child = ребёнок
relation-parent = родитель
relation-spouse = супруг(а)
relation-other = родственник
family-iin-prompt = Напишите ИИН этого человека — 12 цифр.
family-last-name-prompt = Напишите фамилию этого человека.
family-first-name-prompt = Напишите имя.
family-middle-name-prompt = Напишите отчество или нажмите «Пропустить».
family-ended-by-clinic = Клиника закрыла ваш доступ к записям пациента { $name }. Если это ошибка, обратитесь в клинику с документами. Телефон клиники: { $phone }
