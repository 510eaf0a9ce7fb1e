"""Seeing where you are signed in and ending the other sessions, with real browsers
(each test Client keeps its own cookies), issue 13 part 4."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services.sessions import end_all_sessions, end_other_sessions
from accounts.tasks import sessions_clear
from tests.accounts.reauth_support import reauthenticate
from tests.accounts.sessions_support import LAPTOP, PHONE, TABLET, device, sign_in, signed_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
PAGE = "accounts:sessions"


def _session_of(client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


@pytest.fixture
def laptop(alice):
    # Ending a session asks for the password again (allauth's 5 minutes): given here.
    browser = device(LAPTOP, "203.0.113.10")
    sign_in(browser, alice)
    reauthenticate(browser)
    return browser


@pytest.fixture
def phone(alice):
    browser = device(PHONE, "198.51.100.23")
    sign_in(browser, alice)
    return browser


def test_the_page_names_each_device_where_and_when_it_was_last_seen(alice):
    # Alice lives in New York: 16:00 UTC is noon there (June, daylight time).
    with time_machine.travel(datetime(2026, 6, 10, 16, 0, tzinfo=UTC), tick=False):
        laptop = device(LAPTOP, "203.0.113.10")
        sign_in(laptop, alice)
        phone = device(PHONE, "198.51.100.23")
        sign_in(phone, alice)
        html = laptop.get(reverse(PAGE)).content.decode()

    assert "Where you’re signed in" in html
    assert "Chrome on Android" in html
    assert "Firefox on Windows" in html
    assert "198.51.100.23" in html and "203.0.113.10" in html
    assert "10 June 2026, 12:00" in html  # her own time zone, not the server's
    assert html.count("This device") == 1
    assert (
        html.index("Firefox on Windows")
        < html.index("This device")
        < html.index("Chrome on Android")
    )


def test_a_browser_that_does_not_say_what_it_is_is_an_unknown_device(alice):
    browser = device("", "192.0.2.5")
    sign_in(browser, alice)

    assert "An unknown device" in browser.get(reverse(PAGE)).content.decode()


def test_the_profile_links_to_where_you_are_signed_in(alice_client):
    html = alice_client.get(reverse("accounts:profile")).content.decode()

    assert reverse(PAGE) in html


def test_ending_one_other_session_signs_that_device_out_on_its_next_request(alice, laptop, phone):
    tablet = device(TABLET, "192.0.2.7")
    sign_in(tablet, alice)
    response = laptop.post(
        reverse("accounts:session_end", args=[_session_of(phone).pk]), follow=True
    )

    assert "Chrome on Android is signed out." in response.content.decode()
    assert not signed_in(phone)
    assert signed_in(laptop) and signed_in(tablet)
    assert "Chrome on Android" not in laptop.get(reverse(PAGE)).content.decode()


def test_signing_out_everywhere_else_keeps_only_this_device(alice, laptop, phone):
    tablet = device(TABLET, "192.0.2.7")
    sign_in(tablet, alice)

    response = laptop.post(reverse("accounts:sessions_end_others"), follow=True)

    assert "signed out everywhere else" in response.content.decode()
    assert signed_in(laptop)
    assert not signed_in(phone) and not signed_in(tablet)
    assert list(UserSession.objects.filter(user=alice)) == [_session_of(laptop)]


def test_this_device_cannot_be_ended_from_the_list(alice, laptop):
    # Signing out of this device is the sign-out button; here it is not someone else's.
    response = laptop.post(reverse("accounts:session_end", args=[_session_of(laptop).pk]))

    assert response.status_code == 404
    assert signed_in(laptop)


def test_someone_elses_session_is_not_found_and_stays_signed_in(alice, carol, phone):
    stranger = device(LAPTOP, "192.0.2.99")
    sign_in(stranger, carol)
    reauthenticate(stranger)
    alices = _session_of(phone)

    assert stranger.post(reverse("accounts:session_end", args=[alices.pk])).status_code == 404
    assert stranger.post(reverse("accounts:session_end", args=[alices.pk + 999])).status_code == 404
    assert signed_in(phone)
    assert "198.51.100.23" not in stranger.get(reverse(PAGE)).content.decode()


def test_changing_the_password_signs_out_every_other_device(alice, laptop, phone):
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "new-quiet-harbour-7",
            "password2": "new-quiet-harbour-7",
        },
    )

    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
    # Gone from the list and from the server, not only refused by a stale hash.
    assert [s.user_agent for s in UserSession.objects.filter(user=alice)] == [LAPTOP]
    assert Session.objects.count() == 1


@pytest.mark.parametrize("login_on_reset", [True, False])
def test_resetting_the_password_signs_out_every_device(
    alice, laptop, phone, settings, login_on_reset
):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
    old = [laptop.session.session_key, phone.session.session_key]
    anyone = device(TABLET, "192.0.2.7")
    anyone.post(reverse("account_reset_password"), {"email": alice.email})
    link = next(w for w in mail.outbox[-1].body.split() if "/password/reset/key/" in w)
    form = anyone.get(link, follow=True)
    anyone.post(
        form.redirect_chain[-1][0],
        {"password1": "new-quiet-harbour-7", "password2": "new-quiet-harbour-7"},
    )

    # Ended on the server, not only refused by a stale password hash on their next visit.
    assert not Session.objects.filter(session_key__in=old).exists()
    assert not UserSession.objects.filter(session_key__in=old).exists()
    assert not signed_in(laptop) and not signed_in(phone)
    # The reset signs in here when ACCOUNT_LOGIN_ON_PASSWORD_RESET says so (it does).
    assert signed_in(anyone) is login_on_reset


@pytest.fixture
def mfa_signals():
    from allauth.mfa import signals

    return signals


@pytest.mark.parametrize(
    "name", ["authenticator_added", "authenticator_removed", "authenticator_reset"]
)
def test_a_two_factor_change_signs_out_every_other_device(
    alice, laptop, phone, name, rf, mfa_signals
):
    # Sent as allauth.mfa sends it (request, user, authenticator), from the laptop.
    request = rf.post("/")
    request.session = laptop.session
    request.user = alice
    getattr(mfa_signals, name).send(
        sender=Authenticator,
        request=request,
        user=alice,
        authenticator=Authenticator(user=alice, type=Authenticator.Type.TOTP),
    )

    assert signed_in(laptop)
    assert not signed_in(phone)


def test_end_all_sessions_signs_out_everywhere(alice, laptop, phone):
    assert end_all_sessions(alice) == 2

    assert not signed_in(laptop) and not signed_in(phone)
    assert not UserSession.objects.filter(user=alice).exists()


def test_end_other_sessions_keeps_the_one_named(alice, carol, laptop, phone):
    stranger = device()
    sign_in(stranger, carol)

    assert end_other_sessions(alice, laptop.session.session_key) == 1

    assert signed_in(laptop) and not signed_in(phone)
    assert signed_in(stranger)  # nobody else's sessions are touched


def test_an_ended_session_that_comes_back_is_counted_once(alice, laptop, phone):
    # Ending twice (two tabs pressing the button) is calm, not an error.
    pk = _session_of(phone).pk
    laptop.post(reverse("accounts:session_end", args=[pk]))
    assert laptop.post(reverse("accounts:session_end", args=[pk])).status_code == 404
    assert signed_in(laptop)


def test_the_page_asks_a_signed_out_visitor_to_sign_in(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_list_leaves_out_a_session_that_idled_out(alice, laptop):
    with time_machine.travel(datetime.now(UTC) - timedelta(hours=2), tick=False):
        stale = device(PHONE, "198.51.100.23")
        sign_in(stale, alice)

    assert "Chrome on Android" not in laptop.get(reverse(PAGE)).content.decode()


def test_the_daily_clear_removes_rows_whose_session_has_gone(alice, laptop, phone):
    Session.objects.filter(session_key=phone.session.session_key).delete()

    sessions_clear()

    assert list(UserSession.objects.filter(user=alice)) == [_session_of(laptop)]


def test_the_page_costs_the_same_queries_however_many_sessions(alice, laptop, phone):
    def queries_for_page():
        laptop.get(reverse(PAGE))  # any once-a-minute activity write happens here
        with CaptureQueriesContext(connection) as queries:
            assert laptop.get(reverse(PAGE)).status_code == 200
        return [q["sql"] for q in queries]

    few = queries_for_page()
    for n in range(5):
        sign_in(device(TABLET, f"192.0.2.{n + 20}"), alice)
    many = queries_for_page()

    assert len(many) == len(few), "\n".join(many)


def test_signing_out_elsewhere_shows_on_the_account_activity(alice, laptop, phone):
    tablet = device(TABLET, "192.0.2.7")
    sign_in(tablet, alice)
    laptop.post(reverse("accounts:session_end", args=[_session_of(phone).pk]))
    laptop.post(reverse("accounts:sessions_end_others"))

    page = laptop.get(reverse("accounts:activity")).content.decode()
    ended = alice.security_events.filter(kind="sessions_ended").order_by("at", "pk")
    assert [event.what for event in ended] == ["Chrome on Android", "1 device"]
    assert "Signed out on other devices (1 device)" in page


def test_ending_a_session_asks_for_the_password_first(alice, phone):
    # Someone at Alice's unattended laptop, signed in an hour ago.
    laptop = device(LAPTOP, "203.0.113.10")
    sign_in(laptop, alice)

    response = laptop.post(reverse("accounts:session_end", args=[_session_of(phone).pk]))
    everywhere = laptop.post(reverse("accounts:sessions_end_others"))

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert everywhere["Location"].startswith(reverse("account_reauthenticate"))
    assert signed_in(phone)
