"""Fill the database with a believable demo, so a newcomer sees every feature.

Idempotent: running it again leaves one copy of everything. Each app keeps its
own part in its `demo` module (a SEEDERS tuple), and they run in the order of
INSTALLED_APPS, which is the order the apps build on each other (accounts makes
the people, planner their plans, then supporters and reminders). Looking the
modules up by app keeps common free of imports from the apps above it. A seeder
takes the demo people by first name ({"maya": ..., "sam": ...}).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def demo_modules() -> list:
    """Every app's `demo` module, app by app in INSTALLED_APPS order."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if find_spec(f"{config.name}.demo") is not None
    ]


class Command(BaseCommand):
    help = "Create or refresh the demo person (Maya) and her supporter (Sam)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="seed even with STEPWISE_ENV=production (a demo server nobody uses for real)",
        )

    def handle(self, *args, allow_production=False, **options):
        # The demo people's password is printed on every start and in the README: on a
        # server real people use, anyone could sign in as Maya (ASVS 5.0 V6.3.2).
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(
                "This is a production server, and the demo accounts' password is public. "
                "Run seed_demo only on a demo server, with --allow-production."
            )
        modules, people = demo_modules(), {}
        with transaction.atomic():
            for module in modules:
                for seeder in module.SEEDERS:
                    seeder(people)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for module in modules:
            for line in getattr(module, "summary", lambda people: [])(people):
                self.stdout.write(f"  {line}")
