# The patient's documents in the bot: the list, opening one, the consent to receive them in Telegram.

menu-documents = 📄 Документы
cmd-documents = Мои документы

docs-title = <b>Ваши документы</b>
docs-none = Документов пока нет. Когда врач выпишет направление, рецепт или справку или придут результаты анализов, они появятся здесь, а мы сразу сообщим.
docs-hint = Нажмите номер документа, чтобы открыть его.
docs-page = Страница { $page } из { $pages }
docs-person = <b>{ $name }</b>
docs-line = { $n }. { $title } от { $date }
docs-line-doctor = { $n }. { $title } от { $date }, врач { $doctor }
docs-revoked-mark = — ⛔ отозван
docs-button = { $n }. { $title }
docs-button-revoked = { $n }. ⛔ { $title }
docs-prev = ◀ Назад
docs-next = Далее ▶
docs-file-coming = Отправляем файл

docs-consent-ask =
    Присылать медицинские документы прямо сюда, в Telegram?

    Файлы в Telegram хранятся на его серверах, и их увидит любой, у кого есть доступ к этому чату. Если нет — пришлём ссылку для скачивания с сервера клиники: она работает { $hours } ч и только для вас.

    Ответ можно изменить в профиле.
docs-consent-yes = ✅ Да, присылать сюда
docs-consent-no = 🔗 Нет, давать ссылку
docs-link =
    📄 { $kind } № { $number }

    Ссылка для скачивания работает { $hours } ч и только для вас — не пересылайте её. Новую ссылку можно получить, открыв документ ещё раз.
docs-link-button = ⬇️ Скачать

profile-documents-on = 📄 Документы в Telegram
profile-documents-off = 🔗 Документы ссылкой
profile-documents-enabled = Готово: документы будут приходить файлом в этот чат.
profile-documents-disabled = Готово: вместо файлов будем присылать ссылку для скачивания.
