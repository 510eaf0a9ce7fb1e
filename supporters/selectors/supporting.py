"""Reads for supporters: the dashboard of everyone they support, in a fixed number of queries.

Only the people behind the viewer's live links are read, and for each one only
what the link grants (SupporterLink.grants, the check can_view makes): a scope
that is off is never queried, so it cannot leak into a page.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, F, Max, OuterRef, QuerySet, Subquery

from accounts.models import User
from common.fragments import Fragment, prefetch, soonest
from planner import rules
from planner.models import Attempt, CheckIn, Goal, PlanSettings, ScheduledStep, Step
from planner.selectors.week import week_start_for
from supporters.models import AllyResponse, Encouragement, Scope, SupporterLink
from supporters.models.links import SCOPE_FIELDS

# Ally steps from a little before now on: one just started still wants an answer.
ALLY_LOOKBACK = timedelta(hours=3)
ALLY_LIMIT = 20
# What the dashboard reads of a person, each only when granted.
DASHBOARD_SCOPES = (Scope.PLAN, Scope.PRACTICE, Scope.CHECKINS)
# Wider than any week in any zone, so one range scan covers everyone's "this week".
WEEK_REACH = timedelta(days=8)


@dataclass
class PersonStatus:
    """One person on the dashboard: numbers only for the scopes their link grants."""

    link: SupporterLink
    planned: int | None = None  # plan scope
    paused: bool = False  # plan scope
    done: int | None = None  # practice scope
    # practice scope: step titles, "" each without the plan scope (titles are the plan's)
    ready: list[str] = field(default_factory=list)
    checkins: bool = False  # check-ins scope
    last_checkin: datetime | None = None  # only when the person shares each check-in
    checked_in_this_week: bool = False  # with a weekly summary: the week, not the day
    fragment: Fragment | None = None  # the card, cached (supporting_dashboard)

    @property
    def owner(self) -> User:
        return self.link.owner

    @property
    def shares_anything(self) -> bool:
        return bool(self.link.granted_scopes)

    @property
    def drew_on(self) -> list[str]:
        """The scopes the dashboard read for this person (for the access log)."""
        return [scope for scope in DASHBOARD_SCOPES if self.link.grants(scope)]


@dataclass
class AllyStep:
    """A step the viewer was asked to come along on: title, time and the person's note."""

    scheduled: ScheduledStep
    link: SupporterLink
    answer: str  # "", "coming" or "cannot"

    @property
    def owner(self) -> User:
        return self.link.owner


@dataclass
class Dashboard:
    people: list[PersonStatus]
    ally: Fragment  # the steps the viewer was asked along on (ally_fragment)


def active_links_of(viewer: User) -> QuerySet:
    return (
        SupporterLink.objects.filter(supporter=viewer, ended_at__isnull=True)
        .select_related("owner")
        .order_by("owner__display_name", "owner_id")
    )


def week_bounds(owner: User, now: datetime) -> tuple[datetime, datetime]:
    """This week for the person, in UTC: their zone, their first day of the week."""
    zone = owner.zone
    start = week_start_for(owner, rules.local_date(now, zone))
    return rules.local_midnight(start, zone), rules.local_midnight(start + timedelta(days=7), zone)


def _week_counts(statuses: dict[int, PersonStatus], owner_ids: set[int], now: datetime) -> None:
    if not owner_ids:
        return
    rows = ScheduledStep.objects.filter(
        owner_id__in=owner_ids, starts_at__gte=now - WEEK_REACH, starts_at__lt=now + WEEK_REACH
    ).values_list("owner_id", "starts_at", "status")
    bounds = {pk: week_bounds(statuses[pk].owner, now) for pk in owner_ids}
    for owner_id, starts_at, status in rows:
        begins, ends = bounds[owner_id]
        if not begins <= starts_at < ends:
            continue
        person = statuses[owner_id]
        if person.planned is not None and status != ScheduledStep.Status.CANCELLED:
            person.planned += 1
        if person.done is not None and status == ScheduledStep.Status.DONE:
            person.done += 1


def _peaks(newest_first: bool) -> QuerySet:
    order = ("-happened_at", "-pk") if newest_first else ("happened_at", "pk")
    return (
        Attempt.objects.filter(step=OuterRef("pk"), happened_at__isnull=False)
        .order_by(*order)
        .values("suds_peak")
    )


