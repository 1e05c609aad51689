# Пациенттің боттағы төлемдері: баланс, төленбеген шоттар, Kaspi немесе Halyk арқылы төлеу.

menu-payments = 💳 Төлем
cmd-payments = Шоттар және төлем

pay-title = <b>Төлем</b>
pay-person = <b>{ $name }</b>
pay-balance =
    Төлеуге: { $owed }
    Төленді: { $paid }
    Қайтарылды: { $refunded }
pay-nothing-due = Төленбеген шот жоқ.
pay-hint = Шотты көріп, төлеу үшін оны таңдаңыз.
pay-invoice-button = 🧾 № { $number } — { $amount }

pay-invoice-card = 🧾 <b>№ { $number } шот</b>
pay-invoice-for = Пациент: { $name }
pay-line = { $title } — { $amount }
pay-line-many = { $title }, { $quantity } × { $price } — { $amount }
pay-total = <b>Барлығы төлеуге: { $total }</b>
pay-choose = Төлем тәсілін таңдаңыз:
pay-with-kaspi = Kaspi
pay-with-halyk = 💳 Halyk (карта)
pay-no-providers = Қазір ботта төлеу мүмкін емес. Шотты клиниканың тіркеу бөлімінде төлеуге болады.
pay-back = ◀ Шоттарға

pay-link-kaspi =
    🧾 № { $number } шот: { $amount }

    QR-кодты Kaspi.kz қосымшасында сканерлеңіз немесе төмендегі батырманы басыңыз. Сілтеме { $until } дейін жарамды.
pay-link-halyk =
    🧾 № { $number } шот: { $amount }

    Halyk Bank бетінде картамен төлеу үшін төмендегі батырманы басыңыз. Сілтеме { $until } дейін жарамды.
pay-link-after = Төлем өткенде, бұл хабарлама «төленді» болып өзгереді және чек келеді.
pay-link-button-kaspi = Kaspi.kz-те ашу
pay-link-button-halyk = 💳 Картамен төлеу

pay-declined = ❌ № { $number } шот ({ $amount }) бойынша төлем өтпеді, ақша шешілмеді. Сол немесе басқа тәсілмен қайта төлеп көруге болады.
pay-again = 🔄 Қайта төлеу
