# Profile, language, consents, deleting data.

profile-card =
    <b>Ваш профиль</b>

    ФИО: { $name }
    Телефон: { $phone }
    ИИН: { $iin }
    Дата рождения: { $birthDate }
    Язык: { $language }

    <b>Согласия</b>
    Персональные данные: { $personal }
    Медицинские данные: { $medical }
    Новости и акции: { $marketing }
    Медицинские документы в Telegram: { $documents }
consent-granted = дано { $date }
consent-withdrawn = отозвано { $date }
consent-none = не дано
profile-change-language = 🌐 Сменить язык
profile-change-phone = 📱 Сменить телефон
profile-marketing-on = 🔔 Получать новости
profile-marketing-off = 🔕 Не получать новости
profile-family = 👨‍👩‍👧 Семья
profile-delete = 🗑 Удалить мои данные
profile-guardians = 👁 Кто видит мои записи

profile-phone-prompt = Поделитесь новым номером кнопкой ниже или напишите его в формате +7 701 123 45 67. /cancel — отменить.
profile-phone-changed = Номер телефона изменён: { $phone }.
profile-marketing-enabled = Готово: будем присылать новости и акции.
profile-marketing-disabled = Готово: новости и акции больше не придут.

profile-delete-confirm =
    <b>Удалить ваши данные?</b>

    Мы отвяжем этот Telegram-аккаунт, удалим телефон, список семьи и отзовём согласия. ФИО, ИИН и дату рождения клиника обязана хранить вместе с медицинскими записями о прошедших визитах — они не будут использоваться ни для чего другого.

    Документы, которые выдала клиника (направления, рецепты, справки, заключения, результаты анализов), — медицинские записи: они остаются в клинике и по-прежнему проверяются по коду, но в Telegram больше не придут, а ссылки на них перестанут открываться.
profile-delete-visits = <b>Эти будущие записи будут отменены</b> (и ваших подопечных, у которых нет других представителей):
profile-delete-visit = • { $at } — { $name }: { $service }, { $branch }
profile-delete-yes = Да, удалить
profile-delete-no = Нет, оставить
profile-deleted = Ваши данные удалены, аккаунт отвязан. Документы клиники сохранены как медицинские записи. Чтобы снова пользоваться ботом, отправьте /start.
profile-delete-kept = Хорошо, ничего не удаляем.

language-prompt = Выберите язык.
language-changed = Готово, теперь я говорю по-русски.
