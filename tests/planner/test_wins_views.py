from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.models import Attempt, Win
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    TrustedContactFactory,
    WinFactory,
)
from tests.pages import assert_shows

URL = reverse("planner:wins")


def test_recent_steps_good_days_and_new_people_are_offered_as_wins(alice_client, alice):
    AttemptFactory(step__goal__owner=alice, step__title="Coffee with Sam")
    CheckInFactory(owner=alice, mood=5, note="Lunch with my brother")
    yesterday = rules.local_date(timezone.now(), alice.zone) - timedelta(days=1)
    CheckInFactory(owner=alice, mood=2, period_start=yesterday)
    TrustedContactFactory(owner=alice, name="Aoife")
    html = alice_client.get(URL).content.decode()
    assert "Coffee with Sam" in html and "Lunch with my brother" in html and "Aoife" in html
    assert html.count("Keep as a win") == 3  # the low day is not offered


def test_keeping_an_attempt_as_a_win_twice_keeps_it_once(alice_client, alice):
    attempt = AttemptFactory(step__goal__owner=alice, step__title="Coffee with Sam")
    url = reverse("planner:win_from_attempt", args=[attempt.pk])
    alice_client.post(url)
    response = alice_client.post(url, follow=True)
    assert Win.objects.filter(owner=alice).count() == 1
    assert "“Coffee with Sam” is kept as a win." in response.content.decode()


def test_a_win_in_your_own_words_is_kept_and_shown_escaped(alice_client, alice):
    alice_client.post(reverse("planner:win_add"), {"text": "Said <b>hi</b> to a neighbour"})
    html = alice_client.get(URL).content.decode()
    assert "Said &lt;b&gt;hi&lt;/b&gt; to a neighbour" in html


def test_an_empty_win_gets_a_kind_message_and_changes_nothing(alice_client, alice):
    response = alice_client.post(reverse("planner:win_add"), {"text": "   "})
    assert "Please write a few words about it first." in response.content.decode()
    assert not Win.objects.exists()


def test_a_too_long_win_keeps_what_was_typed(alice_client):
    text = "a" * 1001
    html = alice_client.post(reverse("planner:win_add"), {"text": text}).content.decode()
    assert text in html and "under 1000 characters" in html


def test_htmx_swaps_just_the_wins_region(alice_client, alice):
    attempt = AttemptFactory(step__goal__owner=alice)
    response = alice_client.post(
        reverse("planner:win_from_attempt", args=[attempt.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="wins-region"') and "<html" not in html
    assert "is kept as a win" in html


def test_taking_a_win_off_the_list_leaves_the_attempt(alice_client, alice):
    attempt = AttemptFactory(step__goal__owner=alice)
    win = WinFactory(owner=alice, attempt=attempt)
    alice_client.post(reverse("planner:win_remove", args=[win.pk]))
    assert not Win.objects.exists() and Attempt.objects.filter(pk=attempt.pk).exists()


def test_the_home_page_shows_the_latest_win(alice_client, alice):
    WinFactory(owner=alice, text="Older win", happened_at=timezone.now() - timedelta(days=3))
    WinFactory(owner=alice, text="Went to the library")
    html = alice_client.get(reverse("planner:home")).content.decode()
    assert "A recent win" in html and "Went to the library" in html and "Older win" not in html


def test_carol_gets_404_for_alices_moments_and_wins(client, carol, alice):
    attempt = AttemptFactory(step__goal__owner=alice)
    checkin = CheckInFactory(owner=alice, mood=5)
    contact = TrustedContactFactory(owner=alice)
    win = WinFactory(owner=alice, text="Alice's private win")
    client.force_login(carol)
    for name, pk in [
        ("win_from_attempt", attempt.pk),
        ("win_from_checkin", checkin.pk),
        ("win_from_contact", contact.pk),
        ("win_remove", win.pk),
    ]:
        assert client.post(reverse(f"planner:{name}", args=[pk])).status_code == 404
    assert "Alice's private win" not in client.get(URL).content.decode()
    assert Win.objects.count() == 1


def test_the_wins_page_costs_the_same_queries_with_a_long_history(alice_client, alice):
    AttemptFactory(step__goal__owner=alice)
    WinFactory(owner=alice)
    with CaptureQueriesContext(connection) as few:
        assert_shows(alice_client.get(URL))
    for _ in range(30):
        AttemptFactory(step__goal__owner=alice)
        newest = WinFactory(owner=alice)
        TrustedContactFactory(owner=alice)
    with CaptureQueriesContext(connection) as many:
        response = alice_client.get(URL)
    assert_shows(response, newest.text)
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
