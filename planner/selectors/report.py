"""The report a person takes to a clinician (or keeps): what happened between two dates.

Built from the selectors the progress, practice, wins and safety pages already use,
each asked for the chosen days only, so a report costs the same few queries for a
month of history as for ten years (tests/planner/test_report.py counts them).
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from django.db.models import Avg, Count, Min, Q

from accounts.models import User
from planner import measures, rules
from planner.models import Goal, SafetyPlan, Step, Win
from planner.selectors import practice as practice_selectors
from planner.selectors import progress as progress_selectors
from planner.selectors import safety as safety_selectors
from planner.selectors.wins import wins_between


class Section:
    LADDERS = "ladders"
    FORECASTS = "forecasts"
    CHECKINS = "checkins"
    MEASURES = "measures"
    WINS = "wins"
    SAFETY = "safety"


# In the order the report shows them, with the words the form offers.
SECTIONS = [
    (Section.LADDERS, "Ladders and the steps you tried"),
    (Section.FORECASTS, "Your forecasts against what happened"),
    (Section.CHECKINS, "Check-in averages, week by week"),
    (Section.MEASURES, "Loneliness and social network measures, with their published cut-offs"),
    (Section.WINS, "Small wins"),
    (Section.SAFETY, "Your safety plan"),
]
ALL_SECTIONS = frozenset(key for key, _ in SECTIONS)
# What a clinician with the report scope gets: everything but the safety plan, which
# needs its own scope too (supporters.views.supporting.supporting_report).
SUPPORTER_SECTIONS = ALL_SECTIONS - {Section.SAFETY}

# Long ranges read better by the month: a two-year table of weeks runs to pages.
WEEKS_UP_TO_DAYS = 26 * 7
# A printout, not an export: the latest this many attempts and wins, said so when cut.
FORECAST_ROWS = 60
WIN_ROWS = 40


@dataclass
class LadderStep:
    step: Step
    tries: int
    lowest_peak: int | None
    average_peak: int | None


@dataclass
class Ladder:
    goal: Goal
    steps: list[LadderStep]

    @property
    def tried(self) -> int:
        return sum(1 for s in self.steps if s.tries)


@dataclass
class MeasureBlock:
    trend: progress_selectors.MeasureTrend
    name: str
    range_words: str
    cutoff_words: str
    source: str


@dataclass
class Report:
    owner: User
    zone: zoneinfo.ZoneInfo
    first_day: date
    last_day: date
    sections: frozenset
    made_at: datetime
    window: progress_selectors.Window
    ladders: list[Ladder] = field(default_factory=list)
    forecasts: list[practice_selectors.ForecastPoint] = field(default_factory=list)
    forecast_summary: rules.ForecastSummary | None = None
    practice: progress_selectors.Practice | None = None
    checkins: progress_selectors.CheckIns | None = None
    measures: list[MeasureBlock] = field(default_factory=list)
    wins: list[Win] = field(default_factory=list)
    safety: safety_selectors.PlanView | None = None
    safety_plan: SafetyPlan | None = None

    def has(self, section: str) -> bool:
        return section in self.sections

    @property
    def period_word(self) -> str:
        return self.window.kind

    @property
    def practice_rows(self) -> list[tuple]:
        """(period, planned, done, average forecast, average peak) for periods with any."""
        p, labels = self.practice, self.window.labels
        rows = zip(labels, p.planned, p.done, p.predicted, p.peak, strict=True)
        return [row for row in rows if row[1] or row[2]]

    @property
    def checkin_rows(self) -> list[tuple]:
        """(period, check-ins, mood, distress, meaningful moments) for periods with any."""
        c, labels = self.checkins, self.window.labels
        rows = zip(labels, c.count, c.mood, c.distress, c.interactions, strict=True)
        return [row for row in rows if row[1]]

    @property
    def forecasts_cut(self) -> bool:
        return len(self.forecasts) >= FORECAST_ROWS

    @property
    def wins_cut(self) -> bool:
        return len(self.wins) >= WIN_ROWS


def ladders_tried(*, owner: User, since: datetime, until: datetime) -> list[Ladder]:
    """One query: every step of every goal still in play, with its tries in the range.

    Archived goals are left out unless a step of theirs was tried in the range.
    """
    in_range = Q(attempts__happened_at__gte=since, attempts__happened_at__lt=until)
    steps = (
        Step.objects.filter(goal__owner=owner)
        .select_related("goal")
        .annotate(
            tries=Count("attempts", filter=in_range),
            lowest=Min("attempts__suds_peak", filter=in_range),
            average=Avg("attempts__suds_peak", filter=in_range),
        )
        .order_by("goal__status", "-goal__created_at", "goal_id", "position", "pk")
    )
    ladders = []
    for goal, group in groupby(steps, lambda s: s.goal):
        rows = [
            LadderStep(s, s.tries, s.lowest, None if s.average is None else round(s.average))
            for s in group
        ]
        if goal.status == Goal.Status.ARCHIVED and not any(r.tries for r in rows):
            continue
        ladders.append(Ladder(goal, rows))
    return ladders


def _measure_blocks(trends) -> list[MeasureBlock]:
    blocks = []
    for trend in trends:
        if not trend.points:
            continue
        if trend.kind == measures.UCLA3:
            blocks.append(
                MeasureBlock(
                    trend,
                    "Feeling connected: the 3-item loneliness scale",
                    f"Scores run from {measures.UCLA3_MIN} to {measures.UCLA3_MAX}; "
                    "lower means less lonely.",
                    measures.UCLA3_CUTOFF_WORDS,
                    measures.UCLA3_SOURCE,
                )
            )
        else:
            blocks.append(
                MeasureBlock(
                    trend,
                    "People to turn to: the 6-item social network scale",
                    f"Scores run from {measures.LSNS6_MIN} to {measures.LSNS6_MAX}; "
                    "higher means more people to turn to.",
                    f"Published cut-off: under {measures.LSNS6_ISOLATION_CUTOFF} marks a risk "
                    "of social isolation.",
                    measures.LSNS6_SOURCE,
                )
            )
    return blocks


def report_build(
    *,
    owner: User,
    first_day: date,
    last_day: date,
    sections,
    now: datetime,
    safety_with_steps: bool = True,
) -> Report:
    """Everything the chosen sections show for first_day..last_day (the person's own days).

    1. The window: the chosen days' midnights in the person's zone, by week (by month
       past about six months).
    2. Each ticked section asks its own existing selector for that window only; an
       unticked one costs nothing and shows nothing.
    """
    zone = owner.zone
    kind = "week" if (last_day - first_day).days < WEEKS_UP_TO_DAYS else "month"
    window = progress_selectors.window_between(first_day, last_day, zone=zone, kind=kind)
    since, until = window.start, window.end
    report = Report(
        owner=owner,
        zone=zone,
        first_day=first_day,
        last_day=last_day,
        sections=frozenset(sections),
        made_at=now,
        window=window,
    )
    if report.has(Section.LADDERS):
        report.ladders = ladders_tried(owner=owner, since=since, until=until)
    if report.has(Section.FORECASTS):
        report.forecasts = practice_selectors.forecast_points(
            owner=owner, limit=FORECAST_ROWS, since=since, until=until
        )
        report.forecast_summary = rules.forecast_summary(
            [(p.predicted, p.peak) for p in report.forecasts]
        )
        report.practice = progress_selectors.practice_by_period(owner=owner, window=window)
    if report.has(Section.CHECKINS):
        report.checkins = progress_selectors.checkins_by_period(owner=owner, window=window)
    if report.has(Section.MEASURES):
        report.measures = _measure_blocks(
            progress_selectors.measure_trends(owner=owner, since=since, until=until)
        )
    if report.has(Section.WINS):
        report.wins = wins_between(owner=owner, since=since, until=until, limit=WIN_ROWS)
    if report.has(Section.SAFETY):
        report.safety_plan = safety_selectors.safety_plan_for(owner)
        report.safety = safety_selectors.safety_plan_view(
            owner=owner, plan=report.safety_plan, with_steps=safety_with_steps
        )
    return report


def default_range(*, now: datetime, zone: zoneinfo.ZoneInfo) -> tuple[date, date]:
    """The last three months, up to today, in the person's zone."""
    today = rules.local_date(now, zone)
    return today - timedelta(days=91), today
