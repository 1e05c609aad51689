# Common texts of the bot: menu, help, commands, generic answers.

lang-name-ru = Русский
lang-name-kk = Қазақша

menu-title = Басты мәзір. Не істеу керек екенін таңдаңыз.
menu-profile = 👤 Профиль
menu-family = 👨‍👩‍👧 Отбасы
menu-language = 🌐 Тіл
menu-help = ❓ Көмек

cmd-start = Бастау немесе жалғастыру
cmd-menu = Басты мәзір
cmd-profile = Менің профилім
cmd-family = Менің отбасым
cmd-language = Тілді ауыстыру
cmd-help = Көмек
cmd-cancel = Ағымдағы әрекетті тоқтату

help-text =
    Мен Emhana клиникасының ботымын. Менің мүмкіндіктерім:
    /menu — басты мәзір
    /profile — деректеріңіз, тіл, келісімдер, деректерді жою
    /family — өзіңіз дәрігерге жазатын балаларыңыз бен туыстарыңыз
    /language — тілді ауыстыру
    /cancel — ағымдағы әрекетті тоқтату
help-registration =
    Ботты пайдалану үшін қысқа тіркеуден өтіңіз: тіл, келісім, телефон, аты-жөні және ЖСН.
    /start — тіркеуді тоқтаған жерден жалғастыру
    /language — тілді ауыстыру
    /cancel — тіркеуді тоқтата тұру

unknown-input = Бұл хабарламаны түсінбедім. Төмендегі мәзірден әрекетті таңдаңыз немесе /help жіберіңіз.
error-generic = Бірдеңе дұрыс болмады. Сәлден кейін қайталап көріңіз.
cancelled = Әрекет тоқтатылды.
cancelled-registration = Тіркеу тоқтатыла тұрды. Сол жерден жалғастыру үшін /start жіберіңіз.
nothing-to-cancel = Қазір тоқтататын ештеңе жоқ.
stale-button = Бұл батырма енді өзекті емес.
use-buttons = Жоғарыдағы батырмалардың бірін таңдаңыз.
skip = Өткізіп жіберу
back = ← Артқа
yes = Иә
no = Жоқ
sex-male = ер
sex-female = әйел
not-set = көрсетілмеген
