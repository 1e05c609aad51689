# Family: dependants a patient books for.

family-title = <b>Ваша семья</b>
family-empty = Вы пока никого не добавили. Добавьте ребёнка или пожилого родственника, чтобы записывать их к врачу.
family-item = { $name } — { $relation }, { $birthDate }, ИИН { $iin }
family-add = ➕ Добавить
family-remove = ✖ { $name }
family-remove-confirm = Убрать { $name } из вашей семьи в боте? Медицинские записи останутся в клинике.
family-remove-yes = Да, убрать
family-removed = Готово, { $name } больше не в списке.
family-added = { $name } добавлен(а) в вашу семью.

family-relation-prompt = Кого вы добавляете?
relation-child = ребёнок
relation-parent = родитель
relation-spouse = супруг(а)
relation-other = родственник
family-iin-prompt = Напишите ИИН этого человека — 12 цифр.
family-last-name-prompt = Напишите его (её) фамилию.
family-first-name-prompt = Напишите имя.
family-middle-name-prompt = Напишите отчество или нажмите «Пропустить».
