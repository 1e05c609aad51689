# The registrar's pages' names in the navigation; their other words come with their chunk (console-desk.lazy.ftl).
console-desk-board = Расписание дня
console-desk-book = Запись по телефону
console-desk-identity = Подтверждение личности
