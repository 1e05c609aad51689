# Booking, my appointments, and what the clinic is told.

menu-book = 📅 Жазылу
menu-appointments = 🗓 Жазылуларым
cmd-book = Қабылдауға жазылу
cmd-appointments = Менің жазылуларым

bk-whom = Кімді қабылдауға жазамыз?
bk-for-me = Өзімді ({ $name })
bk-branch = Филиалды таңдаңыз.
bk-branch-for-service = { $service }: филиалды таңдаңыз.
bk-category = Бағытты таңдаңыз.
bk-service = Қызметті таңдаңыз.
bk-service-button = { $name } — { $price }, { $minutes } мин
bk-doctor = Дәрігерді таңдаңыз.
bk-any-doctor = 👥 Кез келген дәрігер — ең жақын уақыт
bk-doctor-button = { $name } ({ $specialty }) — { $price }
bk-day = Күнді таңдаңыз. Бос уақыты бар күндерді ғана таңдауға болады.
bk-no-free-days = Алдағы апталарда бос уақыт жоқ. Басқа дәрігерді немесе қызметті таңдаңыз.
bk-no-time-that-day = Бұл күні бос уақыт жоқ.
bk-times = { $day }: уақытты таңдаңыз.
bk-day-gone = Бұл күні бос уақыт қалмады — басқа күнді таңдаңыз.
bk-summary = <b>Жазылуды тексеріңіз</b> — уақыт сізге бірнеше минутқа сақталды.
# The summary of a prepaid service: what is to pay and by when, before the patient confirms.
bk-prepaid = 💳 Бұл қызметке алдын ала төлем жасалады: { $price } сомасын қабылдау басталғанға дейін ({ $when }) төлеу керек. «Төлеу» батырмасы жазылу расталған хабарламамен бірге келеді.
bk-confirm = ✅ Жазылу
bk-card-patient = Пациент: { $name }
bk-card-service = Қызмет: { $service } ({ $minutes } мин)
bk-card-doctor = Дәрігер: { $doctor }, { $specialty }
bk-card-when = Қашан: { $when }
bk-card-branch = Қайда: { $branch }, { $address }
bk-card-price = Құны: { $price }
bk-card-online = Қайда: онлайн, қосылу сілтемесі: { $link }
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
        [online] онлайн, қосылу сілтемесі: { $link }
       *[clinic] { $branch }, { $address }
    }
bk-booked = ✅ <b>Сіз жазылдыңыз!</b>
bk-ics-caption = Қабылдауды телефоныңыздың күнтізбесіне қосыңыз.
bk-ics-description = Emhana. Клиника телефоны: { $phone }
bk-ics-description-online = Emhana. Онлайн қабылдау, қосылу сілтемесі: { $link }. Клиника телефоны: { $phone }
bk-ics-caption-moved = Файлды ашыңыз — телефон күнтізбесіндегі қабылдау жаңа уақытқа ауысады.
bk-ics-filename = Қабылдау { $date }
bk-ics-filename-cancelled = Болдырылмаған қабылдау { $date }
bk-ics-caption-cancelled = Файлды ашыңыз — қабылдау телефон күнтізбесінен өшіріледі.
bk-after = Қабылдау туралы алдын ала еске саламыз.
bk-slot-taken = Бұл уақытты жаңа ғана басқа біреу алды.
bk-nearest = Ең жақын бос уақыт:
bk-other-day = 📅 Басқа күн
bk-start-again = Қайта таңдау
bk-book-new = ➕ Жаңа жазылу
bk-service-not-for-patient = Бұл қызметті осы пациентке таңдауға болмайды: ол пациенттің жасына сәйкес келмейді немесе филиалда қазір қолжетімсіз. Тізімдегі қызметті таңдаңыз.
bk-limit-category =
    Бұл қызметке қазір жазылу мүмкін емес: «{ $specialty }» маманына алдағы { $max } қабылдау бар, бір маманға бұдан көп жазылуға болмайды.
    «🗓 Жазылуларым» бөлімінде қабылдаудың уақытын ауыстырыңыз немесе одан бас тартыңыз — не басқа қызметті таңдаңыз.
bk-limit-active =
    Қазір жазылу мүмкін емес: бір мезгілде ең көбі { $max } алдағы қабылдау болуы мүмкін, бұл сан толды.
    «🗓 Жазылуларым» бөлімінде біреуінің уақытын ауыстырыңыз немесе одан бас тартыңыз — не ол өткенше күтіңіз.
bk-limit-account =
    Қазір жазылу мүмкін емес: бір аккаунттан бүкіл отбасына бір мезгілде ең көбі { $max } алдағы жазылу болуы мүмкін, бұл сан толды.
    «🗓 Жазылуларым» бөлімінде біреуінің уақытын ауыстырыңыз немесе одан бас тартыңыз — не ол өткенше күтіңіз.
