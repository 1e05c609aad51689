# Поддержка: ответы клиники на обращения пациентов и сообщения для группы сотрудников.

support-reply = 💬 Ответ клиники по обращению № { $number }:
    { $text }
support-reply-file = 💬 Клиника прислала файл по обращению № { $number }.
staff-ticket-overdue = ⏰ Обращение № { $number } ({ $patient }) ждёт ответа уже { $minutes } мин.
