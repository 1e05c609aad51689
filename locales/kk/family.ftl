# Family: dependants a patient books for.

family-title = <b>Сіздің отбасыңыз</b>
family-empty = Әзірге ешкімді қоспадыңыз. Дәрігерге жазу үшін балаңызды немесе егде туысыңызды қосыңыз.
family-item = { $name } — { $relation }, { $birthDate }, ЖСН { $iin }
family-add = ➕ Қосу
family-remove = ✖ { $name }
family-remove-confirm = { $name } боттағы отбасыңыздан алынсын ба? Медициналық жазбалар клиникада қалады.
family-remove-yes = Иә, алып тастау
family-removed = Дайын, { $name } енді тізімде жоқ.
family-added = { $name } отбасыңызға қосылды.

family-relation-prompt = Кімді қосасыз?
relation-child = бала
relation-parent = ата-ана
relation-spouse = жұбай
relation-other = туыс
family-iin-prompt = Осы адамның ЖСН-ін жазыңыз — 12 цифр.
family-last-name-prompt = Оның тегін жазыңыз.
family-first-name-prompt = Атын жазыңыз.
family-middle-name-prompt = Әкесінің атын жазыңыз немесе «Өткізіп жіберу» батырмасын басыңыз.
