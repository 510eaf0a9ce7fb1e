"""Reads for the practice log: forecasts against outcomes, per step and overall."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from accounts.models import User
from planner import rules
from planner.models import Attempt, Step

# How many attempts a chart and its table show: enough to see a trend, few enough
# to read on a phone, and the same cost for a person with years of history.
RECENT = 12
# "8 of your last 10 forecasts ...": the overall summary looks at this many.
SUMMARY_WINDOW = 10


@dataclass(frozen=True)
class ForecastPoint:
    happened_at: datetime
    predicted: int
    peak: int
    step_title: str = ""


def _logged(owner: User) -> QuerySet:
    return Attempt.objects.filter(owner=owner, happened_at__isnull=False)


def forecast_points(
    *,
    owner: User,
    step: Step | None = None,
    limit: int = RECENT,
    since: datetime | None = None,
    until: datetime | None = None,
):
    """The last `limit` logged attempts (of one step, or all; in [since, until) when
    given), oldest first."""
    rows = _logged(owner)
    if step is not None:
        rows = rows.filter(step=step)
    if since is not None:
        rows = rows.filter(happened_at__gte=since)
    if until is not None:
        rows = rows.filter(happened_at__lt=until)
    rows = rows.order_by("-happened_at", "-pk").values_list(
        "happened_at", "predicted_peak", "suds_peak", "step__title"
    )[:limit]
    return [ForecastPoint(*row) for row in reversed(rows)]


def summary_of(points) -> rules.ForecastSummary:
    return rules.forecast_summary([(p.predicted, p.peak) for p in points[-SUMMARY_WINDOW:]])


def attempts_logged_count(owner: User) -> int:
    return _logged(owner).count()


@dataclass
class StepPractice:
    """Everything the step's practice page shows, in four queries whatever the history."""

    step: Step
    attempts: list[Attempt]  # the most recent, oldest first
    total: int
    first_peak: int | None
    ladder: list[Step]

    @property
    def points(self) -> list[ForecastPoint]:
        return [ForecastPoint(a.happened_at, a.predicted_peak, a.suds_peak) for a in self.attempts]

    @property
    def summary(self) -> rules.ForecastSummary:
        return summary_of(self.points)

    @property
    def ready(self) -> bool:
        return rules.is_ready_to_move_up(
            first_peak=self.first_peak, latest_peaks=[a.suds_peak for a in self.attempts[-2:]]
        )

    @property
    def last_two_peaks(self) -> list[int]:
        return [a.suds_peak for a in self.attempts[-2:]]

    @property
    def helped(self) -> list[Attempt]:
        """Recent attempts with a note of what helped, newest first."""
        return [a for a in reversed(self.attempts) if a.what_helped]

    @property
    def offer_easier(self) -> bool:
        if not self.attempts:
            return False
        last = self.attempts[-1]
        return rules.offers_easier_step(
            peak=last.suds_peak,
            used_exit_strategy=last.used_exit_strategy,
            minutes_stayed=last.minutes_stayed,
            planned_minutes=last.scheduled_step.planned_minutes
            if last.scheduled_step
            else self.step.planned_minutes,
        )

    @property
    def smaller_minutes(self) -> int:
        return rules.smaller_version_minutes(self.step.planned_minutes)

    def _neighbour(self, offset: int) -> Step | None:
        index = next(i for i, s in enumerate(self.ladder) if s.pk == self.step.pk) + offset
        return self.ladder[index] if 0 <= index < len(self.ladder) else None

    @property
    def easier(self) -> Step | None:
        return self._neighbour(-1)

    @property
    def harder(self) -> Step | None:
        return self._neighbour(+1)


def step_practice(*, step: Step) -> StepPractice:
    logged = Attempt.objects.filter(step=step, happened_at__isnull=False)
    recent = list(logged.select_related("scheduled_step").order_by("-happened_at", "-pk")[:RECENT])[
        ::-1
    ]
    first_peak = logged.order_by("happened_at", "pk").values_list("suds_peak", flat=True).first()
    ladder = list(
        Step.objects.filter(goal_id=step.goal_id)
        .only("pk", "title", "position", "planned_minutes", "goal_id")
        .order_by("position", "pk")
    )
    return StepPractice(
        step=step,
        attempts=recent,
        total=logged.count(),
        first_peak=first_peak,
        ladder=ladder,
    )
