"""Text size (100%, 125%, 150%) and a readable font: saved on the profile, on every page."""

import re

import pytest
from django.urls import reverse

from accounts.models import User

PAGES = [
    "planner:home",
    "planner:week",
    "planner:goals",
    "planner:checkin",
    "planner:journal",
    "planner:progress",
    "planner:safety_plan",
    "accounts:profile",
    "reminders:page",
    "sharing:page",
    "supporting:dashboard",
]


def _profile_data(**changes) -> dict:
    data = {
        "display_name": "Alice",
        "timezone": "America/New_York",
        "locale": "en-US",
        "exit_url": "",
        "text_size": "100",
    }
    data.update(changes)
    return data


def _html_classes(html: str) -> list[str]:
    match = re.search(r"<html[^>]*\bclass=\"([^\"]*)\"", html)
    assert match, "the <html> element carries no class"
    return match.group(1).split()


def test_a_new_account_has_ordinary_text_and_the_usual_font(alice):
    alice = User.objects.get(pk=alice.pk)
    assert alice.text_size == 100
    assert alice.readable_font is False


@pytest.mark.parametrize("size", [100, 125, 150])
def test_the_profile_saves_each_text_size(alice_client, alice, size):
    response = alice_client.post(reverse("accounts:profile"), _profile_data(text_size=str(size)))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.text_size == size


def test_the_profile_turns_the_readable_font_on_and_off(alice_client, alice):
    alice_client.post(reverse("accounts:profile"), _profile_data(readable_font="on"))
    alice.refresh_from_db()
    assert alice.readable_font is True

    alice_client.post(reverse("accounts:profile"), _profile_data())
    alice.refresh_from_db()
    assert alice.readable_font is False


def test_a_text_size_we_do_not_offer_gets_a_kind_error_and_keeps_what_was_typed(
    alice_client, alice
):
    response = alice_client.post(
        reverse("accounts:profile"),
        _profile_data(text_size="175", display_name="Ali typed this", readable_font="on"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please choose one of the sizes shown" in html
    assert 'value="Ali typed this"' in html
    assert re.search(r'name="readable_font"[^>]*checked', html)
    alice.refresh_from_db()
    assert alice.text_size == 100
    assert alice.display_name != "Ali typed this"


def test_the_profile_offers_the_sizes_and_the_font(alice_client):
    html = alice_client.get(reverse("accounts:profile")).content.decode()

    for size in (100, 125, 150):
        assert f'name="text_size" value="{size}"' in html
    assert 'name="readable_font"' in html
    assert "Atkinson Hyperlegible" in html


@pytest.mark.parametrize("name", PAGES)
def test_every_page_carries_the_text_size_and_font_on_html(alice_client, alice, name):
    alice.text_size = 150
    alice.readable_font = True
    alice.save(update_fields=["text_size", "readable_font"])

    response = alice_client.get(reverse(name), follow=True)

    assert response.status_code == 200
    classes = _html_classes(response.content.decode())
    assert "text-150" in classes
    assert "font-readable" in classes


@pytest.mark.parametrize("name", ["planner:home", "accounts:profile"])
def test_by_default_pages_carry_ordinary_text_and_no_readable_font(alice_client, name):
    classes = _html_classes(alice_client.get(reverse(name), follow=True).content.decode())

    assert "text-100" in classes
    assert "font-readable" not in classes


def test_signed_out_pages_carry_ordinary_text(client):
    classes = _html_classes(client.get(reverse("planner:safety_plan")).content.decode())

    assert "text-100" in classes


def test_the_vendored_font_and_its_licence_are_in_static():
    from django.conf import settings

    fonts = settings.BASE_DIR / "static" / "fonts"
    assert (fonts / "atkinson-hyperlegible-latin-400-normal.woff2").stat().st_size > 1000
    assert (fonts / "atkinson-hyperlegible-latin-700-normal.woff2").stat().st_size > 1000
    assert "SIL OPEN FONT LICENSE" in (fonts / "OFL.txt").read_text().upper()


def test_a_profile_form_without_a_text_size_keeps_the_saved_one(alice_client, alice):
    alice.text_size = 125
    alice.save(update_fields=["text_size"])
    data = _profile_data()
    del data["text_size"]

    response = alice_client.post(reverse("accounts:profile"), data)

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.text_size == 125
