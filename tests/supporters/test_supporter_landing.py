"""Where a supporter lands: someone who supports a person and keeps no plan of their own
signs in to the people they support, not to an empty self-help home (issue 16, item 5).

"No plan of their own" means no value, goal, check-in or journal entry of their own
(planner.selectors.own_plan): the things onboarding and daily use create.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    PASSWORD,
    CheckInFactory,
    GoalFactory,
    JournalEntryFactory,
    ValueFactory,
)
from tests.supporters.supporting_support import link_for

pytestmark = pytest.mark.django_db

HOME = reverse("planner:home")
DASHBOARD = reverse("supporting:dashboard")


def sign_in(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    return response


def test_a_supporter_without_a_plan_lands_on_the_people_they_support_after_signing_in(
    client, alice, bob
):
    link_for(alice, bob, "plan")
    response = sign_in(client, bob)

    assert response.redirect_chain[-1][0] == DASHBOARD
    assert "People you support" in response.content.decode()
    assert "Alice" in response.content.decode()


def test_opening_home_takes_him_to_the_people_he_supports(client, alice, bob):
    link_for(alice, bob)  # shares nothing yet: he still supports her
    client.force_login(bob)
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == DASHBOARD


def test_his_supporting_page_offers_his_own_space_and_it_stays_his_for_the_visit(
    client, alice, bob
):
    link_for(alice, bob, "plan")
    client.force_login(bob)
    html = client.get(DASHBOARD).content.decode()
    assert "Stepwise is yours too" in html
    assert f'href="{reverse("planner:onboarding")}"' in html
    assert f'href="{HOME}?own=1"' in html

    own = client.get(HOME, {"own": "1"})
    assert own.status_code == 200
    assert "Welcome, Bob" in own.content.decode()
    # Chosen once, "Home" stays his own for the rest of the visit.
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(
    "make",
    [
        lambda person: ValueFactory(owner=person),
        lambda person: GoalFactory(owner=person),
        lambda person: CheckInFactory(owner=person),
        lambda person: JournalEntryFactory(owner=person),
    ],
    ids=["a value", "a goal", "a check-in", "a journal entry"],
)
def test_a_supporter_with_a_plan_of_their_own_keeps_their_home(client, alice, bob, make):
    link_for(alice, bob, "plan")
    make(bob)
    client.force_login(bob)

    response = client.get(HOME)
    assert response.status_code == 200
    assert "Welcome, Bob" in response.content.decode()
    assert "Stepwise is yours too" not in client.get(DASHBOARD).content.decode()


def test_an_ended_link_leaves_home_as_it_is(client, alice, bob):
    link_for(alice, bob, "plan", ended_at=timezone.now())
    client.force_login(bob)
    assert client.get(HOME).status_code == 200


def test_someone_who_supports_no_one_keeps_their_home(client, carol):
    client.force_login(carol)
    assert client.get(HOME).status_code == 200


def test_the_person_being_supported_keeps_her_home(client, alice, bob):
    # Alice has no plan yet either, but she is the one being supported, not a supporter.
    link_for(alice, bob, "plan")
    client.force_login(alice)
    assert client.get(HOME).status_code == 200
