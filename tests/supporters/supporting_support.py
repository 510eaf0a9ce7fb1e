"""Helpers for the supporter-side tests (dashboard, shared pages, notes, allies)."""

from datetime import time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner import rules
from planner.models import Attempt, CheckIn, Goal, ScheduledStep, Step, Value
from supporters.models import Scope, SupporterLink
from tests.factories import ScheduledStepFactory, StepFactory, TrustedContactFactory
from tests.pages import assert_shows

ALL_SCOPES = [scope.value for scope in Scope]


def link_for(owner, supporter, *scopes: str, **fields) -> SupporterLink:
    """A live link granting exactly `scopes` (plan, practice, checkins, safety, journal)."""
    granted = {f"scope_{scope}": scope in scopes for scope in ALL_SCOPES}
    return SupporterLink.objects.create(
        owner=owner,
        supporter=supporter,
        relationship=fields.pop("relationship", "friend"),
        created_at=fields.pop("created_at", timezone.now()),
        **{**granted, **fields},
    )


def ally_step(link: SupporterLink, *, title="Coffee at the corner café", in_hours=26, **fields):
    """A planned step of the link's owner naming the link's supporter as its ally."""
    contact = TrustedContactFactory(
        owner=link.owner,
        name=link.supporter.get_short_name(),
        can_be_ally=True,
        supporter_link=link,
    )
    step = StepFactory(goal__owner=link.owner, title=title, ally=contact)
    return ScheduledStepFactory(
        step=step, starts_at=timezone.now() + timedelta(hours=in_hours), **fields
    )


def queries_for(client, url, *, expect=()) -> CaptureQueriesContext:
    """The queries of one GET, which must answer 200 and show each text in `expect`."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert_shows(response, *expect)
    return captured


def sql_of(captured: CaptureQueriesContext) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


def years_of_history(people, *, today, days=365, goals=2, every=3):
    """A year for each person (goals of three steps, a logged attempt and a check-in
    every `every` days), written in a handful of bulk inserts for all of them at
    once, so a test of 50 people stays quick on a small machine. Like
    planner.demo.week.year_of_history, without the free text (the privacy tests
    plant their own)."""
    values = Value.objects.bulk_create(
        Value(owner=person, name="Connection", importance=4) for person in people
    )
    goal_rows = Goal.objects.bulk_create(
        Goal(owner=v.owner, value=v, title=f"Goal {n + 1}", area="relationships")
        for v in values
        for n in range(goals)
    )
    steps = Step.objects.bulk_create(
        Step(
            goal=goal,
            position=p,
            title=f"{goal.title}, step {p + 1}",
            predicted_suds=40 + 10 * p,
            planned_minutes=20,
        )
        for goal in goal_rows
        for p in range(3)
    )
    by_owner = {}
    for step in steps:
        by_owner.setdefault(step.goal.owner_id, []).append(step)
    scheduled = ScheduledStep.objects.bulk_create(
        ScheduledStep(
            owner=person,
            step=by_owner[person.pk][n % len(by_owner[person.pk])],
            starts_at=rules.local_to_utc(today - timedelta(days=n), time(12), person.zone),
            planned_minutes=20,
            status=ScheduledStep.Status.DONE,
        )
        for person in people
        for n in range(days, 0, -every)
    )
    Attempt.objects.bulk_create(
        Attempt(
            owner_id=row.owner_id,
            step=row.step,
            scheduled_step=row,
            predicted_peak=60,
            predicted_at=row.starts_at - timedelta(hours=2),
            suds_before=30,
            suds_peak=20 + n % 50,
            suds_after=15,
            minutes_stayed=20,
            happened_at=row.starts_at,
        )
        for n, row in enumerate(scheduled)
    )
    moment = timezone.now()
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=person,
            rhythm="daily",
            period_start=today - timedelta(days=n),
            mood=3,
            distress=30,
            energy=3,
            interactions=1,
            created_at=moment - timedelta(days=n),
            updated_at=moment - timedelta(days=n),
        )
        for person in people
        for n in range(1, days, every)
    )


def html_of(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def this_week_moment(person, *, hours_from_now=1):
    """About `hours_from_now` from now, kept inside the person's current week (the
    tests run on any day, at any hour)."""
    now = timezone.now()
    zone = person.zone
    start = rules.week_start(rules.local_date(now, zone), sunday_first=person.week_starts_on_sunday)
    begins = rules.local_midnight(start, zone)
    ends = rules.local_midnight(start + timedelta(days=7), zone)
    moment = now + timedelta(hours=hours_from_now)
    if moment >= ends:
        return ends - timedelta(minutes=abs(hours_from_now) * 10 + 1)
    if moment < begins:
        return begins + timedelta(minutes=abs(hours_from_now) * 10 + 1)
    return moment
