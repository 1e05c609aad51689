# Messages for the API's domain errors: err-<module>-<code>.

err-unknown = Орындалмады. Қайталап көріңіз.

err-patients-telegram_user_required = Telegram аккаунтыңызды анықтау мүмкін болмады.
err-patients-iin_format = ЖСН — әріпсіз 12 цифр. Тексеріп, қайта жазыңыз.
err-patients-iin_century = ЖСН-дегі жетінші цифр (ғасыр мен жыныс) қате. Нөмірді тексеріп, қайта жазыңыз.
err-patients-iin_date = ЖСН туған күннен (ЖЖААКК) басталуы керек, ал мұндай күн жоқ. Нөмірді тексеріңіз.
err-patients-iin_future = Бұл ЖСН бойынша туған күн болашақта шығады. Нөмірді тексеріңіз.
err-patients-iin_checksum = ЖСН-нің бақылау цифры сәйкес келмейді — қате жазылған болуы мүмкін. Нөмірді тексеріп, қайта жазыңыз.
err-patients-phone_invalid = Бұл телефон нөміріне ұқсамайды. +7 701 123 45 67 форматында жазыңыз.
err-patients-contact_not_own = Бұл басқа адамның контактісі. Төмендегі батырма арқылы өз нөміріңізбен бөлісіңіз немесе оны қолмен жазыңыз.
err-patients-name_invalid = Тек әріптермен жазыңыз (бос орын, дефис және апостроф қоюға болады), 60 таңбаға дейін.
err-patients-consent_outdated = Келісім мәтіні жаңартылды. Оны қайта оқып шығыңыз.
err-patients-consents_required = Деректерді өңдеуге келісімсіз жалғастыру мүмкін емес.
err-patients-registration_incomplete = Тіркеу әлі аяқталған жоқ. Жалғастыру үшін /start жіберіңіз.
err-patients-not_registered = Алдымен тіркеуден өтіңіз: /start жіберіңіз.
err-patients-patient_not_found = Пациент табылмады.
err-patients-dependant_not_found = Бұл адам сіздің отбасыңызда жоқ.
err-patients-dependant_is_self = Бұл сіздің өз ЖСН-іңіз.
err-patients-dependant_exists = Бұл адам отбасыңызда бұрыннан бар.
err-patients-minor_self_registration = ЖСН бойынша сіз { $adultAge } жасқа толмағансыз — өз бетіңізше тіркелуге болмайды. Анаңыздан, әкеңізден немесе басқа заңды өкіліңізден сізді өз ботындағы «Отбасы» бөліміне қосуды сұраңыз.
err-patients-not_verifying = Қазір растайтын ештеңе жоқ. /start жіберіңіз.
err-patients-code_wrong = Код дұрыс емес. Қалған әрекет саны: { $attemptsLeft }.
err-patients-code_expired = Бұл код енді жарамсыз. «Кодты қайта жіберу» батырмасы арқылы жаңасын сұраңыз немесе жеке басыңызды клиникада растаңыз.
err-patients-code_rate_limited = Код жақында ғана жіберілді. Жаңасын { $retryAfterSeconds } секундтан кейін сұрауға болады — немесе жеке басыңызды клиникада растаңыз.
err-patients-sms_unavailable = Қазір клиника SMS жібермейді. Жеке басыңызды клиникада жеке куәлігіңізбен растаңыз.
err-patients-check_not_found = Растауға өтінім табылмады.
err-patients-check_decided = Бұл өтінім бойынша шешім қабылданып қойған.
err-patients-check_reference = Өтінім нөмірі сәйкес келмейді. Пациенттен бот оның чатында көрсеткен нөмірді сұраңыз.
err-patients-dependants_limit = Отбасында күтудегі сұраулармен қоса ең көбі { $max } адам болуы мүмкін. Жаңа адам қосу үшін біреуін алып тастаңыз.
err-patients-request_pending = Бұл адамға сұрау жіберіліп қойған, жауап күтуде.
err-patients-request_not_found = Бұл сұрау табылмады.
err-patients-request_answered = Бұл сұрауға жауап берілген.
err-patients-guardian_not_found = Бұл адам сіздің өкілдеріңіздің арасында жоқ.
err-patients-patient_exists = Бұл ЖСН-мен пациент клиникада бұрыннан бар (карта № { NUMBER($patientId, useGrouping: 0) }): соны ашыңыз, жаңасы жасалмады.
err-botState-foreign_key = Рұқсат жоқ.

