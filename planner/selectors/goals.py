"""Reads for values, goals and ladders, each scoped to the owner.

The `*_get` helpers are the first line of every view: anything that is not the
viewer's own answers 404, so a stranger cannot even learn that it exists.
"""

from django.db.models import Case, Count, IntegerField, Max, Min, QuerySet, When
from django.db.models import Value as V
from django.shortcuts import get_object_or_404

from accounts.models import User
from planner.models import Goal, Step, TrustedContact, Value
from planner.models.contacts import contacts_sorted
from planner.models.goals import values_sorted

# The order a person scans their goals in: what they're working on first.
STATUS_ORDER = [
    Goal.Status.ACTIVE,
    Goal.Status.PAUSED,
    Goal.Status.ACHIEVED,
    Goal.Status.ARCHIVED,
]


def value_get(*, owner: User, pk: int) -> Value:
    return get_object_or_404(Value, pk=pk, owner=owner)


def goal_get(*, owner: User, pk: int) -> Goal:
    return get_object_or_404(Goal.objects.select_related("value"), pk=pk, owner=owner)


def step_get(*, owner: User, pk: int) -> Step:
    return get_object_or_404(
        Step.objects.select_related("goal", "goal__value", "ally"), pk=pk, goal__owner=owner
    )


def values_list(*, owner: User) -> list[Value]:
    """The owner's values with how many goals serve each (one query)."""
    return values_sorted(Value.objects.filter(owner=owner).annotate(goal_count=Count("goals")))


def allies_list(*, owner: User) -> list[TrustedContact]:
    return contacts_sorted(TrustedContact.objects.filter(owner=owner, can_be_ally=True))


def goals_list(*, owner: User, status: str | None) -> QuerySet[Goal]:
    """Goals with their ladder's size and SUDS range, in one query however many."""
    goals = Goal.objects.filter(owner=owner).select_related("value")
    if status:
        goals = goals.filter(status=status)
    rank = Case(
        *[When(status=s, then=V(i)) for i, s in enumerate(STATUS_ORDER)],
        output_field=IntegerField(),
    )
    return goals.annotate(
        step_count=Count("steps"),
        suds_low=Min("steps__predicted_suds"),
        suds_high=Max("steps__predicted_suds"),
        status_rank=rank,
    ).order_by("status_rank", "-created_at", "-pk")


def goal_status_counts(*, owner: User) -> dict[str, int]:
    counts = dict.fromkeys(Goal.Status.values, 0)
    rows = Goal.objects.filter(owner=owner).values_list("status").annotate(n=Count("pk"))
    counts.update(dict(rows.order_by()))
    return counts


def ladder_steps(*, goal: Goal) -> list[Step]:
    return list(goal.steps.select_related("ally").order_by("position", "pk"))
