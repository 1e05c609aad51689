# The doctor's page's name in the navigation; its other words come with its chunk (console-doctor.lazy.ftl).
console-doctor-page = Мой день
