"""While a person's import is being applied, nobody sees their data half-way.

An import writes in short batches (planner.services.import_batches), so for a few
seconds the database holds the first of them: goals without their steps, say.
This is the one place that keeps those seconds out of sight. For a signed-in
request it asks, in one query, whether an import is busy for anyone the page is
about: the person themself (every page of theirs), or, on a supporting page, the
person supported (the dashboard is about everyone they support). If so, the page
waits: "being applied", 503 with Retry-After, nothing of theirs read.

It lives here, not in planner, because "whom a supporting page is about" is the
supporter links'. It also says, once, that an import whose process died was put
back (planner.services.import_runs), and puts back a dead one it meets at once
rather than have anyone wait for the sweep.

Pages that show none of the person's writing, or must never wait, pass: signing
in and out and allauth's other account pages, the grounding tools, the offline files, and the safety plan itself (one tap
from every page; its own rows are replaced in one transaction).
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import render
from django.utils import formats, timezone

from planner.models import ImportRun
from planner.services.import_runs import import_notice_take, imports_sweep
from supporters.models import SupporterLink

PASS = {
    "account_logout",
    "healthz",
    "planner:grounding",
    "planner:exit_help",
    "planner:service_worker",
    "planner:manifest",
    "planner:manifest_plain",
    "planner:safety_plan",
}
RETRY_AFTER_SECONDS = 5


class ImportGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        match = request.resolver_match
        if not user.is_authenticated or match is None or match.view_name in PASS:
            return None
        if match.view_name.startswith("account_"):  # allauth's: sign-in, password, email
            return None
        busy = Q(state__in=ImportRun.BUSY)
        about = Q(owner=user) & (busy | Q(to_tell=True))
        if match.namespace == "supporting":
            links = SupporterLink.objects.filter(supporter=user, ended_at__isnull=True)
            if "owner_id" in view_kwargs:
                links = links.filter(owner_id=view_kwargs["owner_id"])
            about |= busy & Q(owner__in=links.values("owner_id"))
        runs = list(ImportRun.objects.filter(about).select_related("owner"))
        if not runs:
            return None
        now = timezone.now()
        stale = {run.owner for run in runs if run.is_busy and run.is_stale(now)}
        for owner in stale:
            imports_sweep(now=now, owner=owner)
        if stale or any(run.to_tell for run in runs):
            for run in import_notice_take(owner=user):
                _tell(request, run)
            runs = list(ImportRun.objects.filter(about))
        if any(run.is_busy for run in runs):
            return _applying(request, own=any(run.owner_id == user.pk for run in runs))
        return None


def _tell(request, run: ImportRun) -> None:
    started = timezone.localtime(run.started_at, request.user.zone)
    messages.info(
        request,
        f"An import you started on {formats.date_format(started, 'j F')} didn't finish, "
        "so we put everything back as it was.",
    )


def _applying(request, *, own: bool):
    response = render(request, "planner/export/applying.html", {"own": own}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # An expected few seconds' wait, not a fault: kept out of django.request's error log.
    response._has_been_logged = True
    return response
