# The operator's pages' names in the navigation; their other words come with their chunk (console-support.lazy.ftl).
console-support-page-inbox = Өтініштер
console-support-page-follow-ups = Төмен бағалар
console-support-page-faq = Анықтама (FAQ)
