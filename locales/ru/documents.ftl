# Documents: the PDF pages (labels and phrases) and the bot's messages about documents.

doc-kind-referral = Направление
doc-kind-prescription = Рецепт
doc-kind-certificate = Медицинская справка
doc-kind-visit_summary = Консультативное заключение
doc-kind-lab_results = Результаты анализов

doc-referral-title-specialist = Направление на консультацию
doc-referral-title-tests = Направление на обследование
doc-referral-title-hospitalisation = Направление на госпитализацию
doc-referral-target = Куда / к кому
doc-referral-tests = Обследования
doc-referral-reason = Цель направления
doc-referral-urgency = Срочность
doc-referral-urgency-planned = планово
doc-referral-urgency-urgent = срочно

doc-prescription-title = Рецепт
doc-prescription-items = Назначено
doc-rx-drug = Препарат
doc-rx-dose = Доза
doc-rx-frequency = Как принимать
doc-rx-days = Дней

doc-certificate-title = Медицинская справка (форма { $form })
doc-certificate-purpose = Цель выдачи
doc-certificate-period = Период
doc-period = с { $from } по { $to }
doc-certificate-conclusion = Заключение

doc-visit-summary-title = Консультативное заключение
doc-summary-complaints = Жалобы
doc-summary-anamnesis = Анамнез
doc-summary-examination = Объективный осмотр
doc-summary-recommendations = Рекомендации

doc-lab-title = Результаты анализов: { $panel }
doc-lab-title-upload = Результаты анализов
doc-lab-material = Биоматериал: { $material }
doc-lab-sampled = Дата и время взятия биоматериала: { $at }
doc-lab-test = Показатель
doc-lab-value = Результат
doc-lab-unit = Ед. изм.
doc-lab-range = Референсные значения
doc-lab-flag = Отметка
doc-lab-low = ниже нормы
doc-lab-high = выше нормы
doc-lab-abnormal = отклонение
doc-lab-marked = Показателей вне референсных значений: { $count } (всего { $total })
doc-lab-none-marked = Все показатели в пределах референсных значений.
doc-lab-legend = ↑ — выше референсных значений, ↓ — ниже референсных значений, ! — отклонение по оценке лаборатории.
doc-lab-comment = Комментарий

doc-diagnosis = Диагноз
doc-valid-until = Действительно до { $date }
doc-form = Форма № { $form }
doc-phone = Телефон: { $phone }
doc-number-date = № { $number } от { $date }
doc-patient = Пациент
doc-birth-date = Дата рождения
doc-iin = ИИН
doc-doctor = Врач
doc-signature = подпись
doc-stamp = М. П.
doc-unsigned = Документ сформирован автоматически при подтверждении оплаты банком и не требует подписи и печати. Подлинность проверяется по QR-коду внизу страницы.
doc-issued-on = Дата выдачи: { $date }
doc-verify-footer = Подлинность документа: отсканируйте QR-код или откройте { $url }
doc-verify-code = Код проверки: { $code }
doc-page = Стр. { $page } из { $pages }

doc-new = 📄 Новый документ: { $kind } № { $number }.
doc-open = 📄 Открыть
doc-file = 📄 { $kind } № { $number }
