# The operator's pages' names in the navigation; their other words come with their chunk (console-support.lazy.ftl).
console-support-page-inbox = Обращения
console-support-page-follow-ups = Низкие оценки
console-support-page-faq = Справка (FAQ)
