"""What a supporter sees: the dashboard, then one read-only page per shared scope.

Every per-person view starts with supporters.permissions.supported_or_404: anything
not granted (a stranger, an ended link, a scope turned off, the person themself)
is the same 404 as a page that does not exist. Nothing here can change anything
of the person's; the only forms are a note of encouragement and an ally's answer.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from planner.selectors import safety as safety_selectors
from supporters.forms.supporting import EncouragementForm
from supporters.models import AccessLog, Scope
from supporters.permissions import can_view, supported_or_404
from supporters.selectors import supporting as selectors
from supporters.selectors import supporting_person as person_selectors
from supporters.services.access import access_log_record_shown

PAGES = "supporters/supporting"
# The per-scope pages, in the order the overview lists them.
SECTIONS = [
    (Scope.PLAN, "supporting:plan", "Their goals, ladders and this week"),
    (Scope.PRACTICE, "supporting:practice", "How their steps have gone"),
    (Scope.CHECKINS, "supporting:checkins", "Their check-ins"),
    (Scope.SAFETY, "supporting:safety", "Their safety plan"),
    (Scope.JOURNAL, "supporting:journal", "Their journal and thought records"),
]


def _context(link, **extra) -> dict:
    return {"link": link, "person": link.owner, **extra}


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
    return render(request, f"{PAGES}/dashboard.html", {"dashboard": dashboard})


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
        ally_steps=ally_steps,
        form=form,
    )
    return render(request, f"{PAGES}/person.html", context, status=status)


@require_GET
def supporting_person(request, owner_id: int):
    link = supported_or_404(request, owner_id, None)
    return person_page(request, link, EncouragementForm(auto_id="encourage_%s"))


@require_GET
def supporting_plan(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.PLAN)
    plan = person_selectors.person_plan(owner=link.owner, now=timezone.now())
    return render(request, f"{PAGES}/plan.html", _context(link, plan=plan))


@require_GET
def supporting_practice(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.PRACTICE, also=(Scope.PLAN,))
    # Step titles are the plan's: without that scope the numbers come untitled.
    with_titles = can_view(request.user, link.owner, Scope.PLAN, link=link)
    practice = person_selectors.person_practice(owner=link.owner, with_titles=with_titles)
    return render(
        request,
        f"{PAGES}/practice.html",
        _context(link, practice=practice, with_titles=with_titles),
    )


@require_GET
def supporting_checkins(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.CHECKINS, also=(Scope.JOURNAL,))
    # Notes and trigger tags are journal-level private: shown only with that scope too.
    with_private = can_view(request.user, link.owner, Scope.JOURNAL, link=link)
    checkins = person_selectors.person_checkins(owner=link.owner, with_private=with_private)
    return render(
        request,
        f"{PAGES}/checkins.html",
        _context(link, checkins=checkins, with_private=with_private),
    )


@require_GET
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
def supporting_journal(request, owner_id: int):
    link = supported_or_404(request, owner_id, Scope.JOURNAL)
    journal = person_selectors.person_journal(owner=link.owner)
    return render(request, f"{PAGES}/journal.html", _context(link, journal=journal))
