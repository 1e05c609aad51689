# Family: dependants a patient books for.

family-title = <b>Сіздің отбасыңыз</b>
family-empty = Әзірге ешкімді қоспағансыз. Дәрігерге жазу үшін балаңызды немесе егде туысыңызды қосыңыз.
family-item = { $name } — { $relation }, { $birthDate }, ЖСН { $iin }
family-add = ➕ Қосу
family-remove = ✖ { $name }
family-remove-confirm = { $name } отбасы тізімінен алып тасталсын ба? Медициналық жазбалар клиникада қалады.
family-remove-yes = Иә, алып тастау
family-removed = Дайын, { $name } енді тізімде жоқ.
family-added = { $name } отбасыңызға қосылды.
family-requested =
    Сұрау жіберілді. { $name } растағаннан кейін отбасыңызда пайда болады — растауды адамның өзі, басқа заңды өкілі немесе клиника береді. Шешім шыққанда хабарлаймыз.
family-requests-title = <b>Растауды күтуде</b>
family-request-item = ⏳ { $name } — { $relation }
family-request-cancel = ✖ Сұрауды қайтарып алу: { $name }
family-request-cancelled = Сұрау қайтарып алынды.
family-request-guardian =
    👨‍👩‍👧 { $requester } { $name } пациенттің жазбаларына қол жеткізуді сұрайды: дәрігерге жазу, еске салғыштар алу, қабылдауларды көру. Оның айтуынша, { $name } — оның { $relation }.
    Сіз осы пациенттің заңды өкілісіз. Рұқсат бересіз бе?
family-request-self =
    👨‍👩‍👧 { $requester } сіздің жазбаларыңызға қол жеткізуді сұрайды: сізді дәрігерге жазу, еске салғыштар алу, қабылдауларды көру. Оның айтуынша, сіз — оның { $relation }.
    Рұқсат бересіз бе?
family-request-allow = ✅ Рұқсат беру
family-request-decline = ✖ Бас тарту
family-request-you-allowed = Дайын: рұқсат берілді.
family-request-you-declined = Дайын: сұрау қабылданбады.
family-request-approved = ✅ Сұрау расталды: { $name } енді сіздің отбасыңызда.
family-request-declined = { $name } бойынша сұрау расталмады. Қате болса, құжаттарыңызбен клиникаға хабарласыңыз. Клиника телефоны: { $phone }
family-guardians-ended =
    Енді жазбаларыңызды өзіңіз басқарасыз. Бұрын оларға мына адамдардың қолы жетті: { $names }. Бұл рұқсат жабылды.
    Олардың біреуі бұрынғыдай сізді жазып, еске салғыштар алып тұрсын десеңіз, батырманы басыңыз.
family-guardians-ended-adult =
    Сізге 18 жас толды: енді жазбаларыңызды өзіңіз басқарасыз. Рұқсаты барлар: { $names } — рұқсат жабылды.
    Олардың біреуі бұрынғыдай сізді жазып, еске салғыштар алып тұрсын десеңіз, батырманы басыңыз.
family-keep-guardian = ✓ Рұқсатты қалдыру: { $name }
family-came-of-age = { $name } 18 жасқа толды, сондықтан оның жазбаларына рұқсат жабылды. Оны тек { $name } өз профилінде қайтара алады.
guardians-title = <b>Жазбаларыңызды кім көреді</b>
guardians-empty = Өзіңізден басқа ешкім.
guardian-item-active = ✅ { $name } — { $relation }
guardian-item-ended = ⛔ { $name } — { $relation } (рұқсат жабық)
guardian-end = ✖ Рұқсатты жабу: { $name }
guardian-kept = Рұқсат ашылды.
guardian-ended = Рұқсат жабылды.

family-relation-prompt = Кімді қосасыз?
relation-child = бала
relation-parent = ата-ана
relation-spouse = жұбайы
relation-other = туыс
family-iin-prompt = Осы адамның ЖСН-ін жазыңыз — 12 цифр.
family-last-name-prompt = Оның тегін жазыңыз.
family-first-name-prompt = Атын жазыңыз.
family-middle-name-prompt = Әкесінің атын жазыңыз немесе «Өткізіп жіберу» батырмасын басыңыз.
family-ended-by-clinic = Клиника { $name } пациенттің жазбаларына рұқсатыңызды жапты. Қате болса, құжаттарыңызбен клиникаға хабарласыңыз. Клиника телефоны: { $phone }
