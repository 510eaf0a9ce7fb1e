"""A password-reset link works for an hour; an older one gets a kind page and a way on."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "new-gentle-path-31"


def _reset_link(client, frozen) -> str:
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    (message,) = mail.outbox
    assert "The link works once, for an hour." in message.body
    return re.search(r"https?://\S+", message.body).group(0)


def _use(client, link):
    """Open the link and, if it offers a form, choose the new password there."""
    page = client.get(link, follow=True)
    if "This link has expired" in page.content.decode():
        return page
    return client.post(
        page.redirect_chain[-1][0], {"password1": NEW, "password2": NEW}, follow=True
    )


def test_a_link_is_still_good_after_59_minutes(client, alice, frozen):
    link = _reset_link(client, frozen)
    with time_machine.travel(frozen + timedelta(minutes=59)):
        _use(client, link)
    alice.refresh_from_db()
    assert alice.check_password(NEW)


def test_a_61_minute_old_link_is_refused_kindly_with_a_way_to_a_new_one(client, alice, frozen):
    link = _reset_link(client, frozen)
    with time_machine.travel(frozen + timedelta(minutes=61)):
        page = _use(client, link)
    html = page.content.decode()
    assert page.status_code == 200 and "This link has expired" in html
    assert "Reset links work once, for an hour" in html
    assert f'href="{reverse("account_reset_password")}">Ask for a new one' in html
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
