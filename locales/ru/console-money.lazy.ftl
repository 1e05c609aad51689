# The words of the money page(s), loaded with the page (see console/pages/money/strings.ts).

console-money-invoices = Счета
console-money-filters = Отбор счетов
console-money-day = День выставления
console-money-status = Состояние
console-money-any-status = Любое
console-money-patient = Пациент (ID)
console-money-apply = Показать
console-money-clear = Сбросить
console-money-none = Счетов нет.
console-money-number = Номер
console-money-created = Создан
console-money-total = Сумма
console-money-paid = Оплачено
console-money-refunded = Возвращено
console-money-open = Открыть
console-money-close = Закрыть
console-money-invoice = Счёт { $number }
console-money-lines = Строки счёта
console-money-line = Услуга
console-money-quantity = Кол-во
console-money-amount = Сумма
console-money-payments = Платежи
console-money-no-payments = По этому счёту платежей не было.
console-money-provider = Способ
console-money-refund = Вернуть деньги
console-money-refund-amount = Сколько вернуть, ₸ (пусто — весь остаток, { $left })
console-money-refund-reason = Причина
console-money-refund-confirm = Вернуть
console-money-bad-amount = Сумма — число в тенге, например 5000 или 5000,50.

console-money-status-unpaid = Не оплачен
console-money-status-paid = Оплачен
console-money-status-void = Аннулирован

console-money-payment-pending = Ожидает оплаты
console-money-payment-paid = Оплачен
console-money-payment-failed = Не прошёл
console-money-payment-expired = Истёк
console-money-payment-cancelled = Отменён

console-money-refund-pending = возврат в обработке
console-money-refund-done = возвращено
console-money-refund-failed = возврат не прошёл
