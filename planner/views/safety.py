from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts.reauth import reauthentication_required
from common import ratelimit
from common.http import private
from planner.crisis_lines import COUNTRIES
from planner.forms.safety import CrisisLinesForm, ReviewEveryForm, section_form
from planner.models import SafetyPlanVersion
from planner.models.contacts import contacts_sorted
from planner.models.safety import Section, empty_content
from planner.selectors.contacts import contacts_for
from planner.selectors.safety import safety_plan_for, safety_plan_view, safety_versions_page
from planner.services.safety import (
    safety_link_create,
    safety_link_open,
    safety_link_revoke,
    safety_plan_review,
    safety_review_interval_set,
    safety_section_save,
    safety_version_restore,
)

PLAN = "planner/safety/plan.html"
# Links that do not open, per real client (common.ratelimit.client_key): past this,
# that client's next wrong link gets a pause instead. Only wrong links count, and a
# working link always opens, whoever else is guessing and from wherever: it may be
# needed in a hard moment. The tokens are 256 bits, so guessing goes nowhere anyway.
UNKNOWN_TOKEN_LIMIT = {"limit": 20, "window": 60 * 60}


def _section_or_404(key: str) -> Section:
    try:
        return Section(key)
    except ValueError:
        raise Http404("No such section") from None


def _get_version(request, pk: int) -> SafetyPlanVersion:
    return get_object_or_404(
        SafetyPlanVersion.objects.select_related("plan"), pk=pk, plan__owner=request.user
    )


def _general_help(request, *, status=200, **flags):
    # Signed out, or a private link that no longer opens: only help that fits
    # anyone, nothing about any person.
    context = {"countries": COUNTRIES.values(), **flags}
    return render(request, "planner/safety/general_help.html", context, status=status)


def _autofocus(form) -> None:
    """Put the keyboard on the first field with an error, or the first field."""
    forms = form.formset.forms if isinstance(form, CrisisLinesForm) else [form]
    fields = [field for f in forms for field in f.visible_fields()]
    target = next((field for field in fields if field.errors), fields[0] if fields else None)
    if target is not None:
        target.field.widget.attrs["autofocus"] = True


def _plan_context(request, **extra) -> dict:
    plan = safety_plan_for(request.user)
    plan_view = safety_plan_view(owner=request.user, plan=plan)
    return {
        "plan": plan,
        "plan_view": plan_view,
        "review_due": plan is not None and plan.review_due(timezone.now()),
        "review_every_form": ReviewEveryForm(
            initial={"days": plan.review_every_days} if plan else None
        ),
        **extra,
    }


@login_not_required
def safety_plan(request):
    # Reachable signed out too: someone in a hard moment must not meet a sign-in
    # wall first. Signed out, it shows only general help, nothing personal.
    if not request.user.is_authenticated:
        return _general_help(request)
    return render(request, PLAN, _plan_context(request))


# The same address answers a fragment to htmx and a page otherwise: caches must
# keep them apart, or the Back button could show a bare fragment.
@vary_on_headers("HX-Request")
def safety_section(request, section: str):
    """One section as it reads (htmx swaps it back in when an edit is cancelled)."""
    section = _section_or_404(section)
    if not request.htmx:
        return redirect(reverse("planner:safety_plan") + f"#{section.value}")
    context = _plan_context(request)
    context["section"] = context["plan_view"].section(section)
    return render(request, f"{PLAN}#section", context)


