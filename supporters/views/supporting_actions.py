"""The few things a supporter can send, and the person putting a note away.

A supporter's writes are their own: a note (rate limited lightly, so a slip of
the finger is fine and a flood is not) and an answer to "will you come along?".
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common import ratelimit
from planner.models import ScheduledStep
from supporters.forms.supporting import AllyAnswerForm, EncouragementForm
from supporters.models import Encouragement
from supporters.permissions import supported_or_404
from supporters.selectors import supporting as selectors
from supporters.services import supporting as services
from supporters.views.supporting import person_page

# Plenty for someone who writes often, and a gentle pause for anything more.
NOTE_LIMIT = {"limit": 10, "window": 60 * 60}


@require_POST
def encouragement_send(request, owner_id: int):
    link = supported_or_404(request, owner_id, None)
    form = EncouragementForm(request.POST, auto_id="encourage_%s")
    if not form.is_valid():
        return person_page(request, link, form)
    if not ratelimit.hit(f"encourage:{link.pk}", str(request.user.pk), **NOTE_LIMIT):
        form.add_error(
            "body",
            "You've sent quite a few notes this hour. Your words are kept here; "
            "please try again a little later.",
        )
        return person_page(request, link, form, status=429)
    services.encouragement_send(link=link, body=form.cleaned_data["body"], now=timezone.now())
    messages.success(
        request, f"Sent. {link.owner.get_short_name()} will see it on their home page."
    )
    return redirect("supporting:person", owner_id=link.owner_id)


@require_POST
def ally_answer(request, owner_id: int, scheduled_id: int):
    link = supported_or_404(request, owner_id, None)
    # Only a step that names this supporter as its ally is there to answer.
    scheduled = get_object_or_404(
        ScheduledStep.objects.select_related("step__ally"),
        pk=scheduled_id,
        owner_id=link.owner_id,
        step__ally__supporter_link=link,
        step__ally__owner_id=link.owner_id,
    )
    form = AllyAnswerForm(request.POST)
    if not form.is_valid():
        messages.info(request, "We couldn't tell which answer that was. Nothing changed.")
        return redirect("supporting:dashboard")
    response = services.ally_answer_set(
        link=link, scheduled=scheduled, answer=form.cleaned_data["answer"], now=timezone.now()
    )
    if request.htmx:
        item = selectors.AllyStep(scheduled=scheduled, link=link, answer=response.answer)
        context = {"item": item, "answered": True}
        return render(request, "supporters/supporting/_ally_step.html", context)
    words = {"coming": "you'll be there", "cannot": "you can't make it this time"}
    messages.success(
        request,
        f"Thanks. {link.owner.get_short_name()} will see that {words[response.answer]}.",
    )
    return redirect(f"{reverse('supporting:dashboard')}#ally-{scheduled.pk}")


@require_POST
def encouragement_put_away(request, pk: int):
    # Someone else's note is simply not there: 404, never 403.
    note = get_object_or_404(Encouragement, pk=pk, owner=request.user)
    services.encouragement_put_away(owner=request.user, note=note, now=timezone.now())
    if request.htmx:
        return render(request, "supporters/supporting/_put_away.html")
    messages.success(request, "Put away. It won't show on your home page again.")
    return redirect("planner:home")
