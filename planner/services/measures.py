from collections.abc import Sequence
from datetime import datetime

from accounts.models import User
from common import versioning
from planner import measures
from planner.models import MeasureResponse


@versioning.bumps("owner")
def measure_record(
    *, owner: User, kind: str, answers: Sequence[int], now: datetime
) -> MeasureResponse:
    """Score the answers with the published rule and keep them."""
    response = MeasureResponse(
        owner=owner,
        kind=kind,
        answers=list(answers),
        score=measures.score(kind, answers),
        taken_at=now,
    )
    response.full_clean()
    response.save()
    return response
