"""The supporter dashboard under load: one peer mentor with fifty people, each with a year.

The dashboard must cost the same few queries for one person or fifty
(supporters.selectors.supporting); this page is where that shows as req/s.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from planner import rules
from planner.demo.progress import years_of_history
from supporters.models import SupporterLink

PEOPLE = 50
FIRST_NAME = "Person 1"  # the dashboard lists everyone by name; the check looks for the first


def supporter_of_fifty() -> User:
    """A peer mentor supporting fifty people, each with a year of attempts and check-ins."""
    from bench.pages import person_new

    mentor = person_new()
    mentor.display_name = "Mentor"
    mentor.save(update_fields=["display_name"])
    now = timezone.now()
    for n in range(PEOPLE):
        person = person_new()
        person.display_name = f"Person {n + 1}"
        person.save(update_fields=["display_name"])
        years_of_history(person, years=1, today=rules.local_date(now, person.zone))
        SupporterLink.objects.create(
            owner=person,
            supporter=mentor,
            relationship="peer_mentor",
            created_at=now - timedelta(days=30),
            scope_plan=True,
            scope_practice=True,
            scope_checkins=True,
            digest_enabled=n % 2 == 0,
        )
    return mentor


def dashboard_greets(_mentor: User) -> str:
    return FIRST_NAME


def touch_one(mentor: User) -> None:
    """A small write for the first person the mentor supports: one card goes cold."""
    from bench.pages import small_write

    link = SupporterLink.objects.filter(supporter=mentor).select_related("owner").first()
    small_write(link.owner)
