# A broadcast as its reader gets it: the clinic's own text, then its buttons.
broadcast-message = { $text }
broadcast-button = { $label }
broadcast-book-gone = Бұл қызметке қазір жазылу мүмкін емес. «📅 Жазылу» арқылы басқасын таңдаңыз.
