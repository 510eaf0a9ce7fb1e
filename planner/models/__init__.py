"""Planner models, one module per topic; import them here so Django finds them."""

from planner.models.checkins import CheckIn, CheckInSettings, Tag
from planner.models.contacts import TrustedContact
from planner.models.goals import Accommodation, Area, Goal, Mode, Step, Value
from planner.models.imports import ImportJournal, ImportRun
from planner.models.journal import JournalEntry, ThoughtRecord
from planner.models.learn import LessonRead
from planner.models.measures import MeasureResponse
from planner.models.practice import Attempt
from planner.models.problems import ProblemOption, ProblemWorksheet
from planner.models.safety import SafetyPlan, SafetyPlanLink, SafetyPlanVersion
from planner.models.week import PlanSettings, RestDay, ScheduledStep
from planner.models.wins import WelcomeBack, Win

__all__ = [
    "Accommodation",
    "Area",
    "Attempt",
    "CheckIn",
    "CheckInSettings",
    "Goal",
    "ImportJournal",
    "ImportRun",
    "JournalEntry",
    "LessonRead",
    "MeasureResponse",
    "Mode",
    "PlanSettings",
    "ProblemOption",
    "ProblemWorksheet",
    "RestDay",
    "SafetyPlan",
    "SafetyPlanLink",
    "SafetyPlanVersion",
    "ScheduledStep",
    "Step",
    "Tag",
    "ThoughtRecord",
    "TrustedContact",
    "Value",
    "WelcomeBack",
    "Win",
]
