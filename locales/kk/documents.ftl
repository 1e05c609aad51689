# Құжаттар: PDF беттері (белгілер мен тіркестер) және бот хабарламалары.

doc-kind-referral = Жолдама
doc-kind-prescription = Рецепт
doc-kind-certificate = Медициналық анықтама
doc-kind-visit_summary = Консультациялық қорытынды
doc-kind-lab_results = Талдау нәтижелері

doc-referral-title-specialist = Консультацияға жолдама
doc-referral-title-tests = Тексерілуге жолдама
doc-referral-title-hospitalisation = Ауруханаға жатқызуға жолдама
doc-referral-target = Қайда / кімге
doc-referral-tests = Тексерулер
doc-referral-reason = Жолдаманың мақсаты
doc-referral-urgency = Шұғылдығы
doc-referral-urgency-planned = жоспарлы
doc-referral-urgency-urgent = шұғыл

doc-prescription-title = Рецепт
doc-prescription-items = Тағайындалды
doc-rx-drug = Дәрі
doc-rx-dose = Мөлшері
doc-rx-frequency = Қалай қабылдау керек
doc-rx-days = Күн

doc-certificate-title = Медициналық анықтама ({ $form } нысаны)
doc-certificate-purpose = Берілген мақсаты
doc-certificate-period = Кезең
doc-period = { $from } бастап { $to } дейін
doc-certificate-conclusion = Қорытынды

doc-visit-summary-title = Консультациялық қорытынды
doc-summary-complaints = Шағымдары
doc-summary-anamnesis = Анамнез
doc-summary-examination = Объективті қарап-тексеру
doc-summary-recommendations = Ұсынымдар

doc-lab-title = Талдау нәтижелері: { $panel }
doc-lab-title-upload = Талдау нәтижелері
doc-lab-sampled = Материал алынған күні мен уақыты: { $at }
doc-lab-test = Көрсеткіш
doc-lab-value = Нәтиже
doc-lab-unit = Өлш. бірл.
doc-lab-range = Референттік мәндер
doc-lab-flag = Белгі
doc-lab-low = қалыптан төмен
doc-lab-high = қалыптан жоғары
doc-lab-comment = Түсініктеме

doc-diagnosis = Диагноз
doc-valid-until = { $date } дейін жарамды
doc-phone = Телефон: { $phone }
doc-number-date = № { $number }, { $date }
doc-patient = Пациент
doc-birth-date = Туған күні
doc-iin = ЖСН
doc-doctor = Дәрігер
doc-signature = Дәрігердің қолы ____________________
doc-stamp = М. О.
doc-verify-footer = Түпнұсқалығын тексеру: { $url } немесе тексеру бетінде { $code } коды.

doc-new = 📄 Жаңа құжат: { $kind } № { $number }.
doc-open = 📄 Ашу
doc-file = 📄 { $kind } № { $number }
