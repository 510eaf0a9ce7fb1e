from django import forms
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import SecurityEvent
from accounts.reauth import reauthentication_required
from accounts.services.security_events import record
from common import ratelimit
from planner.services import export as services
from planner.services import import_limits
from planner.services.export_zip import export_read, export_zip

MAX_UPLOAD = 10 * 1024 * 1024


_SLOW_DOWN = (
    "You have brought in a file several times this hour. Nothing was changed this time; "
    "please try again in a little while."
)


def _import_allowed(user) -> bool:
    # Each try reads and checks a whole file (up to 10 MB): counted per person, whether
    # the file is good or not, so nobody can keep the server busy with them.
    return ratelimit.hit(
        "import", str(user.pk), limit=import_limits.IMPORTS_PER_HOUR, window=60 * 60
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your Stepwise export (.zip or .json)",
        error_messages={
            "required": "Please choose the file to bring in.",
            "empty": "That file is empty.",
        },
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not _import_allowed(self.owner):
            raise forms.ValidationError(_SLOW_DOWN)
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("That file is larger than an export can be (10 MB).")
        try:
            data = export_read(upload=upload)
            import_limits.document_check(
                data, {topic.name: topic.said for topic in services.TOPICS}
            )
        except services.ImportProblem as problem:
            raise forms.ValidationError(str(problem)) from problem
        return data


def _stamp() -> str:
    return timezone.now().strftime("%Y-%m-%d")


def _downloaded(request, what: str, now) -> None:
    # Shown on the person's account activity: a download they did not make is a sign
    # someone else had their session.
    record(user=request.user, kind=SecurityEvent.Kind.EXPORTED, request=request, now=now, what=what)


def _attachment(response, name: str):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The file holds private writing: no cache (browser or proxy) keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


# Every way out (and in) asks for the password again: a file of everything is what
# someone with a few minutes at an unlocked phone would take.
@reauthentication_required
def export(request):
    form = ImportForm(request.POST or None, request.FILES or None, owner=request.user)
    now = timezone.now()
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.export_import(owner=request.user, data=form.cleaned_data["file"])
        except services.ImportProblem as problem:
            # The profile may have been changed in memory before the rollback.
            request.user.refresh_from_db()
            form.add_error("file", str(problem))
        else:
            record(user=request.user, kind=SecurityEvent.Kind.IMPORTED, request=request, now=now)
            total = sum(counts.values())
            messages.success(
                request, f"Brought in {total} item{'s' if total != 1 else ''} from your file."
            )
            return redirect("planner:export")
    return render(request, "planner/export/export.html", {"form": form, "limits": import_limits})


@reauthentication_required
@require_GET
def export_everything_zip(request):
    now = timezone.now()
    archive = export_zip(owner=request.user, now=now)
    _downloaded(request, "everything, as a ZIP file", now)
    return _attachment(
        HttpResponse(archive, content_type="application/zip"), f"stepwise-{_stamp()}.zip"
    )


@reauthentication_required
@require_GET
def export_json(request):
    now = timezone.now()
    data = services.export_build(owner=request.user, now=now)
    _downloaded(request, "everything, as JSON", now)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return _attachment(response, f"stepwise-{_stamp()}.json")


@reauthentication_required
@require_GET
def export_checkins_csv(request):
    _downloaded(request, "check-ins, as CSV", timezone.now())
    response = HttpResponse(
        services.checkins_csv(request.user), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, f"stepwise-check-ins-{_stamp()}.csv")
