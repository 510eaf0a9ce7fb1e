"""Signing in, confirming the password, and letting those 5 minutes run out.

allauth keeps each confirmation in the session ("account_authentication_methods",
entries with reauthenticated=True and the time `at`); only those count, not the
sign-in itself. So a test confirms through the real page, then moves the clock.
"""

import hashlib
from datetime import timedelta

import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

REAUTH_URL = reverse("account_reauthenticate")
FRESH = timedelta(minutes=4, seconds=50)  # inside ACCOUNT_REAUTHENTICATION_TIMEOUT
STALE = timedelta(minutes=5, seconds=10)  # just past it


def reauthenticate(client, password: str = PASSWORD):
    response = client.post(REAUTH_URL, {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def later(by: timedelta):
    """The clock `by` after now, for what follows (it keeps ticking)."""
    return time_machine.travel(timezone.now() + by, tick=True)


def is_reauth_redirect(response) -> bool:
    location = response.get("HX-Redirect") or response.get("Location") or ""
    return response.status_code in (200, 302) and location.startswith(REAUTH_URL)


# Everything a request could change for a person, across our apps and allauth's.
_APPS = {"accounts", "account", "planner", "supporters", "reminders", "common"}
_VOLATILE = {"supporters.AccessLog"}


def everything() -> str:
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in _APPS and model._meta.label not in _VOLATILE:
            digest.update(model._meta.label.encode())
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()
