from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from planner.forms.problems import OptionFormSet, WorksheetForm, check_chosen, options_initial
from planner.models import ProblemWorksheet, Step
from planner.services.problems import problem_remove, problem_save

WORKSHEET = "planner/problems/worksheet.html"


def _get_worksheet(request, pk: int) -> ProblemWorksheet:
    return get_object_or_404(
        ProblemWorksheet.objects.select_related("step__goal", "chosen"), pk=pk, owner=request.user
    )


def _step_from_query(request) -> Step | None:
    """`?step=` links a new worksheet to one of the person's own steps; anything else is
    simply ignored rather than shown as an error on an empty page."""
    pk = request.GET.get("step") or request.POST.get("step")
    if not (pk and str(pk).isdigit()):
        return None
    return Step.objects.select_related("goal").filter(pk=pk, goal__owner=request.user).first()


@require_safe
def problems(request):
    worksheets = ProblemWorksheet.objects.filter(owner=request.user).select_related("step")[:100]
    return render(request, "planner/problems/list.html", {"worksheets": worksheets})


def _edit(request, worksheet: ProblemWorksheet | None, step: Step | None):
    if worksheet is not None:
        initial = {
            "problem": worksheet.problem,
            "chosen": worksheet.chosen.position if worksheet.chosen else None,
            "first_move": worksheet.first_move,
            "first_move_on": worksheet.first_move_on,
            "outcome": worksheet.outcome,
            "review": worksheet.review,
        }
    else:
        initial = {}
    form = WorksheetForm(request.POST or None, initial=initial)
    formset = OptionFormSet(
        request.POST or None, initial=options_initial(worksheet), prefix="options"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if check_chosen(form, formset):
            data = form.cleaned_data
            saved = problem_save(
                owner=request.user,
                worksheet=worksheet,
                step=step,
                problem=data["problem"],
                options=[f.cleaned_data for f in formset.forms],
                chosen_position=data["chosen"],
                first_move=data["first_move"],
                first_move_on=data["first_move_on"],
                outcome=data["outcome"],
                review=data["review"],
            )
            messages.success(request, "Saved. Come back to it whenever you like.")
            url = reverse("planner:problem", kwargs={"pk": saved.pk})
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {"form": form, "formset": formset, "worksheet": worksheet, "step": step}
    return render(request, f"{WORKSHEET}#form" if request.htmx else WORKSHEET, context)


@require_http_methods(["GET", "HEAD", "POST"])
def problem_new(request):
    """A fresh worksheet, linked to a step when opened from one."""
    return _edit(request, None, _step_from_query(request))


@require_http_methods(["GET", "HEAD", "POST"])
def problem(request, pk: int):
    worksheet = _get_worksheet(request, pk)
    return _edit(request, worksheet, worksheet.step)


@require_http_methods(["GET", "HEAD", "POST"])
def problem_remove_view(request, pk: int):
    worksheet = _get_worksheet(request, pk)
    if request.method == "POST":
        problem_remove(worksheet=worksheet)
        messages.success(request, "The worksheet is deleted.")
        return redirect("planner:problems")
    return render(request, "planner/problems/remove.html", {"worksheet": worksheet})
