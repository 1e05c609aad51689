# The patient's payments in the bot: balance, unpaid invoices, paying one by Kaspi or Halyk.

menu-payments = 💳 Оплата
cmd-payments = Счета и оплата

pay-title = <b>Оплата</b>
pay-person = <b>{ $name }</b>
pay-balance =
    К оплате: { $owed }
    Оплачено: { $paid }
    Возвращено: { $refunded }
pay-nothing-due = Неоплаченных счетов нет.
pay-hint = Выберите счёт, чтобы посмотреть его и оплатить.
pay-invoice-button = 🧾 № { $number } — { $amount }

pay-invoice-card = 🧾 <b>Счёт № { $number }</b>
pay-invoice-for = Пациент: { $name }
pay-line = { $title } — { $amount }
pay-line-many = { $title }, { $quantity } × { $price } — { $amount }
pay-total = <b>Итого к оплате: { $total }</b>
pay-choose = Выберите способ оплаты:
pay-with-kaspi = Kaspi
pay-with-halyk = 💳 Halyk (карта)
pay-no-providers = Оплатить в боте сейчас нельзя. Счёт можно оплатить в регистратуре клиники.
pay-back = ◀ К счетам

pay-link-kaspi =
    🧾 Счёт № { $number }: { $amount }

    Отсканируйте QR-код в приложении Kaspi.kz или нажмите кнопку ниже. Ссылка действует до { $until }.
pay-link-halyk =
    🧾 Счёт № { $number }: { $amount }

    Нажмите кнопку ниже, чтобы оплатить картой на странице Halyk Bank. Ссылка действует до { $until }.
pay-link-after = Когда оплата пройдёт, это сообщение сменится на «оплачено» и придёт чек.
pay-link-button-kaspi = Открыть в Kaspi.kz
pay-link-button-halyk = 💳 Оплатить картой

pay-declined = ❌ Оплата счёта № { $number } ({ $amount }) не прошла, деньги не списаны. Можно попробовать ещё раз тем же или другим способом.
pay-again = 🔄 Попробовать ещё раз
