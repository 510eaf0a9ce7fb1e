from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders, texts and the calendar feed"

    def ready(self):
        # accounts cannot import reminders: a changed time zone reaches the outbox
        # through the domain event accounts sends (accounts/signals.py).
        from reminders import receivers  # noqa: F401
