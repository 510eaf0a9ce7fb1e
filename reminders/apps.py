from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders, texts and the calendar feed"

    def ready(self):
        # accounts cannot import reminders: a changed time zone reaches the outbox
        # through the domain event accounts sends (accounts/signals.py). "Download
        # everything" (planner's) carries reminders' parts: see reminders/export.py.
        from reminders import export, receivers  # noqa: F401

        export.register()
