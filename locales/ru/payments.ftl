# Оплата: счета, ссылки на оплату, чеки и возвраты.

pay-invoice-new = 🧾 Счёт № { $number } на { $amount }. Оплатить можно здесь, в боте.
pay-open = 💳 Оплатить
pay-link-expired = ⌛ Ссылка на оплату счёта № { $number } ({ $amount }) больше не действует. Можно получить новую.
pay-renew = 🔄 Новая ссылка
pay-paid = ✅ Счёт № { $number } оплачен: { $amount }. Чек придёт следующим сообщением.
pay-refunded = ↩️ Возврат по счёту № { $number }: { $amount }. Деньги вернутся на карту или счёт, с которых была оплата, обычно за 1–3 рабочих дня.

doc-kind-receipt = Чек об оплате
doc-receipt-title = Чек об оплате
doc-receipt-item = Услуга
doc-receipt-qty = Кол-во
doc-receipt-price = Цена
doc-receipt-sum = Сумма
doc-receipt-total = Итого оплачено: { $total }
doc-receipt-invoice = Счёт
doc-receipt-paid-at = Дата и время оплаты
doc-receipt-provider = Способ оплаты
doc-receipt-provider-kaspi = Kaspi.kz
doc-receipt-provider-halyk = Банковская карта (Halyk ePay)
doc-receipt-order = Номер заказа
doc-receipt-transaction = Номер операции

staff-payment-alert = 💰 Оплата, нужна проверка (счёт { $number }): { $kind }. Подробности — в списке уведомлений об оплатах.
staff-payment-alert-callback_mismatch = уведомление банка не совпало с нашим счётом, ничего не засчитано
staff-payment-alert-status_mismatch = банк назвал другую сумму, валюту или терминал, ничего не засчитано
staff-payment-alert-paid_not_payable = пришли деньги за отменённый или уже оплаченный счёт, запущен автоматический возврат
staff-payment-alert-refund_failed = банк не сделал возврат, верните деньги вручную
staff-payment-alert-missed_confirmation = оплата найдена сверкой, уведомление от банка не приходило
staff-payment-alert-paid_visit_cancelled = отменён оплаченный визит, деньги не возвращены: решите, нужен ли возврат
