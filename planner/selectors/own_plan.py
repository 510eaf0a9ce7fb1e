"""Whether an account keeps a plan of its own, in one query.

"A plan of their own" is anything a person makes for themself in daily use or in
onboarding: a value, a goal, a check-in or a journal entry. An account with none
of these (a supporter who signed up only to accept an invitation, say) has nothing
of its own to show on the home page yet.
"""

from django.db.models import Exists, OuterRef, Q

from accounts.models import User
from common.fragments import versioned
from planner.models import CheckIn, Goal, JournalEntry, Value

OWN_THINGS = (Value, Goal, CheckIn, JournalEntry)


def own_plan_started_q(owner_ref="pk") -> Q:
    """True for a user row (or a row whose `owner_ref` names one) that has started a plan.

    A Q so a caller can fold it into its own query rather than spend another.
    """
    ref = OuterRef(owner_ref)
    found = Q()
    for model in OWN_THINGS:
        found |= Q(Exists(model.objects.filter(owner_id=ref)))
    return found


def own_plan_started(owner: User) -> bool:
    """Kept until the person's version moves: every service that writes one of
    OWN_THINGS bumps it, so a warm page asks no query (the dashboard, home's landing)."""
    return versioned(
        owner,
        "own_plan_started",
        lambda: User.objects.filter(pk=owner.pk).filter(own_plan_started_q()).exists(),
    )
