"""Account activity on the profile (the latest few) and on its own page (a year, paged)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import SecurityEvent
from accounts.selectors.security_events import PER_PAGE, RECENT
from tests.pages import assert_shows

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
PROFILE = reverse("accounts:profile")
ACTIVITY = reverse("accounts:activity")


def _events(user, count, *, start, kind=Kind.SIGNED_IN, **fields):
    SecurityEvent.objects.bulk_create(
        SecurityEvent(user=user, kind=kind, at=start - timedelta(minutes=n), **fields)
        for n in range(count)
    )


@pytest.fixture
def signed_in(frozen, alice_client, alice):
    # Signing in is itself an event; these tests count only the ones they make.
    alice.security_events.all().delete()
    return alice_client


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(ACTIVITY)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("kind", "fields", "words"),
    [
        (Kind.SIGNED_IN, {"device": "Firefox on Windows"}, "Signed in on Firefox on Windows"),
        (Kind.SIGN_IN_REFUSED, {}, "Someone tried to sign in with a wrong password"),
        (Kind.PASSWORD_CHANGED, {}, "Your password was changed"),
        (Kind.PASSWORD_RESET, {}, "Your password was reset with an emailed link"),
        (
            Kind.EMAIL_CHANGED,
            {"detail": "a@new.example"},
            "sign-in address changed to a@new.example",
        ),
        (Kind.TWO_FACTOR_ADDED, {"what": "a passkey"}, "Added a passkey for two-factor sign-in"),
        (
            Kind.EXPORTED,
            {"what": "check-ins, as CSV"},
            "Your data was downloaded (check-ins, as CSV)",
        ),
        (Kind.SESSIONS_ENDED, {}, "Signed out on other devices"),
        (Kind.SESSIONS_ENDED, {"what": "2 sessions"}, "Signed out on other devices (2 sessions)"),
        (Kind.SCOPES_GRANTED, {"detail": "Bob", "what": "your plan"}, "Bob can now see your plan"),
        (
            Kind.SCOPES_REMOVED,
            {"detail": "Bob", "what": "your journal"},
            "Bob no longer sees your journal",
        ),
        (Kind.LINK_REVOKED, {"detail": "Bob"}, "You ended Bob's access to what you share"),
        (Kind.SUPPORTER_LEFT, {"detail": "Bob"}, "Bob stepped back from supporting you"),
    ],
)
def test_each_event_reads_as_a_plain_sentence(signed_in, alice, kind, fields, words):
    _events(alice, 1, start=alice.date_joined, kind=kind, **fields)
    assert_shows(signed_in.get(PROFILE), words)
    assert_shows(signed_in.get(ACTIVITY), words)


def test_times_are_the_persons_own_and_the_address_is_shown(signed_in, alice, frozen):
    # 16:00 UTC is noon in New York, Alice's zone.
    _events(alice, 1, start=frozen - timedelta(days=1), ip="203.0.113.24")
    assert_shows(signed_in.get(ACTIVITY), "Tue, Jun 9 2026, 12:00 PM", "203.0.113.24")


def test_the_profile_shows_the_latest_few_and_links_to_the_rest(signed_in, alice, frozen):
    _events(alice, RECENT + 5, start=frozen, device="Firefox on Windows")
    _events(alice, 1, start=frozen + timedelta(minutes=1), device="Mobile Safari on iOS")
    html = assert_shows(signed_in.get(PROFILE), "Signed in on Mobile Safari on iOS")
    assert html.count('class="security-event"') == RECENT
    assert f'href="{ACTIVITY}"' in html


def test_the_activity_page_is_paged_newest_first(signed_in, alice, frozen):
    _events(alice, PER_PAGE * 2 + 3, start=frozen)
    html = assert_shows(signed_in.get(ACTIVITY), "Page 1 of 3")
    assert html.count('class="security-event"') == PER_PAGE
    html = assert_shows(signed_in.get(ACTIVITY + "?page=3"), "Page 3 of 3")
    assert html.count('class="security-event"') == 3


def test_a_year_is_shown_and_nothing_older(signed_in, alice, frozen):
    _events(alice, 1, start=frozen - timedelta(days=364), device="Firefox on Windows")
    _events(alice, 1, start=frozen - timedelta(days=366), device="Opera on Linux")
    html = assert_shows(signed_in.get(ACTIVITY), "Signed in on Firefox on Windows")
    assert "Opera" not in html


def test_no_one_sees_anyone_elses_activity(frozen, client, alice, carol):
    _events(alice, 3, start=frozen, device="Firefox on Windows")
    client.force_login(carol)
    for url in (PROFILE, ACTIVITY):
        assert "Firefox on Windows" not in client.get(url).content.decode()


def test_an_empty_history_says_so_calmly(signed_in):
    assert_shows(signed_in.get(ACTIVITY), "Nothing in the last year yet.")
    assert_shows(signed_in.get(PROFILE), "Nothing yet. Sign-ins and changes will show here.")


def _count(client, url, *, shows=()) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert_shows(response, *shows)
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("url", [PROFILE, ACTIVITY])
def test_the_query_count_stays_flat_with_a_years_history(signed_in, alice, frozen, url):
    _events(alice, 3, start=frozen)
    small, _ = _count(signed_in, url)
    _events(
        alice,
        2000,
        start=frozen - timedelta(days=2),
        kind=Kind.SCOPES_GRANTED,
        detail="Bob",
        what="your plan",
    )
    large, sql = _count(
        signed_in, url + ("?page=7" if url == ACTIVITY else ""), shows=["Bob can now see your plan"]
    )
    assert large == small, sql
