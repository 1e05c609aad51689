# The console's broadcasts pages: broadcasts, saved audiences, automations.
# The rest of its words load with the page (console-broadcasts.lazy.ftl).

console-broadcasts-page = Рассылки
console-broadcasts-page-automations = Аудитории и автоматизации
