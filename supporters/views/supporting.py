"""What a supporter sees: the dashboard, then one read-only page per shared scope.

Every per-person view starts with supporters.permissions.supported_or_404: anything
not granted (a stranger, an ended link, a scope turned off, the person themself)
is the same 404 as a page that does not exist. Nothing here can change anything
of the person's; the only forms are a note of encouragement and an ally's answer.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.http import private
from planner import rules
from planner.forms.report import ReportForm
from planner.selectors import report as report_selectors
from planner.selectors import safety as safety_selectors
from planner.selectors.own_plan import own_plan_started
from supporters.forms.supporting import EncouragementForm
from supporters.models import AccessLog, Scope
from supporters.permissions import NotShared, active_link, can_view, supported_or_404
from supporters.selectors import supporting as selectors
from supporters.selectors import supporting_person as person_selectors
from supporters.selectors.landing import supports_without_own_plan
from supporters.services.access import access_log_record_shown

PAGES = "supporters/supporting"
# Set for the visit once a supporter chooses their own space: "Home" is then theirs.
OWN_HOME = "supporting_own_home"
# The per-scope pages, in the order the overview lists them.
SECTIONS = [
    (Scope.PLAN, "supporting:plan", "Their goals, ladders and this week"),
    (Scope.PRACTICE, "supporting:practice", "How their steps have gone"),
    (Scope.CHECKINS, "supporting:checkins", "Their check-ins"),
    (Scope.SAFETY, "supporting:safety", "Their safety plan"),
    (Scope.JOURNAL, "supporting:journal", "Their journal and thought records"),
    (Scope.REPORT, "supporting:report", "A report to print"),
]


def _context(link, **extra) -> dict:
    return {"link": link, "person": link.owner, **extra}


def kind_when_not_shared(view):
    """A linked supporter opening a page the person doesn't share is told so kindly,
    still as a 404. Only the person's name is shown (the supporter knows it): not
    which parts exist, nothing of their content. Anyone without a live link gets
    the generic 404 from supported_or_404 as before."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotShared as not_shared:
            context = {"person": not_shared.link.owner}
            return render(request, f"{PAGES}/not_shared.html", context, status=404)

    return wrapped


def home_elsewhere(request) -> str | None:
    """For planner's home view: a supporter who keeps no plan of their own lands on
    the people they support. `?own=1` (the dashboard's "your own space") keeps home
    theirs for the rest of the visit."""
    if request.GET.get("own"):
        request.session[OWN_HOME] = True
    if request.session.get(OWN_HOME):
        return None
    if supports_without_own_plan(request.user):
        return reverse("supporting:dashboard")
    return None


@require_GET
def supporting(request):
    now = timezone.now()
    dashboard = selectors.supporting_dashboard(viewer=request.user, now=now, request=request)
    access_log_record_shown(
        shown=[(person.link, person.drew_on) for person in dashboard.people],
        kind=AccessLog.Kind.DASHBOARD,
        path=request.path,
        now=now,
    )
    context = {"dashboard": dashboard, "own_plan": own_plan_started(request.user)}
    return render(request, f"{PAGES}/dashboard.html", context)


@require_GET
@login_not_required
def supporter_guide(request):
    return render(request, f"{PAGES}/guide.html")


def person_page(request, link, form: EncouragementForm, *, status: int = 200):
    """The overview: who they are to you, links to what they share, the note form."""
    granted = set(link.granted_scopes)
    now = timezone.now()
    ally_steps = selectors.ally_steps_for(links=[link], now=now)
    if ally_steps:
        # Steps that name the viewer as ally are shared with them by that naming.
        access_log_record_shown(
            shown=[(link, [])], kind=AccessLog.Kind.ALLY, path=request.path, now=now
        )
    context = _context(
        link,
        sections=[(scope, url, label) for scope, url, label in SECTIONS if scope in granted],
        not_shared=link.not_shared_words,
        ally_steps=ally_steps,
        form=form,
    )
    return render(request, f"{PAGES}/person.html", context, status=status)


@require_GET
def supporting_person(request, owner_id: int):
    link = supported_or_404(request, owner_id, None)
    return person_page(request, link, EncouragementForm(auto_id="encourage_%s"))


