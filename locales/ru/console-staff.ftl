# The Staff page (console/pages/staff.tsx): an account's link to a clinic doctor and to Telegram.

console-staff-edit = Изменить
console-staff-edit-title = Имя, роли и привязки
console-staff-links = Привязки
console-staff-doctor = Врач клиники
console-staff-doctor-none = — не выбран —
console-staff-doctor-inactive = { $name } (не работает)
console-staff-doctor-hint = Врач видит свои приёмы в «Мой день», только если учётная запись привязана к врачу клиники.
console-staff-telegram = Telegram ID
console-staff-telegram-hint = Число, а не @имя. Узнать его: написать /start боту @userinfobot в Telegram — он ответит строкой «Id». Сюда приходят тестовые отправки рассылок.
console-staff-linked-doctor = Врач: { $name }
console-staff-linked-doctor-id = Врач № { $id }
console-staff-linked-telegram = Telegram: { $id }
console-field-doctorId = Врач клиники
console-field-telegramUserId = Telegram ID
