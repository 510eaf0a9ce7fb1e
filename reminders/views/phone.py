"""Confirming a phone number with a texted code, on its own page under reminders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.reauth import reauthentication_required
from common.blind_index import matching
from reminders.forms.preferences import CodeForm, PhoneForm
from reminders.models import SmsOptOut
from reminders.services.phone import (
    phone_remove,
    phone_verification_confirm,
    phone_verification_open,
    phone_verification_start,
)
from reminders.services.preferences import reminder_preferences_for

PAGE = "reminders/phone.html"


def _render(request, *, phone_form=None, code_form=None, status=200):
    prefs = reminder_preferences_for(request.user)
    pending = phone_verification_open(owner=request.user, now=timezone.now())
    context = {
        "prefs": prefs,
        "pending": pending,
        "phone_form": phone_form or PhoneForm(),
        "code_form": code_form or CodeForm(),
        "opted_out": bool(prefs.phone)
        and SmsOptOut.objects.filter(matching(SmsOptOut, "phone", prefs.phone)).exists(),
    }
    return render(request, PAGE, context, status=status)


# Texts can carry reminders about the person's plans: a new number takes the password.
@reauthentication_required(allow_get=True)
def phone(request):
    """Type a number and get a code; the code form shows while a code is open."""
    if request.method != "POST":
        return _render(request)
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            verification = phone_verification_start(
                owner=request.user, raw_phone=form.cleaned_data["phone"], now=timezone.now()
            )
        except ValidationError as error:
            form.add_error("phone", error)
        else:
            messages.success(
                request,
                f"We've texted a code to {verification.phone}. It works for 10 minutes.",
            )
            return redirect("reminders:phone")
    return _render(request, phone_form=form)


@require_POST
def phone_confirm(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            prefs = phone_verification_confirm(
                owner=request.user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(
                request,
                f"Thank you: {prefs.phone} is confirmed. Tick “By text message” below"
                " to get reminders by text.",
            )
            return redirect("reminders:page")
    return _render(request, code_form=form)


@require_POST
def phone_forget(request):
    phone_remove(owner=request.user, now=timezone.now())
    messages.success(request, "Your number is gone. Reminders by email carry on as before.")
    return redirect("reminders:page")
