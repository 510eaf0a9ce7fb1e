"""Fill the database with a believable demo, so a newcomer sees every feature.

Idempotent: running it again leaves one copy of everything. Each feature adds
its own seeder to SEEDERS, in the order they depend on each other.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo

SEEDERS = [accounts_demo.seed]


class Command(BaseCommand):
    help = "Create or refresh the demo person (Maya) and her supporter (Sam)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for seeder in SEEDERS:
                seeder()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for email, name, *_ in accounts_demo.DEMO_PEOPLE:
            self.stdout.write(f"  {name}: {email} / {accounts_demo.DEMO_PASSWORD}")
