# Құжаттар: PDF беттері (белгілер мен тіркестер) және бот хабарламалары.

doc-kind-referral = Жолдама
doc-kind-prescription = Рецепт
doc-kind-certificate = Медициналық анықтама
doc-kind-visit_summary = Консультациялық қорытынды
doc-kind-lab_results = Талдау нәтижелері

doc-referral-title-specialist = Консультацияға жолдама
doc-referral-title-tests = Тексеруге жолдама
doc-referral-title-hospitalisation = Ауруханаға жатқызуға жолдама
doc-referral-target = Қайда / кімге
doc-referral-tests = Тексерулер
doc-referral-reason = Жолдаманың мақсаты
doc-referral-urgency = Шұғылдығы
doc-referral-urgency-planned = жоспарлы
doc-referral-urgency-urgent = шұғыл

doc-prescription-title = Рецепт
doc-prescription-items = Тағайындалды
doc-rx-drug = Дәрілік зат
doc-rx-dose = Дозасы
doc-rx-frequency = Қабылдау тәртібі
doc-rx-days = Күн саны

doc-certificate-title = Медициналық анықтама (№ { $form } нысан)
doc-certificate-purpose = Берілу мақсаты
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
doc-lab-material = Биоматериал: { $material }
doc-lab-sampled = Биоматериал алынған күні мен уақыты: { $at }
doc-lab-test = Көрсеткіш
doc-lab-value = Нәтиже
doc-lab-unit = Өлш. бірл.
doc-lab-range = Референттік мәндер
doc-lab-flag = Белгі
doc-lab-low = қалыптан төмен
doc-lab-high = қалыптан жоғары
doc-lab-abnormal = ауытқу
doc-lab-marked = Референттік мәндерден тыс көрсеткіштер: { $count } (барлығы { $total })
doc-lab-none-marked = Барлық көрсеткіштер референттік мәндер шегінде.
doc-lab-legend = ↑ — референттік мәндерден жоғары, ↓ — референттік мәндерден төмен, ! — зертхананың бағалауы бойынша ауытқу.
doc-lab-comment = Түсініктеме

doc-diagnosis = Диагноз
doc-valid-until = { $date } дейін жарамды
doc-form = № { $form } нысан
doc-phone = Телефон: { $phone }
doc-number-date = { $date } ж. № { $number }
doc-patient = Пациент
doc-birth-date = Туған күні
doc-iin = ЖСН
doc-doctor = Дәрігер
doc-signature = қолы
doc-stamp = М. О.
doc-unsigned = Құжат банк төлемді растаған кезде автоматты түрде жасалды, қолтаңбаны және мөрді қажет етпейді. Түпнұсқалығы беттің төменгі жағындағы QR-код арқылы тексеріледі.
doc-issued-on = Берілген күні: { $date }
doc-verify-footer = Құжаттың түпнұсқалығы: QR-кодты сканерлеңіз немесе { $url } сілтемесін ашыңыз
doc-verify-code = Тексеру коды: { $code }
doc-page = Бет { $page } / { $pages }

doc-new = 📄 Жаңа құжат: { $kind } № { $number }.
doc-open = 📄 Ашу
doc-file = 📄 { $kind } № { $number }