def ready_steps(owner_ids: set[int]) -> QuerySet:
    """Steps of active goals with their peaks, where nothing higher on the ladder
    has been tried yet: a calm run there suggests the next rung (the person decides)."""
    moved_up = Attempt.objects.filter(
        step__goal=OuterRef("goal"),
        step__position__gt=OuterRef("position"),
        happened_at__isnull=False,
    )
    return (
        Step.objects.filter(goal__owner_id__in=owner_ids, goal__status=Goal.Status.ACTIVE)
        .annotate(
            first_peak=Subquery(_peaks(newest_first=False)[:1]),
            last_peak=Subquery(_peaks(newest_first=True)[:1]),
            prev_peak=Subquery(_peaks(newest_first=True)[1:2]),
            moved_up=Exists(moved_up),
        )
        .filter(prev_peak__isnull=False, moved_up=False)
        .order_by("goal__owner_id", "goal_id", "position", "pk")
        .values_list("goal__owner_id", "title", "first_peak", "prev_peak", "last_peak")
    )


def _readiness(statuses: dict[int, PersonStatus], owner_ids: set[int]) -> None:
    if not owner_ids:
        return
    for owner_id, title, first, prev, last in ready_steps(owner_ids):
        if rules.is_ready_to_move_up(first_peak=first, latest_peaks=[prev, last]):
            person = statuses[owner_id]
            person.ready.append(title if person.link.grants(Scope.PLAN) else "")


def _last_checkins(statuses: dict[int, PersonStatus], owner_ids: set[int], now: datetime) -> None:
    if not owner_ids:
        return
    rows = (
        CheckIn.objects.filter(owner_id__in=owner_ids)
        .values("owner_id")
        .annotate(last=Max("created_at"), last_day=Max("period_start"))
        .values_list("owner_id", "last", "last_day")
    )
    for owner_id, last, last_day in rows:
        person = statuses[owner_id]
        if person.link.shows_each_checkin:
            person.last_checkin = last
        else:
            # A weekly summary tells the week only: which day stays the person's.
            this_week = week_start_for(person.owner, rules.local_date(now, person.owner.zone))
            person.checked_in_this_week = last_day >= this_week


def _paused(statuses: dict[int, PersonStatus], owner_ids: set[int]) -> None:
    if not owner_ids:
        return
    paused = PlanSettings.objects.filter(owner_id__in=owner_ids, paused_at__isnull=False)
    for owner_id in paused.values_list("owner_id", flat=True):
        statuses[owner_id].paused = True


def ally_steps_for(*, links: list[SupporterLink], now: datetime) -> list[AllyStep]:
    """Upcoming steps that name one of the viewer's live links as the ally: one query.

    The contact must be the step owner's own (a contact pointing at someone
    else's link reaches nobody), and only what the ally needs is loaded.
    """
    by_id = {link.pk: link for link in links}
    if not by_id:
        return []
    answer = AllyResponse.objects.filter(
        scheduled_step=OuterRef("pk"), link=OuterRef("step__ally__supporter_link")
    ).values("answer")[:1]
    rows = (
        ScheduledStep.objects.filter(
            step__ally__supporter_link__in=list(by_id),
            step__ally__owner=F("owner"),
            step__ally__supporter_link__owner=F("owner"),
            status=ScheduledStep.Status.PLANNED,
            starts_at__gte=now - ALLY_LOOKBACK,
        )
        .exclude(step__goal__status=Goal.Status.PAUSED)
        .select_related("step")
        .only("pk", "owner_id", "starts_at", "ally_note", "step__title")
        .annotate(link_id=F("step__ally__supporter_link"), answer=Subquery(answer))
        .order_by("starts_at", "pk")[:ALLY_LIMIT]
    )
    return [
        AllyStep(scheduled=row, link=by_id[row.link_id], answer=row.answer or "") for row in rows
    ]


def ally_fragment(*, viewer: User, links: list[SupporterLink], now: datetime) -> Fragment:
    """The "come along" list, cached under every supported person's version (their
    steps, notes and the viewer's answers all bump it: an answer is saved through
    supporters.services.supporting) and the viewer's own day and zone, which the
    times are shown in. It changes by the clock alone when a step falls out of the
    lookback, so it lasts until the first does."""
    people = tuple(
        (link.pk, link.owner_id, link.owner.data_version, link.owner.display_name) for link in links
    )
    return Fragment(
        "dashboard-ally",
        viewer,
        lambda: {"ally_steps": ally_steps_for(links=links, now=now)},
        parts=(viewer.zone, viewer.locale, rules.local_date(now, viewer.zone), people),
        until=lambda c: soonest(
            [item.scheduled.starts_at + ALLY_LOOKBACK for item in c["ally_steps"]], after=now
        ),
    )


