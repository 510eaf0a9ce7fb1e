"""Django's own logs (django.request, our loggers) carry no link tokens and no phones."""

import logging

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from common.logmask import SECRET_KWARGS
from reminders.services.phone import phone_verification_start
from tests.common.logmask_support import CANARY, TOKEN_URLS, console_log, token_paths
from tests.factories import UserFactory
from tests.reminders.twilio_support import twilio_error, twilio_stub

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", token_paths())
def test_a_refused_post_to_a_token_link_is_logged_without_the_token(path):
    # django.security.csrf names the path of every POST it refuses; the one-click
    # unsubscribe takes POSTs without CSRF (RFC 8058) and logs its 404 instead.
    with console_log() as log:
        Client(enforce_csrf_checks=True).post(path + "?next=" + CANARY)
    text = log.getvalue()
    assert path.replace(CANARY, "***") in text
    assert CANARY not in text


def test_a_404_below_a_token_link_is_logged_without_the_token(client):
    with console_log() as log:
        response = client.get(f"/unsubscribe/{CANARY}/nothing-here/")
    assert response.status_code == 404
    text = log.getvalue()
    assert "Not Found: /unsubscribe/***/nothing-here/" in text
    assert CANARY not in text


def test_a_query_string_is_logged_by_its_names_only(client):
    with console_log() as log:
        client.get(f"/no-such-page/?next=/unsubscribe/{CANARY}/&{CANARY}")
    text = log.getvalue()
    assert "Not Found: /no-such-page/" in text
    assert CANARY not in text


def test_a_traceback_in_the_log_loses_the_token_too():
    with console_log() as log:
        try:
            raise ValueError(f"could not read /calendar/{CANARY}.ics")
        except ValueError:
            logging.getLogger("reminders.tasks").exception("A broken feed")
    text = log.getvalue()
    assert "ValueError: could not read /calendar/***.ics" in text
    assert CANARY not in text


def test_a_text_that_could_not_be_sent_logs_the_number_by_its_last_two_digits(
    settings, django_capture_on_commit_callbacks
):
    """The real SMS path: Twilio refuses a number and names it in its answer."""
    person = UserFactory(timezone="Europe/Dublin")
    phone = "+353871234567"
    answer = twilio_error(400, 21211, f"The 'To' number {phone} is not a valid phone number.")
    with twilio_stub(settings) as stub, console_log() as log:
        stub.answers = [answer]
        with django_capture_on_commit_callbacks(execute=True):
            phone_verification_start(owner=person, raw_phone=phone, now=timezone.now())
    assert len(stub.requests) == 1
    text = log.getvalue()
    assert "Could not text a verification code" in text
    assert "The 'To' number ***67 is not a valid phone number" in text
    assert "871234567" not in text


@pytest.mark.parametrize("path", token_paths())
def test_a_page_reached_by_a_private_link_sends_no_referrer(client, path):
    response = client.get(path)
    # A page that posts its own form needs its origin sent (CSRF): same-origin, which
    # still keeps the token on this site.
    posts = b'method="post"' in response.content.lower()
    assert response["Referrer-Policy"] == ("same-origin" if posts else "no-referrer")


def test_other_pages_keep_the_same_origin_referrer(client):
    response = client.get("/accounts/login/")
    assert response["Referrer-Policy"] == "same-origin"


def test_the_token_links_tested_here_are_all_the_url_configuration_has():
    """A new private link is masked by default; this makes sure it is tested too."""

    def names(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from names(entry.url_patterns, inner)
            elif SECRET_KWARGS & set(entry.pattern.regex.groupindex):
                yield namespace + entry.name

    assert set(names(get_resolver().url_patterns)) == {name for name, _ in TOKEN_URLS}
