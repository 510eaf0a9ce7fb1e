"""Pages that take no object: behind sign-in unless they are meant for anyone."""

import pytest
from django.urls import get_resolver, reverse

from tests.access_support import answer, named_patterns

pytestmark = pytest.mark.django_db

# Pages without kwargs that a visitor who is not signed in may open.
PUBLIC_PAGES = {
    "account_login",
    "account_signup",
    "account_logout",
    "account_inactive",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "healthz",
    # Calm help for anyone in a hard moment, signed in or not.
    "planner:safety_plan",
    "planner:grounding",
    "planner:learn",
    "supporting:guide",
    # How Exit this page works and how to clear the browser's history.
    "planner:exit_help",
    # What Stepwise is and isn't (the disclaimer, said once).
    "planner:about",
    # The offline copy's manifest and service worker: the same for everyone, nothing personal.
    "planner:manifest",
    "planner:manifest_plain",
    "planner:service_worker",
    # Twilio's webhook: its key is the signature (tests/test_access_matrix.py, the forged signature).
    "reminders:sms_inbound_twilio",
    # Where a deleted account lands, signed out: the same words for everyone.
    "accounts:deleted",
}


def test_every_other_page_sends_an_anonymous_visitor_to_sign_in(client):
    names = {name for name, kwargs in named_patterns(get_resolver().url_patterns) if not kwargs}
    wrong = []
    for name in sorted(names - PUBLIC_PAGES):
        got = answer(client.get(reverse(name)))
        if got != "login":
            wrong.append(f"{name}: {got}")
    assert not wrong, "Not behind sign-in (add to PUBLIC_PAGES if meant):\n  " + "\n  ".join(wrong)
