# A broadcast as its reader gets it: the clinic's own text, then its buttons.
broadcast-message = { $text }
broadcast-button = { $label }
broadcast-book-gone = Эта услуга сейчас недоступна для записи. Выберите другую в «📅 Записаться».