@vary_on_headers("HX-Request")
def safety_section_edit(request, section: str):
    section = _section_or_404(section)
    context = _plan_context(request)
    plan, plan_view = context["plan"], context["plan_view"]
    contacts = contacts_sorted(contacts_for(request.user)) if section == Section.HELPERS else None
    form = section_form(
        section,
        plan_view=plan_view,
        content=plan.data if plan else empty_content(),
        contacts=contacts,
        owner=request.user,
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        safety_section_save(
            owner=request.user, section=section, value=form.section_value(), now=timezone.now()
        )
        if not request.htmx:
            messages.success(request, f"Saved: {section.label}.")
            return redirect(reverse("planner:safety_plan") + f"#{section.value}")
        context = _plan_context(request, just_saved=True)
        context["section"] = context["plan_view"].section(section)
        return render(request, f"{PLAN}#section", context)

    _autofocus(form)
    context.update(editing=section, form=form, contacts=contacts)
    if request.htmx:
        context["section"] = plan_view.section(section)
        return render(request, f"{PLAN}#section", context)
    return render(request, PLAN, context)


@require_POST
def safety_plan_reviewed(request):
    plan = safety_plan_review(owner=request.user, now=timezone.now())
    messages.success(
        request,
        f"Thank you for looking it over. We'll ask again in {plan.review_every_days} days.",
    )
    return redirect("planner:safety_plan")


@require_POST
def safety_review_every(request):
    """How often the plan asks to be looked over; a bad choice re-shows the plan, kindly."""
    form = ReviewEveryForm(request.POST)
    if not form.is_valid():
        return render(request, PLAN, _plan_context(request, review_every_form=form))
    safety_review_interval_set(
        owner=request.user, days=form.cleaned_data["days"], now=timezone.now()
    )
    messages.success(
        request, f"We'll ask you to look it over every {form.cleaned_data['days']} days."
    )
    return redirect(reverse("planner:safety_plan") + "#review-every")


def safety_history(request):
    plan = safety_plan_for(request.user)
    page = safety_versions_page(plan, request.GET.get("page")) if plan else None
    return render(request, "planner/safety/history.html", {"plan": plan, "page": page})


def safety_version(request, pk: int):
    version = _get_version(request, pk)
    plan_view = safety_plan_view(
        owner=request.user, plan=version.plan, content=version.data, with_steps=False
    )
    return render(
        request, "planner/safety/version.html", {"version": version, "plan_view": plan_view}
    )


@require_POST
def safety_version_restore_view(request, pk: int):
    version = _get_version(request, pk)
    safety_version_restore(version=version, now=timezone.now())
    messages.success(
        request,
        "Restored. The plan you had just before is kept in the history, in case you want it back.",
    )
    return redirect("planner:safety_plan")


@never_cache
@reauthentication_required(allow_get=True)
def safety_link(request):
    """Make, replace or see the private link. A new link's address is shown only once."""
    plan = safety_plan_for(request.user)
    active = plan.links.filter(revoked_at__isnull=True).first() if plan else None
    context = {"active": active, "new_url": None}
    if request.method == "POST":
        link, token = safety_link_create(owner=request.user, now=timezone.now())
        context["active"] = link
        context["new_url"] = request.build_absolute_uri(
            reverse("planner:safety_shared", args=[token])
        )
    return render(request, "planner/safety/link.html", context)


@require_POST
def safety_link_revoke_view(request):
    if safety_link_revoke(owner=request.user, now=timezone.now()):
        messages.success(
            request, "Your private link has stopped working. You can make a new one any time."
        )
    return redirect("planner:safety_link")


@login_not_required
@require_safe
def safety_shared(request, token: str):
    """The plan, read-only, for whoever holds the private link: nothing else of the person."""
    link = safety_link_open(token=token, now=timezone.now())
    if link is None:
        # Unknown and revoked links look the same: a page of general help.
        client = ratelimit.client_key(request)
        if not ratelimit.hit("safety-link-unknown", client, **UNKNOWN_TOKEN_LIMIT):
            return private(_general_help(request, status=429, paused=True))
        return private(_general_help(request, status=404, link_gone=True))
    owner = link.plan.owner
    plan_view = safety_plan_view(owner=owner, plan=link.plan)
    return private(render(request, "planner/safety/shared.html", {"plan_view": plan_view}))


def safety_wallet_card(request):
    context = _plan_context(request)
    return render(request, "planner/safety/wallet_card.html", context)
