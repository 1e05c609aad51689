# The words of the money page(s), loaded with the page (see console/pages/money/strings.ts).

console-money-invoices = Шоттар
console-money-filters = Шоттарды іріктеу
console-money-day = Жазылған күні
console-money-status = Күйі
console-money-any-status = Кез келген
console-money-patient = Пациент (ID)
console-money-apply = Көрсету
console-money-clear = Тазарту
console-money-none = Шот жоқ.
console-money-number = Нөмірі
console-money-created = Құрылған
console-money-total = Сомасы
console-money-paid = Төленді
console-money-refunded = Қайтарылды
console-money-open = Ашу
console-money-close = Жабу
console-money-invoice = { $number } шоты
console-money-lines = Шот жолдары
console-money-line = Қызмет
console-money-quantity = Саны
console-money-amount = Сомасы
console-money-payments = Төлемдер
console-money-no-payments = Бұл шот бойынша төлем болған жоқ.
console-money-provider = Тәсілі
console-money-refund = Ақшаны қайтару
console-money-refund-amount = Қанша қайтару керек, ₸ (бос болса — бүкіл қалдық, { $left })
console-money-refund-reason = Себебі
console-money-refund-confirm = Қайтару
console-money-bad-amount = Сома теңгемен санмен жазылады, мысалы 5000 немесе 5000,50.

console-money-status-unpaid = Төленбеген
console-money-status-paid = Төленген
console-money-status-void = Жойылған

console-money-payment-pending = Төлемді күтуде
console-money-payment-paid = Төленді
console-money-payment-failed = Өтпеді
console-money-payment-expired = Мерзімі өтті
console-money-payment-cancelled = Бас тартылды

console-money-refund-pending = қайтару өңделуде
console-money-refund-done = қайтарылды
console-money-refund-failed = қайтару өтпеді
