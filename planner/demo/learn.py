"""Demo lesson reads for seed_demo: Maya has read the three lessons that met her
first weeks (isolation, graded steps, why distress falls), a few days apart."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from planner.models import LessonRead

# (slug, days ago): read early on, alongside her first ladder.
READS = [
    ("isolation-loop", 80),
    ("graded-steps", 78),
    ("why-distress-falls", 70),
]


def seed(people: dict[str, User]) -> None:
    maya = people["maya"]
    now = timezone.now()
    for slug, days_ago in READS:
        # update_or_create keeps a second run from adding rows or tripping the constraint.
        LessonRead.objects.update_or_create(
            owner=maya, slug=slug, defaults={"read_at": now - timedelta(days=days_ago)}
        )
