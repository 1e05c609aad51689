# Common texts of the bot: menu, help, commands, generic answers.

lang-name-ru = Русский
lang-name-kk = Қазақша

menu-title = Главное меню. Выберите, что нужно сделать.
menu-profile = 👤 Профиль
menu-family = 👨‍👩‍👧 Семья
menu-language = 🌐 Язык
menu-help = ❓ Помощь

cmd-start = Начать или продолжить
cmd-menu = Главное меню
cmd-profile = Мой профиль
cmd-family = Моя семья
cmd-language = Сменить язык
cmd-help = Помощь
cmd-cancel = Отменить текущее действие

help-text =
    Я бот клиники Emhana. Что я умею:
    /menu — главное меню
    /profile — ваши данные, язык, согласия, удаление данных
    /family — дети и родственники, которых вы записываете к врачу
    /language — сменить язык
    /cancel — прервать текущее действие
help-registration =
    Чтобы пользоваться ботом, пройдите короткую регистрацию: язык, согласие, телефон, ФИО и ИИН.
    /start — продолжить регистрацию с того же места
    /language — сменить язык
    /cancel — приостановить регистрацию

unknown-input = Я не понял это сообщение. Выберите действие в меню ниже или отправьте /help.
error-generic = Что-то пошло не так. Попробуйте ещё раз чуть позже.
cancelled = Действие отменено.
cancelled-registration = Регистрация приостановлена. Чтобы продолжить с того же места, отправьте /start.
nothing-to-cancel = Сейчас нечего отменять.
stale-button = Эта кнопка уже неактуальна.
use-buttons-again = Здесь нужен ответ кнопкой. Выберите вариант из кнопок ниже.
skip = Пропустить
back = ← Назад
yes = Да
no = Нет
sex-male = мужской
sex-female = женский
not-set = не указан
input-too-long =
    Слишком длинно: можно не больше { $max } { $max ->
        [one] символа
        [few] символов
       *[many] символов
    }, а в вашем сообщении { $length }. Сократите его и отправьте ещё раз.
input-iin-too-long =
    В ИИН ровно { $digits } цифр, а в вашем сообщении { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }. Проверьте номер и напишите его ещё раз.