@require_GET
@kind_when_not_shared
def supporting_plan(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.PLAN)
    plan = person_selectors.person_plan(owner=link.owner, now=timezone.now())
    return render(request, f"{PAGES}/plan.html", _context(link, plan=plan))


@require_GET
@kind_when_not_shared
def supporting_practice(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.PRACTICE, also=(Scope.PLAN,))
    # Step titles are the plan's: without that scope the numbers come untitled.
    with_titles = can_view(request.user, link.owner, Scope.PLAN, link=link)
    practice = person_selectors.person_practice(
        owner=link.owner, with_titles=with_titles, with_ready=link.shows_readiness
    )
    return render(
        request,
        f"{PAGES}/practice.html",
        _context(link, practice=practice, with_titles=with_titles),
    )


@require_GET
@kind_when_not_shared
def supporting_checkins(request, owner_id: int):
    """A weekly summary (averages per week) or each check-in, as the person chose."""
    link = active_link(request.user, owner_id)
    each = link is not None and link.shows_each_checkin
    # Notes and trigger tags are journal-level private: shown only with "each check-in"
    # and that scope too (a weekly summary is numbers per week, nothing more).
    also = (Scope.JOURNAL,) if each else ()
    link = supported_or_404(request, owner_id, Scope.CHECKINS, also=also)
    if not each:
        weeks = person_selectors.person_checkin_weeks(owner=link.owner, now=timezone.now())
        return render(request, f"{PAGES}/checkins.html", _context(link, weeks=weeks, each=False))
    with_private = can_view(request.user, link.owner, Scope.JOURNAL, link=link)
    checkins = person_selectors.person_checkins(owner=link.owner, with_private=with_private)
    return render(
        request,
        f"{PAGES}/checkins.html",
        _context(link, checkins=checkins, with_private=with_private, each=True),
    )


@require_GET
@kind_when_not_shared
def supporting_safety(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.SAFETY, also=(Scope.PLAN,))
    plan = safety_selectors.safety_plan_for(link.owner)
    # Each step's own exit strategy (and its goal's and step's titles) is the plan's.
    with_steps = can_view(request.user, link.owner, Scope.PLAN, link=link)
    plan_view = safety_selectors.safety_plan_view(
        owner=link.owner, plan=plan, with_steps=with_steps
    )
    return render(request, f"{PAGES}/safety.html", _context(link, plan=plan, plan_view=plan_view))


@require_GET
@kind_when_not_shared
def supporting_journal(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.JOURNAL)
    journal = person_selectors.person_journal(owner=link.owner)
    return render(request, f"{PAGES}/journal.html", _context(link, journal=journal))


@require_GET
@kind_when_not_shared
def supporting_report(request, owner_id: int):
    """The person's report, for a clinician: the days and parts are the supporter's to
    choose, among what the report scope holds (never the journal), plus the safety
    plan only when that scope is shared too. Dates are in the person's zone."""
    # The access log names the safety plan only when this view will show it.
    wants_safety = not request.GET or "safety" in request.GET.getlist("include")
    link = supported_or_404(
        request, owner_id, Scope.REPORT, also=(Scope.SAFETY,) if wants_safety else ()
    )
    person, now = link.owner, timezone.now()
    allowed = set(report_selectors.SUPPORTER_SECTIONS)
    if can_view(request.user, person, Scope.SAFETY, link=link):
        allowed.add(report_selectors.Section.SAFETY)
    first, last = report_selectors.default_range(now=now, zone=person.zone)
    today = rules.local_date(now, person.zone)
    if request.GET:
        form = ReportForm(request.GET, today=today, allowed=allowed)
    else:
        defaults = {"start": first, "end": last, "include": sorted(allowed)}
        form = ReportForm(defaults, today=today, allowed=allowed)
    report = None
    if form.is_valid():
        report = report_selectors.report_build(
            owner=person,
            first_day=form.cleaned_data["start"],
            last_day=form.cleaned_data["end"],
            sections=set(form.cleaned_data["include"]) & allowed,
            now=now,
        )
    return private(
        render(request, f"{PAGES}/report.html", _context(link, form=form, report=report))
    )
