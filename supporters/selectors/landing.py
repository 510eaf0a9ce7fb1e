"""Where a supporter lands: the people they support, while they keep no plan of their own."""

from accounts.models import User
from planner.selectors.own_plan import own_plan_started
from supporters.models import SupporterLink


def supports_without_own_plan(viewer: User) -> bool:
    """Whether `viewer` supports someone through a live link and has started no plan
    of their own (planner.selectors.own_plan).

    Asked on every home view, so the plan comes first: it is kept under the
    person's version, and someone with a plan (most people) costs no query at all.
    """
    if own_plan_started(viewer):
        return False
    return SupporterLink.objects.filter(supporter=viewer, ended_at__isnull=True).exists()
