"""Where a supporter lands: the people they support, while they keep no plan of their own."""

from accounts.models import User
from planner.selectors.own_plan import own_plan_started_q
from supporters.models import SupporterLink


def supports_without_own_plan(viewer: User) -> bool:
    """Whether `viewer` supports someone through a live link and has started no plan
    of their own (planner.selectors.own_plan): one query."""
    return (
        SupporterLink.objects.filter(supporter=viewer, ended_at__isnull=True)
        .exclude(own_plan_started_q("supporter"))
        .exists()
    )
