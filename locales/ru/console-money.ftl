# The money page of the staff console (admin): invoices, payments, refunds.
# The rest of its words load with the page (console-money.lazy.ftl).

console-money-title = Счета и возвраты
