import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from planner.models import PlanSettings, WelcomeBack
from tests.factories import AttemptFactory, CheckInFactory

HOME = reverse("planner:home")
WELCOME = reverse("planner:welcome_back")


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def test_returning_after_ten_quiet_days_is_welcomed_back_once(alice_client, alice):
    AttemptFactory(
        step__goal__owner=alice, step__title="Coffee with Sam", happened_at=_days_ago(12)
    )
    response = alice_client.get(HOME, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(WELCOME, 302)]
    assert "Welcome back, Alice" in html
    assert "Look at what got in the way" in html and "Pick a smaller next step" in html
    assert "Just carry on" in html and "Coffee with Sam" in html
    # Seen once: home is home again, on this return.
    assert alice_client.get(HOME).status_code == 200
    assert WelcomeBack.objects.filter(owner=alice).count() == 1


def test_there_is_no_counter_of_days_away_anywhere(alice_client, alice):
    AttemptFactory(step__goal__owner=alice, happened_at=_days_ago(23))
    html = alice_client.get(WELCOME).content.decode()
    # What a person reads, not ids in links or dates: no "23 days", no "streak".
    text = re.sub(r"<[^>]+>", " ", html).lower()
    assert not re.search(r"\b\d+\s+days?\b", text), text
    assert "streak" not in text and "missed" not in text


def test_a_recent_check_in_means_no_quiet_spell(alice_client, alice):
    AttemptFactory(step__goal__owner=alice, happened_at=_days_ago(20))
    CheckInFactory(owner=alice, created_at=_days_ago(2))
    assert alice_client.get(HOME).status_code == 200


def test_nine_days_away_goes_straight_home(alice_client, alice):
    AttemptFactory(step__goal__owner=alice, happened_at=_days_ago(9))
    assert alice_client.get(HOME).status_code == 200


def test_a_paused_plan_is_a_chosen_rest_and_not_greeted(alice_client, alice):
    AttemptFactory(step__goal__owner=alice, happened_at=_days_ago(30))
    PlanSettings.objects.create(owner=alice, paused_at=_days_ago(29))
    assert alice_client.get(HOME).status_code == 200


def test_a_second_quiet_spell_gets_its_own_welcome(alice_client, alice):
    step = AttemptFactory(step__goal__owner=alice, happened_at=_days_ago(40)).step
    alice_client.get(WELCOME)
    AttemptFactory(step=step, happened_at=_days_ago(15))
    assert alice_client.get(HOME)["Location"] == WELCOME


def test_a_new_person_is_never_welcomed_back(alice_client):
    assert alice_client.get(HOME).status_code == 200


def test_carol_is_not_greeted_for_alices_quiet_spell_nor_sees_her_steps(client, carol, alice):
    AttemptFactory(
        step__goal__owner=alice, step__title="Coffee with Dana", happened_at=_days_ago(12)
    )
    client.force_login(carol)
    assert client.get(HOME).status_code == 200
    assert "Coffee with Dana" not in client.get(WELCOME).content.decode()
