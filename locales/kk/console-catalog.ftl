# The catalog page of the staff console (admin): branches, services, prices, doctors, schedules.
# The rest of its words load with the page (console-catalog.lazy.ftl).

console-catalog-title = Каталог
