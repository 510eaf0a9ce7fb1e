"""Reads of the safety plan, shaped for showing it: the page, a version, the private link.

`safety_plan_view` answers in a fixed number of queries whatever the history:
the plan, then at most one query each for contacts, values and step exit strategies.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator

from accounts.models import User
from planner.crisis_lines import COUNTRIES, CountryHelp, CrisisLine, help_for_timezone
from planner.models import Goal, SafetyPlan, SafetyPlanVersion, Step, TrustedContact, Value
from planner.models.safety import (
    COPING_SUGGESTIONS,
    GROUNDING_TOOLS,
    LINE_SECTIONS,
    Section,
    empty_content,
)

VERSIONS_PER_PAGE = 20


@dataclass(frozen=True)
class Line:
    text: str
    # The grounding page's anchor when the line is one of our grounding suggestions.
    tool: str = ""


@dataclass
class GoalExits:
    goal: Goal
    steps: list[Step]


@dataclass
class SectionView:
    key: Section
    lines: list[Line] = field(default_factory=list)
    contacts: list[TrustedContact] = field(default_factory=list)
    crisis_lines: list[CrisisLine] = field(default_factory=list)
    using_defaults: bool = False
    # Every country's lines, shown when we have none for the person's own country:
    # never a crisis section without a number to tap.
    countries: list[CountryHelp] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    step_exits: list[GoalExits] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.key.label

    @property
    def is_empty(self) -> bool:
        return not (
            self.lines
            or self.contacts
            or self.crisis_lines
            or self.countries
            or self.values
            or self.step_exits
        )


@dataclass
class PlanView:
    plan: SafetyPlan | None
    sections: list[SectionView]
    country: CountryHelp | None

    def section(self, key: Section) -> SectionView:
        return next(section for section in self.sections if section.key == key)

    @property
    def emergency(self) -> str:
        return self.country.emergency if self.country else ""

    @property
    def crisis_lines(self) -> list[CrisisLine]:
        return self.section(Section.CRISIS).crisis_lines

    @property
    def first_line(self) -> CrisisLine | None:
        return self.crisis_lines[0] if self.crisis_lines else None

    @property
    def top_contacts(self) -> list[TrustedContact]:
        return self.section(Section.HELPERS).contacts[:3]


def safety_plan_for(owner: User) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(owner=owner).first()


def step_exit_strategies(owner: User) -> list[GoalExits]:
    """Every step's own exit strategy, grouped by goal, in one query.

    Archived goals are left out: the plan is for the steps still in play.
    """
    steps = (
        Step.objects.filter(goal__owner=owner)
        .exclude(goal__status=Goal.Status.ARCHIVED)
        .exclude(exit_strategy="")
        .select_related("goal")
        .only("pk", "title", "position", "exit_strategy", "goal__title", "goal__status")
        .order_by("goal__status", "-goal__created_at", "goal_id", "position", "pk")
    )
    return [
        GoalExits(goal=goal, steps=list(group)) for goal, group in groupby(steps, lambda s: s.goal)
    ]


def _in_order(objects, ids: list[int]) -> list:
    by_id = {obj.pk: obj for obj in objects}
    return [by_id[pk] for pk in ids if pk in by_id]


def _lines(section: Section, texts: list[str]) -> list[Line]:
    if section != Section.COPING:
        return [Line(text) for text in texts]
    tools = {COPING_SUGGESTIONS[key]: key for key in GROUNDING_TOOLS}
    return [Line(text, tools.get(text, "")) for text in texts]


def safety_plan_view(
    *, owner: User, plan: SafetyPlan | None, content: dict | None = None, with_steps: bool = True
) -> PlanView:
    """Everything a plan shows, from `content` (a version's) or the plan's own.

    Contacts and values are looked up by id, so removed ones quietly drop out.
    """
    if content is None:
        content = plan.data if plan is not None else empty_content()
    country = help_for_timezone(owner.timezone)
    helper_ids = content[Section.HELPERS]
    value_ids = content[Section.MATTERS]["values"]
    contacts = (
        _in_order(TrustedContact.objects.filter(owner=owner, pk__in=helper_ids), helper_ids)
        if helper_ids
        else []
    )
    values = (
        _in_order(Value.objects.filter(owner=owner, pk__in=value_ids), value_ids)
        if value_ids
        else []
    )
    stored_lines = content[Section.CRISIS]
    crisis_lines = (
        [CrisisLine.from_dict(line) for line in stored_lines]
        if stored_lines is not None
        else list(country.lines if country else ())
    )

    sections = []
    for key in Section:
        view = SectionView(key=key)
        if key in LINE_SECTIONS:
            view.lines = _lines(key, content[key])
        sections.append(view)
    plan_view = PlanView(plan=plan, sections=sections, country=country)
    plan_view.section(Section.HELPERS).contacts = contacts
    crisis = plan_view.section(Section.CRISIS)
    crisis.crisis_lines, crisis.using_defaults = crisis_lines, stored_lines is None
    if crisis.using_defaults and country is None:
        crisis.countries = list(COUNTRIES.values())
    matters = plan_view.section(Section.MATTERS)
    matters.values, matters.lines = (
        values,
        _lines(Section.MATTERS, content[Section.MATTERS]["items"]),
    )
    if with_steps:
        plan_view.section(Section.EXITS).step_exits = step_exit_strategies(owner)
    return plan_view


def safety_versions_page(plan: SafetyPlan, page_number) -> Page:
    """One page of earlier versions, newest first, without decrypting their content."""
    versions = SafetyPlanVersion.objects.filter(plan=plan).defer("content")
    return Paginator(versions, VERSIONS_PER_PAGE).get_page(page_number)
