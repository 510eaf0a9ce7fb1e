"""Discreet mode on the pages: a neutral tab title and icon, and "Help now" for the safety link."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User

MAIN_PAGES = [
    "planner:home",
    "planner:week",
    "planner:goals",
    "planner:checkin",
    "planner:journal",
    "planner:progress",
    "planner:learn",
    "planner:grounding",
    "planner:safety_plan",
    "planner:contacts",
    "planner:exit_help",
    "accounts:profile",
    "reminders:page",
    "sharing:page",
    "supporting:dashboard",
]


def _page(client, name: str) -> str:
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200, f"{name} answered {response.status_code}"
    return response.content.decode()


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _safety_link(html: str) -> str:
    return re.search(r'<a class="safety-link"[^>]*>(.*?)</a>', html, re.S).group(0)


def _icon(html: str) -> str:
    return re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)


def _discreet(person: User, on: bool = True) -> User:
    person.discreet = on
    person.save(update_fields=["discreet"])
    return person


def test_discreet_is_off_for_a_new_account(alice):
    assert User.objects.get(pk=alice.pk).discreet is False


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_with_discreet_on_no_tab_title_says_stepwise(alice_client, alice, name):
    _discreet(alice)

    title = _title(_page(alice_client, name))

    assert "Stepwise" not in title
    assert "safety" not in title.lower()
    assert title == "Planner"


@pytest.mark.parametrize("name", ["planner:home", "planner:week", "planner:safety_plan"])
def test_with_discreet_on_the_safety_link_reads_help_now_at_the_same_address(
    alice_client, alice, name
):
    _discreet(alice)

    link = _safety_link(_page(alice_client, name))

    assert ">Help now</a>" in link
    assert f'href="{reverse("planner:safety_plan")}"' in link
    assert "Safety plan" not in link


def test_with_discreet_on_the_favicon_is_the_neutral_one(alice_client, alice):
    _discreet(alice)

    icon = _icon(_page(alice_client, "planner:home"))

    assert icon.endswith("/favicon-plain.svg")


def test_the_neutral_favicon_is_a_small_svg_in_static():
    from django.conf import settings

    svg = (settings.BASE_DIR / "static" / "favicon-plain.svg").read_text()
    assert svg.startswith("<svg") and len(svg) < 1000
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize("name", ["planner:home", "planner:safety_plan", "accounts:profile"])
def test_with_discreet_off_every_page_looks_as_before(alice_client, name):
    html = _page(alice_client, name)

    assert _title(html).endswith("· Stepwise")
    assert ">Safety plan</a>" in _safety_link(html)
    assert _icon(html).endswith("/favicon.svg")


def test_signed_out_pages_look_as_before(client):
    html = _page(client, "planner:safety_plan")

    assert _title(html).endswith("· Stepwise")
    assert ">Safety plan</a>" in _safety_link(html)


def test_discreet_costs_no_extra_query(alice_client, alice):
    url = reverse("planner:home")
    alice_client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as off:
        assert alice_client.get(url).status_code == 200
    _discreet(alice)
    alice_client.get(url)  # discreet renders its own cached parts (common.fragments) once
    with CaptureQueriesContext(connection) as on:
        assert alice_client.get(url).status_code == 200
    assert len(on) == len(off), "\n".join(q["sql"] for q in on.captured_queries)


# --- Turning it on and off ------------------------------------------------------------
def test_the_profile_offers_discreet_mode_with_one_plain_sentence(alice_client):
    html = _page(alice_client, "accounts:profile")

    assert 'name="discreet"' in html
    assert "Discreet mode" in html
    assert "Planner" in html and "Help now" in html


def test_saving_the_profile_turns_discreet_mode_on_and_off(alice_client, alice):
    data = {
        "display_name": "Alice",
        "timezone": "America/New_York",
        "locale": "en-US",
        "exit_url": "",
        "discreet": "on",
    }
    response = alice_client.post(reverse("accounts:profile"), data)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.discreet is True

    del data["discreet"]
    alice_client.post(reverse("accounts:profile"), data)
    alice.refresh_from_db()
    assert alice.discreet is False


def test_the_safety_plan_page_offers_discreet_mode_as_a_small_form(alice_client, alice):
    html = _page(alice_client, "planner:safety_plan")

    assert f'action="{reverse("accounts:discreet")}"' in html

    response = alice_client.post(
        reverse("accounts:discreet"), {"discreet": "on", "next": reverse("planner:safety_plan")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("planner:safety_plan")
    alice.refresh_from_db()
    assert alice.discreet is True
    assert ">Help now</a>" in _page(alice_client, "planner:safety_plan")


def test_the_discreet_form_turns_it_off_and_never_redirects_off_site(alice_client, alice):
    _discreet(alice)

    response = alice_client.post(reverse("accounts:discreet"), {"next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    alice.refresh_from_db()
    assert alice.discreet is False


def test_the_discreet_form_takes_only_a_post(alice_client):
    assert alice_client.get(reverse("accounts:discreet")).status_code == 405


def test_the_discreet_form_asks_a_signed_out_visitor_to_sign_in(client):
    response = client.post(reverse("accounts:discreet"), {"discreet": "on"})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "/accounts/" in response["Location"]


@pytest.mark.parametrize("name", ["planner:home", "planner:week", "planner:goals"])
def test_with_discreet_on_the_header_and_footer_do_not_name_stepwise(alice_client, alice, name):
    # A watched screen shows the header and footer as plainly as the tab.
    _discreet(alice)

    html = _page(alice_client, name)

    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    footer = html[html.index('<footer class="site-footer">') : html.index("</footer>")]
    assert ">Planner</a>" in header
    assert "Stepwise" not in header and "Stepwise" not in footer


def test_with_discreet_off_the_header_and_footer_name_stepwise(alice_client):
    html = _page(alice_client, "planner:home")

    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert ">Stepwise</a>" in header
    assert "About Stepwise</a>" in html[html.index('<footer class="site-footer">') :]


def test_onboarding_offers_discreet_mode_before_anything_is_written(alice_client, alice):
    html = _page(alice_client, "planner:onboarding")
    assert reverse("accounts:discreet") in html
    assert "Turn discreet mode on" in html

    alice_client.post(
        reverse("accounts:discreet"), {"discreet": "on", "next": reverse("planner:onboarding")}
    )

    alice.refresh_from_db()
    assert alice.discreet is True
    assert "Turn discreet mode off" in _page(alice_client, "planner:onboarding")
