# The Staff page (console/pages/staff.tsx): an account's link to a clinic doctor and to Telegram.

console-staff-edit = Өзгерту
console-staff-edit-title = Аты-жөні, рөлдер мен байланыстар
console-staff-links = Байланыстар
console-staff-doctor = Клиника дәрігері
console-staff-doctor-none = — таңдалмаған —
console-staff-doctor-inactive = { $name } (жұмыс істемейді)
console-staff-doctor-hint = Дәрігер өз қабылдауларын «Менің күнім» бөлімінде есептік жазбасы клиника дәрігеріне байланыстырылғанда ғана көреді.
console-staff-telegram = Telegram ID
console-staff-telegram-hint = @атау емес, сан. Оны білу үшін Telegram-да @userinfobot ботына /start деп жазыңыз — ол «Id» жолымен жауап береді. Таратылымдардың сынақ жіберілімдері осында келеді.
console-staff-linked-doctor = Дәрігер: { $name }
console-staff-linked-doctor-id = № { $id } дәрігер
console-staff-linked-telegram = Telegram: { $id }
console-field-doctorId = Клиника дәрігері
console-field-telegramUserId = Telegram ID
