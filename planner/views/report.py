"""The report a person prints or downloads for a clinician (or for themselves).

Choosing is a GET form (nothing stored changes); the page and the PDF read the same
query string, so "Download as PDF" gives exactly what is on screen.

Asking for the password again (accounts.reauth): the PDF always asks, as every
download on the export page does, since a file of someone's history is what a
few minutes at an unlocked phone would carry off. The page asks when it includes
the safety plan, whose trusted contacts' names and numbers it would put on paper
beside the history; without it, the page shows no more than the progress and
practice pages already do.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import SecurityEvent
from accounts.reauth import reauthentication_require
from accounts.services.security_events import record
from common.http import private
from planner import rules
from planner.forms.report import ReportForm
from planner.selectors import report as selectors

PAGES = "planner/report"


def _form(request, *, now, bound: bool) -> ReportForm:
    today = rules.local_date(now, request.user.zone)
    if bound:
        return ReportForm(request.GET, today=today)
    first, last = selectors.default_range(now=now, zone=request.user.zone)
    initial = {
        "start": request.GET.get("start") or first,
        "end": request.GET.get("end") or last,
        # Everything but the safety plan, which the person adds on purpose.
        "include": request.GET.getlist("include")
        or [key for key, _ in selectors.SECTIONS if key != selectors.Section.SAFETY],
    }
    return ReportForm(initial=initial, today=today)


def _report(request, form: ReportForm, now):
    return selectors.report_build(
        owner=request.user,
        first_day=form.cleaned_data["start"],
        last_day=form.cleaned_data["end"],
        sections=form.cleaned_data["include"],
        now=now,
    )


@require_GET
def report(request):
    """The choices, prefilled with the last three months (or what was chosen before)."""
    form = _form(request, now=timezone.now(), bound=False)
    return private(render(request, f"{PAGES}/form.html", {"form": form}))


@require_GET
def report_view(request):
    now = timezone.now()
    form = _form(request, now=now, bound=True)
    if not form.is_valid():
        return private(render(request, f"{PAGES}/form.html", {"form": form}))
    if selectors.Section.SAFETY in form.cleaned_data["include"]:
        reauthentication_require(request)
    context = {"report": _report(request, form, now), "query": request.GET.urlencode()}
    return private(render(request, f"{PAGES}/page.html", context))


@require_GET
def report_pdf(request):
    now = timezone.now()
    form = _form(request, now=now, bound=True)
    if not form.is_valid():
        return private(render(request, f"{PAGES}/form.html", {"form": form}))
    reauthentication_require(request)
    made = _report(request, form, now)
    try:
        # WeasyPrint is heavy to import: only the processes that render a PDF pay for it.
        from planner.pdf import html_to_pdf  # noqa: PLC0415
    except (ImportError, OSError):
        # A server without Pango (`make run` on a machine that never installed it):
        # the same report, to print or save as PDF from the browser instead of a 500.
        context = {"report": made, "query": request.GET.urlencode(), "no_pdf": True}
        return private(render(request, f"{PAGES}/page.html", context, status=503))
    pdf = html_to_pdf(render_to_string(f"{PAGES}/pdf.html", {"report": made}, request=request))
    # On the person's account activity, like every export: a download they did not
    # make is a sign someone else had their session.
    record(
        user=request.user,
        kind=SecurityEvent.Kind.EXPORTED,
        request=request,
        now=now,
        what="a report, as PDF",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"stepwise-report-{made.first_day:%Y-%m-%d}-to-{made.last_day:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return private(response)
