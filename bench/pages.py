"""The pages `make bench` measures, one line each.

A page's setup makes the person whose view is measured, with whatever history
the page needs, and returns them. It runs once, before gunicorn starts, and
the check before measuring asserts the page greets that person by name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from bench import supporters
from planner import rules
from planner.demo.progress import years_of_history
from planner.demo.week import year_of_history
from planner.services.week import rest_day_set


def display_name(person: User) -> str:
    return person.display_name


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    setup: Callable[[], User]
    # What the page must show for the person setup returned (proof it is signed in).
    greets: Callable[[User], str] = display_name
    # A small write through a service, so the next view is a cold one.
    touch: Callable[[User], None] = lambda person: small_write(person)


def small_write(person: User) -> None:
    """A rest day a month out, toggled: nothing on the page changes, but its version does."""
    day = rules.local_date(timezone.now(), person.zone) + timedelta(days=30)
    resting = not person.rest_days.filter(day=day).exists()
    rest_day_set(owner=person, day=day, resting=resting)


def person_new() -> User:
    """Someone who signed up today: a verified address and nothing planned yet."""
    count = User.objects.count()
    user = User.objects.create_user(
        email=f"person{count}@bench.example.org",
        display_name=f"Robin{count}",
        timezone="Europe/Dublin",
        locale="en-IE",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def person_with_a_year() -> User:
    """Someone with twenty goals and an attempt logged every day for a year."""
    user = person_new()
    year_of_history(user, goals=20, today=rules.local_date(timezone.now(), user.zone))
    return user


@cache  # home and progress look at the same veteran: three years take a while to write
def person_with_three_years() -> User:
    """Someone with an attempt and a check-in every day for three years, and monthly measures."""
    user = person_new()
    years_of_history(user, years=3, today=rules.local_date(timezone.now(), user.zone))
    return user


PAGES = [
    Page("home, new person", "/", person_new),
    Page("home, three years of history", "/", person_with_three_years),
    Page("week, a year of history", "/week/", person_with_a_year),
    Page("progress, three years of history", "/progress/?range=1y", person_with_three_years),
    Page(
        "supporter dashboard, 50 people with a year each",
        "/supporting/",
        supporters.supporter_of_fifty,
        greets=supporters.dashboard_greets,
        touch=supporters.touch_one,
    ),
]
