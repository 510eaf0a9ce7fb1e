from datetime import datetime

from accounts.models import User
from common import versioning
from planner.models import WelcomeBack


@versioning.bumps("owner")
def welcome_back_mark(*, owner: User, last_log_at: datetime, now: datetime) -> WelcomeBack:
    """Note that the person was welcomed back from this quiet spell; a reload is a no-op."""
    mark, _ = WelcomeBack.objects.get_or_create(
        owner=owner, last_log_at=last_log_at, defaults={"shown_at": now}
    )
    return mark
