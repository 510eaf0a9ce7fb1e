"""A form's "next" field sends the person back only to a page of ours.

Found by tests/common/test_hostile_input.py: a "next" with no slash and no dot
("profile", or markup) passed the host check, and Django's redirect() then took it
for a URL name to reverse, which answered 500.
"""

import pytest
from django.urls import reverse

from tests.factories import GoalFactory, TrustedContactFactory, ValueFactory

pytestmark = pytest.mark.django_db


FORMS = ("discreet", "measures_later", "goal_status", "contact_agreed")


def _form(name, alice):
    """(where the form posts, what it sends, where it goes back to without a "next")."""
    if name == "discreet":
        return reverse("accounts:discreet"), {"discreet": "on"}, reverse("accounts:profile")
    if name == "measures_later":
        return reverse("planner:measures_later"), {}, reverse("planner:progress")
    if name == "goal_status":
        goal = GoalFactory(owner=alice, value=ValueFactory(owner=alice))
        back = reverse("planner:goal_detail", args=[goal.pk])
        return reverse("planner:goal_status", args=[goal.pk]), {"status": "paused"}, back
    contact = TrustedContactFactory(owner=alice)
    agreed = reverse("planner:contact_agreed", args=[contact.pk])
    return agreed, {"agreed": "yes"}, reverse("planner:contacts")


@pytest.mark.parametrize("target", ["profile", '"><svg onload=alert(1)>', "https://evil.example/"])
@pytest.mark.parametrize("name", FORMS)
def test_a_next_that_is_not_a_path_of_ours_goes_to_the_usual_page(
    alice_client, alice, name, target
):
    url, data, usual = _form(name, alice)

    response = alice_client.post(url, {**data, "next": target})

    assert (response.status_code, response["Location"]) == (302, usual)


@pytest.mark.parametrize("name", FORMS)
def test_a_next_that_is_a_path_of_ours_is_followed(alice_client, alice, name):
    url, data, _usual = _form(name, alice)

    response = alice_client.post(url, {**data, "next": "/week/"})

    assert (response.status_code, response["Location"]) == (302, "/week/")
