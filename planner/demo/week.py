"""Demo weeks and practice for seed_demo, and a year of history for tests and `make bench`.

The demo builds on the goals and ladders the goals seeder made for Maya: eight
weeks behind her in which distress on one step falls until it looks ready, one
hard attempt she left early (so the gentle offer shows), and a current week with
one step done, two to come and a rest day.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common import versioning
from planner import rules
from planner.models import Attempt, Goal, PlanSettings, RestDay, ScheduledStep, Step, Value

# (weeks ago, weekday, hour, which step, predicted, before, peak, after, stayed, used exit, what helped)
# Weekdays count from Monday (0). "a" is the step whose distress falls week by week.
HISTORY = [
    (8, 1, 18, "a", 70, 55, 70, 35, 20, False, "Going early, before it got busy."),
    (8, 5, 11, "b", 60, 40, 55, 25, 30, False, ""),
    (7, 1, 18, "a", 70, 50, 62, 30, 30, False, "Texting my sister before I went in."),
    (6, 2, 18, "a", 65, 45, 55, 25, 30, False, ""),
    (6, 5, 11, "b", 60, 45, 85, 40, 10, True, "Leaving when I needed to. I can go back."),
    (5, 1, 18, "a", 60, 40, 48, 20, 30, False, "Slow breathing on the walk there."),
    (4, 1, 18, "a", 55, 35, 40, 15, 30, False, ""),
    (4, 4, 17, "b", 60, 35, 45, 20, 30, False, "A shorter visit felt doable."),
    (3, 2, 18, "a", 50, 30, 33, 15, 30, False, "Ordering the same drink as last time."),
    (2, 1, 18, "a", 45, 25, 28, 10, 30, False, ""),
    (1, 1, 18, "a", 40, 20, 24, 10, 30, False, "Knowing the way out before I went in."),
    (1, 4, 17, "b", 55, 30, 40, 15, 30, False, ""),
]
# A step that did not happen, and a few rest days: both part of a believable plan.
NOT_THIS_TIME = (5, 4, 17, "b")
REST_DAYS = [(7, 6), (5, 6), (3, 5), (2, 6)]


def _demo_steps(person: User) -> dict[str, Step] | None:
    goals = list(
        Goal.objects.filter(owner=person, status=Goal.Status.ACTIVE)
        .prefetch_related("steps")
        .order_by("created_at", "pk")
    )
    ladders = [sorted(g.steps.all(), key=lambda s: (s.position, s.pk)) for g in goals]
    ladders = [ladder for ladder in ladders if ladder]
    if not ladders:
        return None
    first = ladders[0]
    # "a" sits one rung up, so the offer of "the step before it" has somewhere to go.
    a = first[1] if len(first) > 1 else first[0]
    others = [ladder[0] for ladder in ladders[1:]] + [s for s in first if s != a]
    b = others[0] if others else a
    c = others[1] if len(others) > 1 else b
    return {"a": a, "b": b, "c": c}


def seed(people: dict[str, User], *, now: datetime | None = None) -> None:
    """Refresh Maya's weeks and practice relative to today: running it twice is harmless."""
    maya = people["maya"]
    steps = _demo_steps(maya)
    if steps is None:
        return  # no ladders yet: nothing to schedule
    now = now or timezone.now()
    zone = maya.zone
    today = rules.local_date(now, zone)
    monday = rules.week_start(today, sunday_first=maya.week_starts_on_sunday)

    def at(weeks_ago: int, weekday: int, hour: int) -> datetime:
        day = monday - timedelta(weeks=weeks_ago) + timedelta(days=weekday)
        return rules.local_to_utc(day, time(hour, 0), zone)

    with transaction.atomic():
        Attempt.objects.filter(owner=maya).delete()
        ScheduledStep.objects.filter(owner=maya).delete()
        RestDay.objects.filter(owner=maya).delete()
        PlanSettings.objects.filter(owner=maya).delete()

        for (
            weeks,
            weekday,
            hour,
            key,
            predicted,
            before,
            peak,
            after,
            stayed,
            left,
            helped,
        ) in HISTORY:
            _done(
                maya,
                steps[key],
                at(weeks, weekday, hour),
                predicted=predicted,
                outcome=(before, peak, after, stayed, left),
                helped=helped,
            )
        weeks, weekday, hour, key = NOT_THIS_TIME
        ScheduledStep.objects.create(
            owner=maya,
            step=steps[key],
            starts_at=at(weeks, weekday, hour),
            planned_minutes=steps[key].planned_minutes,
            status=ScheduledStep.Status.CANCELLED,
        )
        RestDay.objects.bulk_create(
            RestDay(owner=maya, day=monday - timedelta(weeks=w) + timedelta(days=d))
            for w, d in REST_DAYS
        )
        _this_week(maya, steps, now=now, today=today, monday=monday, zone=zone)


