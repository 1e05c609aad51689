# Reminders, "have you arrived?", and NPS feedback.

reminder-d1 =
    🔔 Еске саламыз: ертең қабылдауыңыз бар.
    { $service }, дәрігер { $doctor }
    { $at }, { visit-place }
reminder-h3 =
    🔔 3 сағаттан кейін қабылдауыңыз бар: { $service }, дәрігер { $doctor }.
    { $at }, { visit-place }
reminder-h1 =
    🔔 Бір сағаттан кейін қабылдауыңыз бар: { $service }, дәрігер { $doctor }.
    { $at }, { visit-place }
reminder-arrival = Сіз клиникадасыз ба? Қабылдауыңыз басталды ({ $atDate }, { $atTime }): { $service }, дәрігер: { $doctor }.
btn-im-coming = ✅ Келемін
btn-im-here = 🏥 Мен келдім
btn-running-late = ⏱ Кешігіп жатырмын
btn-cannot-come = ✖ Келе алмаймын
rm-confirmed = Рақмет! Сізді күтеміз.
rm-outdated = Бұл хабарлама ескірді — қабылдауыңыздың қазіргі күйі төменде.
ar-here = Келгеніңізді белгіледік — тіркеу бөлімі мұны көреді.
ar-late-ask = Шамамен қанша уақытқа кешігесіз? Тіркеу бөлімі мұны күн кестесінен көреді.
late-minutes = { $minutes } мин
ar-late = Тіркеу бөліміне хабарладық: шамамен { $minutes } минутқа кешігесіз. Сізді күтеміз!
ar-cannot = Қабылдаудан бас тартылды, уақыт босатылды. Қайта жазылу үшін «📅 Жазылу» батырмасын басыңыз.
reason-cannot_come = келе алмады
staff-arrived = 🏥 Пациент келді: { $patient } → { $doctor }, { $service }, { $at }
staff-running-late = ⏱ Пациент { $minutes } минутқа кешігеді: { $patient } → { $doctor }, { $service }, { $at }

nps-question =
    { $atDate }, сағат { $atTime } болған қабылдауыңыз қалай өтті ({ $service }, дәрігер { $doctor })?
    Бізді достарыңыз бен жақындарыңызға ұсынуыңыз қаншалықты ықтимал? 0-ден 10-ға дейін бағалаңыз.
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
nps-ask-comment = Рақмет, сіздің бағаңыз — { $score }. Бірдеңе қосқыңыз келе ме? Пікіріңізді бір хабарламамен жазыңыз немесе «Өткізіп жіберу» батырмасын басыңыз.
nps-already = Бағаңыз есепке алынған. Рақмет!
nps-thanks = Пікіріңіз үшін рақмет! Ол бізге жақсаруға көмектеседі.
staff-low-score = ⚠️ Төмен баға { $score }/10: { $patient }, { $doctor }, { $service }, { $at }, { $branch }. Кері байланыс тапсырмасын ашыңыз.
staff-low-score-comment = ⚠️ Төмен баға { $score }/10: { $patient }, { $doctor }, { $service }, { $at }, { $branch }. Пікір: «{ $comment }». Кері байланыс тапсырмасын ашыңыз.
nps-typed-out-of-range = Қабылдауды 0 мен 10 аралығындағы санмен бағалаңыз — санды жазыңыз немесе сұрақтағы батырманы басыңыз.
