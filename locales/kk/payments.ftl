# Төлем: шоттар, төлем сілтемелері, чектер және қайтарулар.

pay-invoice-new = 🧾 № { $number } шот, сомасы { $amount }. Осы жерде, ботта төлеуге болады.
pay-open = 💳 Төлеу
pay-link-expired = ⌛ № { $number } шотты ({ $amount }) төлеу сілтемесі енді жарамсыз. Жаңасын алуға болады.
pay-renew = 🔄 Жаңа сілтеме
pay-paid = ✅ № { $number } шот төленді: { $amount }. Чек келесі хабарламамен келеді.
pay-refunded = ↩️ № { $number } шот бойынша қайтарым: { $amount }. Ақша төлем жасалған картаға немесе шотқа әдетте 1–3 жұмыс күнінде қайтады.

doc-kind-receipt = Төлем туралы чек
doc-receipt-title = Төлем туралы чек
doc-receipt-item = Қызмет
doc-receipt-qty = Саны
doc-receipt-price = Бағасы
doc-receipt-sum = Сомасы
doc-receipt-total = Барлығы төленді: { $total }
doc-receipt-invoice = Шот
doc-receipt-paid-at = Төлем күні мен уақыты
doc-receipt-provider = Төлем тәсілі
doc-receipt-provider-kaspi = Kaspi.kz
doc-receipt-provider-halyk = Банк картасы (Halyk ePay)
doc-receipt-order = Тапсырыс нөмірі
doc-receipt-transaction = Операция нөмірі

staff-payment-alert = 💰 Төлемді тексеру керек (шот { $number }): { $kind }. Толығырақ — төлем хабарламаларының тізімінде.
staff-payment-alert-callback_mismatch = банк хабарламасы біздің шотқа сәйкес келмеді, ештеңе есептелмеді
staff-payment-alert-status_mismatch = банк басқа соманы, валютаны немесе терминалды көрсетті, ештеңе есептелмеді
staff-payment-alert-paid_not_payable = жойылған немесе төленіп қойған шотқа ақша келді, автоматты қайтарым басталды
staff-payment-alert-refund_failed = банк қайтарымды жасамады, ақшаны қолмен қайтарыңыз
staff-payment-alert-missed_confirmation = төлем салыстыру кезінде табылды, банктен хабарлама келмеген
staff-payment-alert-paid_visit_cancelled = төленген қабылдау болдырылмады, ақша қайтарылған жоқ: қайтару керек пе, шешіңіз