def _done(person, step, starts_at, *, predicted, outcome, helped, note=""):
    before, peak, after, stayed, left = outcome
    scheduled = ScheduledStep.objects.create(
        owner=person,
        step=step,
        starts_at=starts_at,
        planned_minutes=step.planned_minutes,
        status=ScheduledStep.Status.DONE,
    )
    Attempt.objects.create(
        owner=person,
        step=step,
        scheduled_step=scheduled,
        predicted_peak=predicted,
        predicted_at=starts_at - timedelta(hours=3),
        suds_before=before,
        suds_peak=peak,
        suds_after=after,
        minutes_stayed=min(stayed, step.planned_minutes),
        used_exit_strategy=left,
        what_helped=helped,
        note=note,
        happened_at=starts_at,
    )


def _this_week(person, steps, *, now, today, monday, zone):
    """One step done (earlier this week, or earlier today on a Monday), two to come, a rest day."""
    sunday = monday + timedelta(days=6)
    week_starts = rules.local_midnight(monday, zone)
    week_ends = rules.local_midnight(sunday + timedelta(days=1), zone)
    done_day = max(monday, today - timedelta(days=1))
    done_at = min(rules.local_to_utc(done_day, time(11, 0), zone), now - timedelta(hours=1))
    # In the first hour of the week an hour ago was last week: at its very start instead.
    done_at = max(done_at, week_starts)
    _done(
        person,
        steps["a"],
        done_at,
        predicted=35,
        outcome=(15, 20, 5, 30, False),
        helped="It felt familiar now.",
        note="Said hello to the barista by name.",
    )
    days = [min(today + timedelta(days=n), sunday) for n in (1, 2)]
    for day, key in zip(days, ("b", "c"), strict=True):
        starts_at = rules.local_to_utc(day, time(18, 0), zone)
        if starts_at <= now:  # late on the last day of the week: later today instead
            # (in an hour, or halfway to midnight when that is sooner: still this week)
            starts_at = now + min(timedelta(hours=1), (week_ends - now) / 2)
        ScheduledStep.objects.create(
            owner=person, step=steps[key], starts_at=starts_at, planned_minutes=20
        )
    used = {done_day, *days}
    rest = next((d for d in rules.week_days(monday) if d not in used and d > today), None)
    rest = rest or next(d for d in rules.week_days(monday) if d not in used)
    RestDay.objects.get_or_create(owner=person, day=rest)


# --- A long history, for tests and `make bench` -----------------------------------------
def year_of_history(person: User, *, goals: int = 20, days: int = 365, today: date) -> None:
    """Twenty goals of three steps and a logged attempt every day for a year, in bulk."""
    zone = person.zone
    value = Value.objects.create(owner=person, name=f"Connection {person.pk}", importance=4)
    goal_rows = Goal.objects.bulk_create(
        Goal(owner=person, value=value, title=f"Goal {n + 1}", area="relationships")
        for n in range(goals)
    )
    step_rows = Step.objects.bulk_create(
        Step(
            goal=goal,
            position=position,
            title=f"{goal.title}, step {position + 1}",
            predicted_suds=40 + 10 * position,
            planned_minutes=20 + 10 * position,
            exit_strategy="Step outside for some air.",
        )
        for goal in goal_rows
        for position in range(3)
    )
    moments = [
        rules.local_to_utc(today - timedelta(days=n), time(12, 0), zone) for n in range(days, 0, -1)
    ]
    scheduled = ScheduledStep.objects.bulk_create(
        ScheduledStep(
            owner=person,
            step=step_rows[n % len(step_rows)],
            starts_at=moment,
            planned_minutes=20,
            status=ScheduledStep.Status.DONE,
        )
        for n, moment in enumerate(moments)
    )
    Attempt.objects.bulk_create(
        Attempt(
            owner=person,
            step=row.step,
            scheduled_step=row,
            predicted_peak=60,
            predicted_at=row.starts_at - timedelta(hours=2),
            suds_before=30,
            suds_peak=20 + n % 50,
            suds_after=15,
            minutes_stayed=20,
            what_helped="A friend came along.",
            note="A private note, encrypted at rest.",
            happened_at=row.starts_at,
        )
        for n, row in enumerate(scheduled)
    )
    RestDay.objects.bulk_create(
        RestDay(owner=person, day=today - timedelta(days=n)) for n in range(3, days, 7)
    )
    versioning.bump(person)  # written in bulk, behind the services: say so