def card_fragment(status: PersonStatus, *, viewer_parts: tuple, owner_day) -> Fragment:
    """One person's card, cached under their version and everything else it reads: the
    link (its scopes and relationship: the link's own version), and the viewer's zone,
    locale and day, so no card ever shows under another link or another viewer."""
    link, owner = status.link, status.link.owner
    link_version = (
        link.pk,
        link.relationship,
        link.is_active,
        # Every scope, from the one list of them: a scope added later is in the key
        # without anyone remembering it here (any scope at all decides "keeps things
        # private").
        *(getattr(link, name) for name in SCOPE_FIELDS.values()),
        link.checkins_shown,  # a weekly summary or each check-in
        link.share_readiness,  # "looks ready" only where the person ticked it
    )
    return Fragment(
        "dashboard-card",
        owner,
        lambda: {"status": status},
        # "this week" is the person's own week, so their day too.
        parts=(*viewer_parts, owner_day, owner.display_name, link_version),
    )


def _card_fragments(statuses, *, viewer: User, now: datetime) -> None:
    viewer_parts = (viewer.pk, viewer.zone, viewer.locale, rules.local_date(now, viewer.zone))
    days = {}  # one local date per zone, not per person
    for status in statuses:
        zone = status.link.owner.zone
        if zone not in days:
            days[zone] = rules.local_date(now, zone)
        status.fragment = card_fragment(status, viewer_parts=viewer_parts, owner_day=days[zone])


def supporting_dashboard(*, viewer: User, now: datetime, request=None) -> Dashboard:
    """Everyone the viewer supports, with a short status each: at most six queries,
    and two when every card is cached (common.fragments).

    1. The viewer's live links, with each person (and their version stamp).
    2. This week's steps of those who share their plan or practice.
    3. Ready-looking steps of those who share practice and chose to show readiness.
    4. The last check-in of those who share check-ins.
    5. Which plans are paused (plan scope).
    6. Steps where the viewer is the named ally, on a miss of their fragment.

    2 to 5 read only the people whose card missed the cache.
    """
    links = list(active_links_of(viewer))
    statuses = {link.owner_id: PersonStatus(link=link) for link in links}
    _card_fragments(statuses.values(), viewer=viewer, now=now)
    ally = ally_fragment(viewer=viewer, links=links, now=now)
    cached = [s.fragment for s in statuses.values()]
    missed = {f.owner.pk for f in prefetch([ally, *cached], request) if f is not ally}
    grants = {
        scope: {pk for pk in missed if statuses[pk].link.grants(scope)}
        for scope in DASHBOARD_SCOPES
    }
    plan, practice, checkins = grants[Scope.PLAN], grants[Scope.PRACTICE], grants[Scope.CHECKINS]
    # "Looks ready to move up" only where the person ticked it: unasked, it reads as pressure.
    ready = {pk for pk in practice if statuses[pk].link.shows_readiness}
    for pk in plan:
        statuses[pk].planned = 0
    for pk in practice:
        statuses[pk].done = 0
    for pk in checkins:
        statuses[pk].checkins = True
    _week_counts(statuses, plan | practice, now)
    _readiness(statuses, ready)
    _last_checkins(statuses, checkins, now)
    _paused(statuses, plan)
    return Dashboard(people=list(statuses.values()), ally=ally)


NOTES_ON_HOME = 3


def encouragement_for_home(*, owner: User, limit: int = NOTES_ON_HOME) -> list[Encouragement]:
    """The newest notes still on the person's home page: one query.

    Notes through a muted link wait unseen (unmuting brings them back); notes from
    a link that has ended go with it.
    """
    return list(
        Encouragement.objects.filter(
            owner=owner,
            dismissed_at__isnull=True,
            link__notes_muted=False,
            link__ended_at__isnull=True,
        )
        .select_related("link__supporter")
        .order_by("-created_at", "-pk")[:limit]
    )
