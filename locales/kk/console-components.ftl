# Shared parts of the staff console's pages (console/components/).

console-more = Тағы көрсету
