# The registrar's pages' names in the navigation; their other words come with their chunk (console-desk.lazy.ftl).
console-desk-board = Күн кестесі
console-desk-book = Телефон арқылы жазу
console-desk-identity = Жеке басын растау
