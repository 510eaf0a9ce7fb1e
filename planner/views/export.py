import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from planner.services import export as services

MAX_UPLOAD = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your Stepwise export file (.json)",
        error_messages={
            "required": "Please choose the file to bring in.",
            "empty": "That file is empty.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("That file is larger than an export can be (10 MB).")
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise forms.ValidationError(
                "That file can't be read as a Stepwise export (.json)."
            ) from error


def _stamp() -> str:
    return timezone.now().strftime("%Y-%m-%d")


def export(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.export_import(owner=request.user, data=form.cleaned_data["file"])
        except services.ImportProblem as problem:
            form.add_error("file", str(problem))
        else:
            total = sum(counts.values())
            messages.success(
                request, f"Brought in {total} item{'s' if total != 1 else ''} from your file."
            )
            return redirect("planner:export")
    return render(request, "planner/export/export.html", {"form": form})


@require_GET
def export_json(request):
    data = services.export_build(owner=request.user, now=timezone.now())
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="stepwise-{_stamp()}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_checkins_csv(request):
    response = HttpResponse(
        services.checkins_csv(request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="stepwise-check-ins-{_stamp()}.csv"'
    response["Cache-Control"] = "no-store"
    return response
