from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from planner.models import Attempt, CheckIn, TrustedContact, Win
from planner.selectors.wins import win_candidates
from planner.services import wins as services

WINS = "planner/wins/wins.html"


class WinForm(forms.Form):
    text = forms.CharField(
        label="Something you're glad you did",
        help_text="Small counts: answering a message, going out for milk, saying no to something.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Please write a few words about it first.",
            "max_length": "That's a lot for one win: could you keep it under 1000 characters?",
        },
    )


def _page(request, form=None, *, status=200, announce=""):
    context = {
        "wins": Win.objects.filter(owner=request.user)[:100],
        "candidates": win_candidates(owner=request.user, now=timezone.now()),
        "form": form or WinForm(),
        "announce": announce,
    }
    template = f"{WINS}#region" if request.htmx else WINS
    return render(request, template, context, status=status)


def _done(request, message: str):
    if request.htmx:
        return _page(request, announce=message)
    messages.success(request, message)
    return redirect("planner:wins")


@require_safe
def wins(request):
    """The wins the person kept, newest first, and recent moments they could keep."""
    return _page(request)


@require_POST
def win_add(request):
    form = WinForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    services.win_add(owner=request.user, text=form.cleaned_data["text"], now=timezone.now())
    return _done(request, "Kept as a win.")


@require_POST
def win_from_attempt(request, pk: int):
    attempt = get_object_or_404(
        Attempt.objects.select_related("step"), pk=pk, owner=request.user, happened_at__isnull=False
    )
    services.win_from_attempt(attempt=attempt)
    return _done(request, f"“{attempt.step.title}” is kept as a win.")


@require_POST
def win_from_checkin(request, pk: int):
    checkin = get_object_or_404(CheckIn, pk=pk, owner=request.user)
    services.win_from_checkin(checkin=checkin)
    return _done(request, "That good day is kept as a win.")


@require_POST
def win_from_contact(request, pk: int):
    contact = get_object_or_404(TrustedContact, pk=pk, owner=request.user)
    services.win_from_contact(contact=contact)
    return _done(request, f"Adding {contact.name} is kept as a win.")


@require_POST
def win_remove(request, pk: int):
    win = get_object_or_404(Win, pk=pk, owner=request.user)
    services.win_remove(win=win)
    return _done(request, "Taken off your wins. What it came from is still there.")
