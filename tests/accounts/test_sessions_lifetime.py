"""How long a sign-in lasts: until the browser closes and 30 idle minutes, or up to
30 days when the person ticks "keep me signed in" (issue 13, part 4).

Time moves with time_machine, never by waiting."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services.sessions import session_idle_expired, session_remember, session_signed_in
from tests.accounts.sessions_support import device, session_cookie, sign_in, signed_in
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
IDLE_MESSAGE = "You were signed out after 30 minutes without activity, to keep your plan private."


@pytest.fixture
def clock():
    """The clock stopped at NOW; `clock.shift(timedelta)` moves it on."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_without_keep_me_signed_in_the_cookie_ends_with_the_browser(clock, alice):
    response = sign_in(device(), alice)

    cookie = session_cookie(response)
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_a_sign_in_through_a_password_reset_also_ends_with_the_browser(clock, alice):
    # Sign-ins that have no tick box (a reset link, a confirmed email) are not remembered.
    from django.core import mail

    browser = device()
    browser.post(reverse("account_reset_password"), {"email": alice.email})
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line
    ).strip()
    form = browser.get(link, follow=True)
    response = browser.post(
        form.redirect_chain[-1][0],
        {"password1": "new-quiet-harbour-7", "password2": "new-quiet-harbour-7"},
    )

    assert response.status_code == 302
    cookie = session_cookie(response)
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_after_30_idle_minutes_the_next_request_signs_out_calmly(clock, alice):
    browser = device()
    sign_in(browser, alice)
    assert signed_in(browser)

    clock.shift(timedelta(minutes=31, seconds=30))
    response = browser.get(reverse("planner:week"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "next=" in response.redirect_chain[-1][0]
    assert IDLE_MESSAGE in response.content.decode()
    assert not signed_in(browser)


def test_the_session_is_gone_from_the_server_too_not_only_refused(clock, alice):
    browser = device()
    sign_in(browser, alice)
    key = browser.session.session_key

    clock.shift(timedelta(minutes=32))
    browser.get(reverse("planner:home"))

    assert not Session.objects.filter(session_key=key).exists()


def test_activity_keeps_a_session_signed_in_well_past_30_minutes(clock, alice):
    browser = device()
    sign_in(browser, alice)

    for _ in range(8):  # two hours, a request every quarter of an hour
        clock.shift(timedelta(minutes=15))
        assert signed_in(browser)


def test_29_quiet_minutes_do_not_sign_anyone_out(clock, alice):
    browser = device()
    sign_in(browser, alice)
    clock.shift(timedelta(minutes=29))

    assert signed_in(browser)


def test_the_idle_limit_is_a_setting(clock, alice, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=10)
    browser = device()
    sign_in(browser, alice)
    clock.shift(timedelta(minutes=12))

    response = browser.get(reverse("planner:home"), follow=True)
    assert "signed out after 10 minutes without activity" in response.content.decode()


def test_keep_me_signed_in_lasts_30_days_however_busy_not_longer(clock, alice):
    browser = device()
    response = sign_in(browser, alice, remember=True)

    assert int(session_cookie(response)["max-age"]) == 30 * 24 * 3600
    # Idle hours do not matter with the tick: the person chose this device.
    clock.shift(timedelta(hours=20))
    assert signed_in(browser)
    # Used every day, it still ends 30 days after signing in: the limit does not slide.
    for _ in range(29):
        clock.shift(timedelta(days=1))
        assert signed_in(browser)
    clock.shift(timedelta(hours=3))  # 29 days and 23 hours
    assert signed_in(browser)
    clock.shift(timedelta(hours=2))
    assert not signed_in(browser)


def test_the_sign_in_page_says_what_the_tick_box_means(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "Keep me signed in on this device" in html
    assert (
        "Stay signed in on this device for up to 30 days. Leave this off on a shared computer."
        in html
    )


def test_signing_in_gives_the_browser_a_new_session_key(client, alice):
    # A key planted before sign-in (session fixation) must not be the signed-in one.
    session = client.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = planted

    sign_in(client, alice)

    assert client.session.session_key != planted
    assert client.session.get("planted") is True  # same browser, new key
    assert not Session.objects.filter(session_key=planted).exists()


def test_activity_is_written_at_most_once_a_minute(clock, alice):
    # Every request writing its session and its "last seen" row would double the
    # writes of a busy person for nothing; once a minute is plenty for 30 minutes.
    browser = device()
    sign_in(browser, alice)
    clock.shift(timedelta(minutes=2))
    browser.get(reverse("accounts:profile"))  # the once-a-minute write

    writes = []
    for _ in range(5):
        clock.shift(timedelta(seconds=10))
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(reverse("accounts:profile")).status_code == 200
        writes += [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    assert writes == []

    clock.shift(timedelta(seconds=20))
    with CaptureQueriesContext(connection) as queries:
        browser.get(reverse("accounts:profile"))
    updated = " ".join(q["sql"] for q in queries if q["sql"].startswith("UPDATE"))
    assert "django_session" in updated and "usersessions_usersession" in updated


def test_an_htmx_request_after_idling_takes_the_whole_page_to_sign_in(clock, alice):
    # Not the sign-in form swapped into a corner of the page.
    browser = device()
    sign_in(browser, alice)
    clock.shift(timedelta(minutes=45))

    response = browser.get(reverse("planner:week"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("account_login"))
    assert IDLE_MESSAGE in browser.get(response["HX-Redirect"]).content.decode()


def test_after_idling_the_safety_plan_still_opens_signed_out(clock, alice):
    # Someone in a hard moment must not meet a sign-in form on the way to crisis lines.
    browser = device()
    sign_in(browser, alice)
    clock.shift(timedelta(hours=2))

    response = browser.get(reverse("planner:safety_plan"))

    assert response.status_code == 200
    assert IDLE_MESSAGE in response.content.decode()
    assert not signed_in(browser)


def test_a_tick_from_an_earlier_attempt_does_not_carry_over(now):
    # The same browser session: ticked at a password step whose two-factor step was
    # left unfinished, then signed in without the tick.
    session = SessionStore()
    session_remember(session, remember=True, now=now)

    session_remember(session, remember=False, now=now)

    assert session.get_expire_at_browser_close()
    session_signed_in(session, now=now)
    assert session_idle_expired(session, now=now + timedelta(minutes=32))


def test_a_browser_only_sign_in_ends_12_hours_after_it_began_however_busy(clock, alice):
    browser = device()
    sign_in(browser, alice)
    for _ in range(12 * 3):  # a page every 20 minutes, all day
        clock.shift(timedelta(minutes=20))
        assert signed_in(browser)

    clock.shift(timedelta(minutes=20))
    response = browser.get(reverse("planner:safety_plan"))

    assert "You were signed out 12 hours after signing in" in response.content.decode()
    assert not signed_in(browser)


def test_a_remembered_sign_in_is_not_cut_at_12_hours(clock, alice):
    browser = device()
    sign_in(browser, alice, remember=True)
    clock.shift(timedelta(hours=13))

    assert signed_in(browser)
