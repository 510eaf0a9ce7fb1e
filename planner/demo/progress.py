"""Demo measures, wins and a problem-solving worksheet for seed_demo, and years of
history for the progress page's query-count test and `make bench`.

Maya answered the monthly questions for five months, with loneliness easing
and her network growing a little (crossing 12 along the way); she kept a few
small wins and worked through one practical obstacle.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common import versioning
from planner import measures, rules
from planner.demo.week import year_of_history
from planner.models import (
    Attempt,
    CheckIn,
    MeasureResponse,
    ProblemWorksheet,
    Step,
    TrustedContact,
    Win,
)
from planner.services.problems import problem_save

# (months ago, UCLA answers, LSNS-6 answers): a gentle, uneven improvement.
MEASURES = [
    (5, [3, 3, 2], [1, 1, 1, 1, 1, 0]),
    (4, [3, 2, 2], [1, 1, 1, 2, 1, 1]),
    (3, [2, 3, 2], [2, 1, 1, 2, 2, 1]),
    (2, [2, 2, 2], [2, 2, 1, 3, 2, 2]),
    (1, [2, 2, 1], [2, 2, 2, 3, 2, 2]),
]
OWN_WINS = [
    (12, "Answered Aoife's message the same day instead of leaving it for a week."),
    (3, "Went to the corner shop at a busy time and stayed calm enough to chat."),
]


def _record(person: User, kind: str, answers: list[int], at: datetime) -> MeasureResponse:
    return MeasureResponse(
        owner=person, kind=kind, answers=answers, score=measures.score(kind, answers), taken_at=at
    )


def seed(people: dict[str, User]) -> None:
    """Refresh Maya's measures, wins and worksheet: running it twice leaves one copy."""
    maya = people["maya"]
    now = timezone.now()
    with transaction.atomic():
        MeasureResponse.objects.filter(owner=maya).delete()
        Win.objects.filter(owner=maya).delete()
        ProblemWorksheet.objects.filter(owner=maya).delete()
        MeasureResponse.objects.bulk_create(
            record
            for months, ucla, lsns in MEASURES
            for at in [now - timedelta(days=30 * months)]
            for record in (
                _record(maya, measures.UCLA3, ucla, at),
                _record(maya, measures.LSNS6, lsns, at + timedelta(minutes=3)),
            )
        )
        for days, text in OWN_WINS:
            Win.objects.create(owner=maya, text=text, happened_at=now - timedelta(days=days))
        # Her calmest recent attempts, a good check-in and a new contact, kept as wins.
        for attempt in (
            Attempt.objects.filter(owner=maya, happened_at__isnull=False)
            .select_related("step")
            .order_by("suds_peak", "-happened_at")[:2]
        ):
            Win.objects.create(
                owner=maya,
                kind=Win.Kind.STEP,
                attempt=attempt,
                text=attempt.step.title,
                happened_at=attempt.happened_at,
            )
        checkin = CheckIn.objects.filter(owner=maya, mood__gte=4).order_by("-period_start").first()
        if checkin is not None:
            Win.objects.create(
                owner=maya,
                kind=Win.Kind.CHECKIN,
                checkin=checkin,
                text=checkin.note or "A good day",
                happened_at=checkin.created_at,
            )
        contact = TrustedContact.objects.filter(owner=maya).order_by("created_at").first()
        if contact is not None:
            Win.objects.create(
                owner=maya,
                kind=Win.Kind.CONNECTION,
                contact=contact,
                text=f"Added {contact.name} to the people I trust",
                happened_at=contact.created_at,
            )
        _seed_worksheet(maya)


def _seed_worksheet(maya: User) -> None:
    step = Step.objects.filter(goal__owner=maya).order_by("goal__pk", "position").last()
    problem_save(
        owner=maya,
        step=step,
        problem="The bus to the community garden is packed at 9, and that's when the group starts.",
        options=[
            {
                "text": "Get the earlier bus at 8:20",
                "pros": "Quieter, and I'd arrive before everyone else",
                "cons": "A long wait at the gate if it's raining",
            },
            {
                "text": "Walk the whole way",
                "pros": "No crowd at all; good for my head",
                "cons": "Forty minutes; tiring before I even start",
            },
            {
                "text": "Ask Aoife for a lift the first time",
                "pros": "Company on the way in",
                "cons": "Asking feels hard",
            },
        ],
        chosen_position=1,
        first_move="Check the 8:20 timetable tonight and set an alarm for Saturday.",
        first_move_on=None,
        outcome=ProblemWorksheet.Outcome.PARTLY,
        review="The early bus was fine. Waiting at the gate was awkward, so next time I'll bring a coffee.",
    )


def years_of_history(person: User, *, years: int = 3, today: date) -> None:
    """A logged attempt and a check-in every day, and both measures every month, in bulk.

    Builds on planner.demo.week.year_of_history (goals, steps, scheduled steps
    and attempts) and adds the check-ins and measures the progress page charts.
    """
    days = 365 * years
    year_of_history(person, goals=20, days=days, today=today)
    zone = person.zone
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=person,
            rhythm="daily",
            period_start=day,
            mood=1 + n % 5,
            distress=(n * 7) % 101,
            energy=1 + (n * 3) % 5,
            interactions=n % 4,
            created_at=moment,
            updated_at=moment,
        )
        for n in range(days)
        for day in [today - timedelta(days=days - n)]
        for moment in [rules.local_to_utc(day, time(20, 0), zone)]
    )
    MeasureResponse.objects.bulk_create(
        _record(person, kind, answers, rules.local_to_utc(day, time(21, 0), zone))
        for month in range(12 * years)
        for day in [today - timedelta(days=30 * (month + 1))]
        for kind, answers in (
            (measures.UCLA3, [1 + month % 3, 2, 2]),
            (measures.LSNS6, [month % 6, 2, 2, 3, 1, 2]),
        )
    )
    versioning.bump(person)  # written in bulk, behind the services: say so
