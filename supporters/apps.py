from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "supporters"
    verbose_name = "Supporters and sharing"

    def ready(self):
        # Planner pages show what supporters add (an ally's answer, notes of
        # encouragement) through planner's extension points; see supporters/extensions.py.
        from supporters import extensions

        extensions.register()
        # accounts cannot import supporters: a deleted account's sharing ends through
        # the domain event accounts sends (accounts/signals.py).
        from supporters import receivers  # noqa: F401
