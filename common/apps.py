from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Shared pieces"

    def ready(self) -> None:
        # Registers the deploy check that the keys in use are neither public nor weak.
        from common import checks  # noqa: F401