err-auth-invalid_credentials = Пайдаланушы аты немесе құпиясөз қате.
err-auth-account_not_found = Есептік жазба табылмады.
err-auth-username_taken = Мұндай пайдаланушы аты бұрыннан бар.
err-auth-last_admin = Соңғы әкімшіні өшіруге болмайды.
err-auth-too_many_attempts = Кіру әрекеттері тым көп сәтсіз болды. { $retryAfterSeconds } секундтан кейін қайталап көріңіз.
err-auth-token_not_found = Мұндай токен табылмады.
err-auth-doctor_not_found = Клиникада мұндай дәрігер жоқ.

err-clinic-branch_not_found = Филиал табылмады.
err-clinic-category_not_found = Қызметтер санаты табылмады.
err-clinic-service_not_found = Қызмет табылмады.
err-clinic-doctor_not_found = Дәрігер табылмады.
err-clinic-exception_not_found = Кестедегі ерекшелік табылмады.
err-clinic-doctor_not_in_branch = Дәрігер бұл филиалда жұмыс істемейді.
err-clinic-invalid_age_range = Жастың жоғарғы шегі төменгісінен кіші.
err-clinic-schedule_overlap = Дәрігер кестесінің аралықтары қиылысады.

err-booking-appointment_not_found = Қабылдау табылмады.
err-booking-slot_taken = Бұл уақытты жаңа ғана басқа біреу алды. Басқа уақытты таңдаңыз.
err-booking-slot_unavailable = Бұл уақытқа жазылуға болмайды. Тізімнен уақыт таңдаңыз.
err-booking-patient_busy = Пациенттің осы уақытта басқа қабылдауы бар.
err-booking-too_soon =
    { $minNoticeMinutes ->
        [0] Бұл уақыт өтіп кетті. Басқа уақытты таңдаңыз.
       *[other] Қабылдауға ол басталардан кемінде { $minNoticeMinutes } минут бұрын жазылуға болады.
    }
err-booking-too_far = Қабылдауға ең көбі { $horizonDays } күн бұрын жазылуға болады.
err-booking-change_too_late = Қабылдауды басталуына { $cutoffMinutes } минуттан аз қалғанда ауыстыруға не одан бас тартуға болмайды. Клиникаға қоңырау шалыңыз: { $phone }
err-booking-limit_active = Бір мезгілде ең көбі { $max } алдағы қабылдау болуы мүмкін. Біреуінен бас тартыңыз немесе ол өткенше күтіңіз.
err-booking-limit_category = Бұл маманға алдағы қабылдау бар — бір маманға бір мезгілде ең көбі { $max } рет жазылуға болады. Оны «🗓 Жазылуларым» бөлімінде ауыстырыңыз немесе одан бас тартыңыз.
err-booking-limit_account = Бір аккаунттан бүкіл отбасыға бір мезгілде ең көбі { $max } алдағы жазылу болуы мүмкін. Біреуінен бас тартыңыз немесе ол өткенше күтіңіз.
err-booking-age_restricted = Бұл қызмет пациенттің жасына сәйкес келмейді.
err-booking-hold_expired = Сізге сақталған уақыттың мерзімі өтті. Уақытты қайта таңдаңыз.
err-booking-invalid_transition = Мұндай мәртебедегі қабылдаумен мұны істеуге болмайды.
err-booking-not_started = Қабылдау әлі басталған жоқ: пациенттің келмегенін ол басталғаннан кейін ғана белгілеуге болады.
err-booking-not_your_patient = Бұл сіздің қабылдауыңыз емес.
err-booking-no_doctor_linked = Сіздің есептік жазбаңыз клиника дәрігерімен байланыстырылмаған. Әкімшіден дәрігерді көрсетуін сұраңыз.
err-booking-service_not_offered = Бұл қызмет таңдалған филиалда қазір қолжетімсіз.
err-booking-visit_changed = Бұл хабарлама келгеннен бері қабылдау өзгерді.

err-feedback-not_completed = Тек өткен қабылдауды бағалауға болады.
err-feedback-already_answered = Бұл қабылдауға берген бағаңыз есепке алынған.
err-feedback-not_answered = Алдымен баға қойыңыз.
err-feedback-follow_up_not_found = Кері байланыс тапсырмасы табылмады.
err-feedback-follow_up_closed = Бұл тапсырма жабылған.

