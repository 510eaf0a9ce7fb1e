from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from planner.forms.grounding import PacerForm


@login_not_required
def grounding(request):
    # Open to everyone, like the safety plan's general help: grounding is for the
    # moment itself, not for after signing in.
    form = PacerForm(request.GET if request.GET else None)
    return render(request, "planner/grounding/tools.html", {"form": form, "counts": form.counts()})


@login_not_required
def about(request):
    # Open to everyone: what Stepwise is and isn't, said once here instead of in every footer.
    return render(request, "planner/about.html")


@login_not_required
def exit_help(request):
    # Open to everyone: the button it explains is on every page, signed in or out.
    return render(request, "planner/grounding/exit_help.html")
