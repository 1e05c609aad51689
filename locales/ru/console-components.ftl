# Shared parts of the staff console's pages (console/components/).

console-more = Показать ещё
