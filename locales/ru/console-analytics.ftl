# The analytics page's name in the navigation; its other words come with its chunk (console-analytics.lazy.ftl).
console-analytics-title = Аналитика
