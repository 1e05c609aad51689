# The console's broadcasts pages: broadcasts, saved audiences, automations.
# The rest of its words load with the page (console-broadcasts.lazy.ftl).

console-broadcasts-page = Таратылымдар
console-broadcasts-page-automations = Аудиториялар мен автоматтандыру
