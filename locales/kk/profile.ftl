# Profile, language, consents, deleting data.

profile-card =
    <b>Сіздің профиліңіз</b>

    Аты-жөні: { $name }
    Телефон: { $phone }
    ЖСН: { $iin }
    Туған күні: { $birthDate }
    Тіл: { $language }

    <b>Келісімдер</b>
    Дербес деректер: { $personal }
    Медициналық деректер: { $medical }
    Жаңалықтар мен акциялар: { $marketing }
    Медициналық құжаттар Telegram-да: { $documents }
consent-granted = { $date } берілді
consent-withdrawn = { $date } кері қайтарып алынды
consent-none = берілмеген
profile-change-language = 🌐 Тілді ауыстыру
profile-change-phone = 📱 Телефонды ауыстыру
profile-marketing-on = 🔔 Жаңалықтарды алу
profile-marketing-off = 🔕 Жаңалықтардан бас тарту
profile-family = 👨‍👩‍👧 Отбасы
profile-delete = 🗑 Деректерімді жою
profile-guardians = 👁 Жазбаларымды кім көреді

profile-phone-prompt = Жаңа нөміріңізбен төмендегі батырма арқылы бөлісіңіз немесе оны +7 701 123 45 67 форматында жазыңыз. /cancel — болдырмау.
profile-phone-changed = Телефон нөмірі өзгертілді: { $phone }.
profile-marketing-enabled = Дайын: жаңалықтар мен акцияларды жібереміз.
profile-marketing-disabled = Дайын: жаңалықтар мен акциялар енді келмейді.

profile-delete-confirm =
    <b>Деректеріңізді жоямыз ба?</b>

    Осы Telegram аккаунтын ажыратамыз, телефонды, отбасы тізімін жоямыз және келісімдеріңізді кері қайтарып аламыз. Аты-жөніңізді, ЖСН-іңізді және туған күніңізді клиника өткен қабылдаулардың медициналық жазбаларымен бірге сақтауға міндетті — олар басқа ешнәрсеге пайдаланылмайды.
profile-delete-visits = <b>Мына алдағы жазылулардың күші жойылады</b> (басқа өкілі жоқ қамқорлығыңыздағылардікі де):
profile-delete-visit = • { $at } — { $name }: { $service }, { $branch }
profile-delete-yes = Иә, жою
profile-delete-no = Жоқ, қалдыру
profile-deleted = Деректеріңіз жойылды, аккаунт ажыратылды. Ботты қайта пайдалану үшін /start жіберіңіз.
profile-delete-kept = Жақсы, ештеңе жойылмайды.

language-prompt = Тілді таңдаңыз.
language-changed = Дайын, енді қазақ тілінде сөйлеймін.
