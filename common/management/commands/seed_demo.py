"""Fill the database with a believable demo, so a newcomer sees every feature.

Idempotent: running it again leaves one copy of everything. Each feature adds
its own seeder to SEEDERS, in the order they depend on each other; a seeder takes
the demo people by first name ({"maya": ..., "sam": ...}).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from planner.demo import checkins as checkins_demo
from planner.demo import goals as goals_demo
from planner.demo import learn as learn_demo
from planner.demo import progress as progress_demo
from planner.demo import reminders as reminders_demo
from planner.demo import safety as safety_demo
from planner.demo import supporters as supporters_demo
from planner.demo import week as week_demo

SEEDERS = [
    safety_demo.seed_contacts,  # trusted contacts: a ladder step names Aoife as the ally
    goals_demo.seed,  # values, goals and ladders: the week builds on these
    week_demo.seed,  # eight weeks of steps and attempts, and this week
    checkins_demo.seed,  # check-ins, journal, thought records (one cites an attempt)
    safety_demo.seed,  # safety plan (with an earlier version) and a private link
    progress_demo.seed,  # monthly measures, small wins and a problem-solving worksheet
    learn_demo.seed,  # three lessons Maya has read
    supporters_demo.seed,  # Sam supports Maya: scopes, an ally step, notes, views, digest
    reminders_demo.seed,  # reminder choices, a confirmed phone, what comes next, a log
]


class Command(BaseCommand):
    help = "Create or refresh the demo person (Maya) and her supporter (Sam)."

    def handle(self, *args, **options):
        with transaction.atomic():
            people = accounts_demo.seed()
            for seeder in SEEDERS:
                seeder(people)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for email, name, *_ in accounts_demo.DEMO_PEOPLE:
            self.stdout.write(f"  {name}: {email} / {accounts_demo.DEMO_PASSWORD}")
