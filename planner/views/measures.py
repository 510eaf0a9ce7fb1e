from datetime import datetime, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from common.http import back_to
from planner import measures
from planner.forms.measures import measure_form_class
from planner.models import MeasureResponse
from planner.selectors.progress import measure_trends, measures_due
from planner.services.measures import measure_record

TAKE = "planner/measures/take.html"


def _kind_or_404(kind: str) -> str:
    if kind not in MeasureResponse.Kind.values:
        raise Http404("No such measure")
    return kind


# "Not now" quiets the monthly offer for a week on this device: a gentle
# offer that keeps coming back after being declined is no longer gentle.
LATER_KEY = "measures_offer_hidden_until"
LATER_DAYS = 7


def measures_offered(request, *, now) -> list[str]:
    """The measures to offer now: due, and not put off with "Not now" this week."""
    hidden_until = request.session.get(LATER_KEY)
    if hidden_until and now < datetime.fromisoformat(hidden_until):
        return []
    return measures_due(request.user, now=now)


@require_POST
def measures_later(request):
    request.session[LATER_KEY] = (timezone.now() + timedelta(days=LATER_DAYS)).isoformat()
    said = "No problem. The questions are here whenever you want them."
    if request.htmx:
        # The offer makes way for a line saying so, which takes focus: an empty swap
        # would leave keyboard focus on the page body.
        return render(request, "planner/measures/_later.html", {"said": said})
    messages.info(request, said)
    return redirect(_back_to(request))


def _back_to(request) -> str:
    return back_to(request, request.POST.get("next"), reverse("planner:progress"))


@require_safe
def measures_list(request):
    """Both measures: when they were last answered, the trend, and whether one is due."""
    now = timezone.now()
    context = {
        "trends": measure_trends(owner=request.user),
        "due": measures_due(request.user, now=now),
        "cutoff": measures.LSNS6_ISOLATION_CUTOFF,
    }
    return render(request, "planner/measures/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def measure_take(request, kind: str):
    """Answer one measure. Every question needs an answer for the total to mean anything,
    but the whole thing is optional: leaving is always fine."""
    kind = _kind_or_404(kind)
    form_class = measure_form_class(kind)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        measure_record(owner=request.user, kind=kind, answers=form.answers(), now=timezone.now())
        messages.success(request, "Thank you. Your answers are saved, just for you.")
        if request.htmx:
            return HttpResponseClientRedirect(reverse("planner:measures"))
        return redirect("planner:measures")
    context = {
        "form": form,
        "kind": kind,
        "title": measures.NAMES[kind],
        "citation": measures.CITATIONS[kind],
        "family": measures.FAMILY,
        "friends": measures.FRIENDS,
        "items": form_class.items,
    }
    return render(request, f"{TAKE}#form" if request.htmx else TAKE, context)
