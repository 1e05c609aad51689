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
