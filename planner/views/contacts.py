from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.http import back_to
from planner.crisis_lines import country_for_timezone
from planner.forms.contacts import ContactAgreedForm, ContactAskForm, TrustedContactForm
from planner.models import TrustedContact
from planner.models.contacts import contacts_sorted
from planner.selectors.contacts import contacts_for
from planner.services.contacts import (
    contact_create,
    contact_delete,
    contact_set_agreed,
    contact_update,
)


def _get_contact(request, pk: int) -> TrustedContact:
    return get_object_or_404(contacts_for(request.user), pk=pk)


def _next_or(request, default: str) -> str:
    # Back to where the person came from (the safety plan's picker), but only
    # ever to a page of ours.
    return back_to(request, request.POST.get("next") or request.GET.get("next"), default)


def contacts(request):
    return render(
        request,
        "planner/contacts/list.html",
        {"contacts": contacts_sorted(contacts_for(request.user))},
    )


def contact_new(request):
    form = TrustedContactForm(
        request.POST or None, region=country_for_timezone(request.user.timezone)
    )
    if request.method == "POST" and form.is_valid():
        contact = contact_create(owner=request.user, **form.cleaned_data)
        messages.success(request, f"Added {contact.name}.")
        return redirect(_next_or(request, "planner:contacts"))
    return render(
        request, "planner/contacts/form.html", {"form": form, "next": _next_or(request, "")}
    )


def contact_edit(request, pk: int):
    contact = _get_contact(request, pk)
    # The heading keeps the saved name while the form may hold something mistyped.
    contact_name = contact.name
    form = TrustedContactForm(
        request.POST or None, instance=contact, region=country_for_timezone(request.user.timezone)
    )
    if request.method == "POST" and form.is_valid():
        # The form already set the fields on the instance; the service validates and saves.
        contact_update(contact=contact, **form.cleaned_data)
        messages.success(request, f"Saved {contact.name}.")
        return redirect(_next_or(request, "planner:contacts"))
    return render(
        request,
        "planner/contacts/form.html",
        {
            "form": form,
            "contact": contact,
            "contact_name": contact_name,
            "next": _next_or(request, ""),
        },
    )


@require_http_methods(["GET", "POST"])
def contact_remove(request, pk: int):
    contact = _get_contact(request, pk)
    if request.method == "POST":
        contact_delete(contact=contact)
        messages.success(request, f"Removed {contact.name} from your contacts.")
        return redirect("planner:contacts")
    return render(request, "planner/contacts/remove.html", {"contact": contact})


@require_safe
def contact_ask(request, pk: int):
    """A kind message, ready to text or email, asking if they're happy to be on the plan."""
    contact = _get_contact(request, pk)
    default = render_to_string("planner/contacts/_ask_message.txt", {"contact": contact}).strip()
    form = ContactAskForm(
        request.GET if "message" in request.GET else None, initial={"message": default}
    )
    if form.is_bound:
        message = form.cleaned_data["message"] if form.is_valid() else ""
    else:
        message = default
    return render(
        request,
        "planner/contacts/ask.html",
        {"contact": contact, "form": form, "message": message, "next": _next_or(request, "")},
    )


@require_POST
def contact_agreed(request, pk: int):
    contact = _get_contact(request, pk)
    form = ContactAgreedForm(request.POST)
    if form.is_valid():
        knows = form.cleaned_data["agreed"] == "yes"
        contact_set_agreed(contact=contact, agreed=knows, now=timezone.now())
        if knows:
            messages.success(request, f"Noted: {contact.name} knows they're on your plan.")
        else:
            messages.success(request, f"Noted: {contact.name} hasn't been asked yet.")
    else:
        messages.error(request, form.errors["agreed"][0])
    return redirect(_next_or(request, "planner:contacts"))