bk-nearest-any = Дәрігерлердің ең жақын бос уақыты — соны немесе басқа күнді таңдаңыз.
bk-nearest-slot = { $day }, { $time } — { $doctor }
bk-first-free-day = ⏩ Ең жақын бос күн: { $day }

ap-upcoming = <b>Алдағы қабылдауларыңыз</b> — ашу үшін қабылдауды басыңыз.
ap-none = Алдағы қабылдаулар жоқ.
ap-past = <b>Өткен қабылдаулар</b>
ap-past-line = { $when } — { $service } ({ $status })
ap-details = <b>Қабылдау</b> — { $status }
ap-reschedule = 🔁 Уақытын ауыстыру
ap-cancel = ✖ Бас тарту
ap-changed = Жазылу өзгерді — қазіргі күйі төменде.
ap-reschedule-day = Қабылдауды ауыстыру ({ $when }). Жаңа күнді таңдаңыз.
ap-reschedule-summary =
    Қабылдауды ауыстырайық па?
    Қазір: { $from }
    Жаңа уақыт: { $to }
ap-reschedule-confirm = ✅ Ауыстыру
ap-rescheduled = ✅ <b>Қабылдау ауыстырылды.</b>
ap-cancel-reason = Қабылдаудан неге бас тартасыз?
ap-cancel-confirm = Бұл қабылдаудан бас тартасыз ба?
ap-cancel-note-prompt = Себебін бір хабарламамен жазыңыз — клиника нені жақсартуға болатынын түсінеді. Немесе «← Артқа» батырмасын басыңыз.
ap-cancel-note = Себебі: «{ $note }»
ap-cancel-yes = Иә, бас тарту
ap-cancel-keep = Жоқ, қалдыру
ap-cancelled = Қабылдау болдырылмады: { $when }.

reason-plans_changed = Жоспарым өзгерді
reason-feel_better = Жағдайым жақсарды
reason-booked_elsewhere = Басқа жерге жазылдым
reason-other = Басқа себеп
reason-other-noted = Басқа себеп (пациенттің өз сөзі қабылдау карточкасында)
reason-doctor_unavailable = дәрігер қабылдай алмайды
reason-patient_request = пациенттің өтініші бойынша
reason-clinic_closed = клиника жұмыс істемейді

status-held = сақталған
status-booked = жазылған
status-confirmed = расталған
status-arrived = пациент келді
status-in_progress = қабылдауда
status-completed = өтті
status-cancelled = болдырылмады
status-no_show = келмеді

staff-booked = 🆕 Жазылу: { $patient } → { $doctor }, { $service }, { $at }, { $branch }
staff-rescheduled = 🔁 Ауыстыру: { $patient } → { $doctor }, { $service }, енді { $at }, { $branch }
staff-cancelled-by-patient = ✖ Пациент бас тартты: { $patient }, { $doctor }, { $service }, { $at } — { $reason }
staff-cancelled-by-clinic = ✖ Клиника болдырмады: { $patient }, { $doctor }, { $service }, { $at } — { $reason }
notice-cancelled-by-clinic =
    Өкінішке қарай, клиника сіздің қабылдауыңызды болдырмады: { $service }, { $doctor }, { $at }, { $branch }.
    Кешірім сұраймыз — басқа уақытты таңдаңызшы.

    { bk-ics-caption-cancelled }
btn-rebook = 📅 Қайта жазылу
notice-moved-by-clinic =
    🔁 <b>Клиника қабылдауыңыздың уақытын ауыстырды.</b>
    { $service }, дәрігер { $doctor }
    Бұрынғы уақыт: { $from }
    Жаңа уақыт: { $to }
    { visit-place }

    { bk-ics-caption-moved }
notice-booked-by-clinic =
    ✅ <b>Клиника сізді қабылдауға жазды.</b>

    { bk-card }

    { bk-ics-caption }
notice-no-show =
    Қабылдауға келмегеніңізді белгіледік ({ $at }): { $service }, дәрігер { $doctor }.
    Көмек әлі де қажет болса, қайта жазылыңыз — бұл бір минут қана алады.
btn-my-appointments = 🗓 Жазылуды ашу
reason-data_deleted = пациент өз деректерін жойды

ap-past-open = 🕘 Өткен қабылдаулар
ap-past-title = <b>Өткен қабылдаулар</b> — соңғы бесеуі. Ашу үшін қабылдауды басыңыз.
ap-past-none = Өткен қабылдаулар жоқ.
ap-absent = 🙅 Мен бұл қабылдауда болған жоқпын
ap-absent-confirm = Бұл қабылдауда болмағаныңызды клиникаға хабарлайсыз ба? Клиника жазбаны тексеріп, осында жауап береді.
ap-absent-yes = Иә, хабарлау
ap-absent-reported = ✅ № { $number } өтініш қабылданды: клиника бұл қабылдауды тексеріп, осында жауап береді.
