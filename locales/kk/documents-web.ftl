# Documents on the web: the download page behind a link the bot sent, and the public verification page.

web-lang-ru = Русский
web-lang-kk = Қазақша

docweb-confirm-title = Сізге арналған құжат
docweb-confirm-text = { $clinic } сізге құжат жіберіп отыр. Оны жүктеп алу үшін бұл сіз екеніңізді растаңыз: Telegram-дағы ботпен чатыңызға код жібереміз.
docweb-send-code = Кодты Telegram арқылы алу
docweb-code-sent = Ботпен чатыңызға 6 цифрлы код жібердік. Оны осы жерге енгізіңіз — код { $minutes } минут жарамды.
docweb-code-label = Telegram-дағы код
docweb-code-submit = Растау
docweb-code-resend = Кодты қайта жіберу
docweb-code-wrong = Код сәйкес келмейді. Қалған әрекет саны: { $left }.
docweb-code-spent = Код енді жарамсыз: мерзімі өтті немесе қате әрекет тым көп болды. Жаңа код алыңыз.
docweb-code-wait = Жаңа кодты { $seconds } секундтан кейін алуға болады.
docweb-code-locked = Бұл сілтеме бойынша енді код алу мүмкін емес. Жаңа сілтеме алу үшін құжатты боттан ашыңыз («Құжаттар» бөлімі).
docweb-too-many = Сіздің IP-мекенжайыңыздан әрекет тым көп. { $minutes } минуттан кейін қайталап көріңіз.
docweb-ready-title = Құжатты жүктеп алуға болады
docweb-ready-text = { $kind } № { $number }, { $date }
docweb-download = Файлды жүктеп алу
docweb-ready-note = Растау { $minutes } минут жарамды. Бұл сілтемені ешкімге жібермеңіз: құжатта дәрігерлік құпия бар.
docweb-confirm-first = Алдымен бұл сіз екеніңізді растаңыз: сілтеме бетінде Telegram арқылы код алыңыз.
docweb-not-found-title = Сілтеме табылмады
docweb-not-found-text = Сілтеме қате немесе енді жұмыс істемейді. Құжатты боттан ашыңыз («Құжаттар» бөлімі).
docweb-expired-title = Сілтеменің мерзімі өтті
docweb-expired-text = Құжат сілтемелері { $hours } сағат жарамды. Құжатты қайта алу үшін оны боттан ашыңыз («Құжаттар» бөлімі).
docweb-revoked-title = Құжатты клиника қайтарып алды
docweb-revoked-text = Клиника бұл құжатты қайтарып алды, оны жүктеп алу мүмкін емес. Жаңасы керек болса, клиникаға қоңырау шалыңыз: { $phone }
docweb-code-message =
    🔐 Құжатты жүктеп алу коды: <b>{ $code }</b>
    Код { $minutes } минут жарамды. Құжат сілтемесін сіз ашпаған болсаңыз, бұл кодты ешкімге айтпаңыз.

verify-title = Құжатты тексеру
verify-intro = Түпнұсқалығын тексеру үшін құжаттағы кодты (QR-кодтың жанындағы 10 таңба) енгізіңіз.
verify-code-label = Тексеру коды
verify-submit = Тексеру
verify-not-found-title = Құжат табылмады
verify-not-found-text = Мұндай коды бар құжат жоқ. Кодтың дұрыс енгізілгенін тексеріңіз.
verify-too-many = Сіздің IP-мекенжайыңыздан тексеру тым көп. { $minutes } минуттан кейін қайталап көріңіз.
verify-valid = Құжат жарамды
verify-revoked = Құжатты клиника { $date } қайтарып алды
verify-kind = Құжат түрі
verify-number = Нөмірі
verify-date = Берілген күні
verify-clinic = Клиника
verify-doctor = Дәрігер
verify-patient = Пациент (аты-жөнінің бас әріптері)
verify-iin = ЖСН
verify-sha = Файлдың SHA-256 мәні
verify-sha-note = Өз файлыңыздың бақылау сомасымен салыстырыңыз: сәйкес келсе, файл өзгертілмеген.
verify-another = Басқа құжатты тексеру