err-documents-document_not_found = Құжат табылмады.
err-documents-kind_unknown = Мұндай құжат түрі жоқ.
err-documents-kind_upload_only = Бұл құжат түрін тек файл ретінде жүктеуге болады.
err-documents-fields_invalid = «{ $path }» өрісін тексеріңіз: { $message }
err-documents-patient_not_found = Пациент табылмады.
err-documents-not_your_patient = Бұл пациент сізге қабылдауға жазылмаған: оның құжаттары сізге қолжетімсіз.
err-documents-not_your_document = Бұл құжатты сіз берген жоқсыз: оны берген дәрігер немесе тіркеу бөлімі ғана кері қайтара алады.
err-documents-visit_not_of_patient = Бұл қабылдау осы пациентке қатысты емес.
err-documents-doctor_not_found = Дәрігер табылмады.
err-documents-file_type = Тек PDF, JPEG немесе PNG файлын жүктеуге болады.
err-documents-file_too_large = Файл тым үлкен: { $maxMb } МБ-тан аспауы керек.
err-documents-file_empty = Файл бос.
err-documents-issue_date_future = Құжаттың берілген күні бүгіннен ({ $today }) кейін болмауы керек.
err-documents-already_revoked = Құжат бұрын қайтарып алынған.
err-documents-revoked = Бұл құжатты клиника қайтарып алды, ол енді жарамсыз. Жаңасы керек болса, клиникаға қоңырау шалыңыз: { $phone }

err-payments-invoice_not_found = Шот табылмады.
err-payments-patient_not_found = Пациент табылмады.
err-payments-visit_not_of_patient = Бұл қабылдау пациентке қатысты емес.
err-payments-visit_not_found = Қабылдау табылмады.
err-payments-service_not_found = Қызмет табылмады.
err-payments-invoice_empty = Шотта төленетін сома жоқ.
err-payments-invoice_too_large = Шот сомасы тым үлкен: бағалар мен санын тексеріңіз.
err-payments-invoice_not_payable = Бұл шотты қазір төлеуге болмайды.
err-payments-invoice_already_paid = Бұл шот төленіп қойған.
err-payments-invoice_void = Бұл шот жойылды, оны төлеудің қажеті жоқ.
err-payments-invoice_changed = Шот өзгерді. Оны қайта ашыңыз.
err-payments-provider_unavailable = Төлем қызметі қазір жауап бермей тұр. Бірнеше минуттан кейін қайталаңыз немесе басқа төлем тәсілін таңдаңыз.
err-payments-provider_off = Бұл төлем тәсілі қазір қолжетімсіз. Басқасын таңдаңыз.
err-payments-payment_not_found = Төлем табылмады.
err-payments-refund_too_large = Төленген сомадан артық қайтаруға болмайды.
err-payments-refund_not_paid = Тек төленген төлемді қайтаруға болады.
err-payments-alert_not_found = Хабарлама табылмады.

err-support-category_not_found = Бөлім табылмады.
err-support-entry_not_found = Жауап табылмады.
err-support-ticket_not_found = Өтініш табылмады.
err-support-ticket_closed = Бұл өтініш жабылды. Жаңасын жазыңыз — біз жауап береміз.
err-support-answer_to_closed = Өтініш жабық, жауап пациентке жіберілмеді. Жауап беру үшін алдымен өтінішті қайта ашыңыз.
err-support-ticket_not_closed = Өтініш жабылғаннан кейін ғана бағалауға болады.
err-support-already_rated = Сіз бұл жауапты бағалап қойдыңыз. Рақмет!
err-support-message_empty = Мәтін жазыңыз немесе фото не файл жіберіңіз.
err-support-assignee_not_found = Қызметкер табылмады немесе өшірілген.
err-support-visit_not_found = Қабылдау табылмады.
err-support-visit_not_past = Келмегеніңіз туралы қабылдау уақыты өткеннен кейін хабарлауға болады.
err-broadcasts-broadcast_not_found = Тарату табылмады.
err-broadcasts-audience_not_found = Сақталған аудитория табылмады.
err-broadcasts-automation_not_found = Автоматты тарату табылмады.
err-broadcasts-wrong_state = Мұны қазір істеуге болмайды: тарату басқа күйде.
err-broadcasts-text_missing = Орысша және қазақша мәтін керек.
err-broadcasts-caption_too_long = Фотомен бірге мәтін — сипаттама: әр тілде { $max } таңбадан аспауы керек.
err-broadcasts-not_tested = Алдымен осы нұсқаны өзіңізге сынап жіберіңіз.
err-broadcasts-not_approved = Бұл нұсқаны әкімші әлі мақұлдамаған.
err-broadcasts-no_own_chat = Есептік жазбаңызда Telegram-ыңыз көрсетілмеген: сынақ тарату соған жіберіледі.
err-broadcasts-service_not_found = «Жазылу» батырмасының қызметі табылмады немесе көрсетілмейді.
err-broadcasts-button_not_found = Бұл батырма енді жұмыс істемейді.
err-broadcasts-visit_not_found = Қабылдау табылмады.
err-audit-export_too_large = Шарттарға сәйкес жазбалар саны: { $count }, ал бір жүктеуге ең көбі { $max } жазба кіреді. Кезеңді қысқартыңыз немесе шарт қосыңыз.
