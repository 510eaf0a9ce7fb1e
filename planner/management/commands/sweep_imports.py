"""Put back every import whose process died part-way: `manage.py sweep_imports`.

Beat does this every minute (planner.tasks.imports_sweep); the command is for an
operator without beat, or who wants it done now (after a crash, before restarting).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from planner.services.import_runs import imports_sweep


class Command(BaseCommand):
    help = "Put back imports left half-done by a process that died (heartbeat too old)."

    def handle(self, *args, **options):
        swept = imports_sweep(now=timezone.now())
        self.stdout.write(f"Put back {swept} unfinished import{'s' if swept != 1 else ''}.")
