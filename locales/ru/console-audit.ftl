# The audit log page of the staff console (admin).
# The rest of its words load with the page (console-audit.lazy.ftl).

console-audit-title = Журнал доступа
