"""A supporter knows what they can't see (issue 16, item 5): each person's page lists
"Not shared with you", and an unshared page says kindly that it isn't shared, still
as a 404, while anyone without a live link gets the same page as for nothing at all."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from supporters.models import AccessLog, Scope, SupporterLink
from supporters.models.links import SCOPE_SHORT, SCOPE_THEIRS
from tests.factories import CheckInFactory, JournalEntryFactory
from tests.planner.safety_support import fill_plan
from tests.supporters.supporting_support import html_of, link_for

pytestmark = pytest.mark.django_db

KIND = "Alice isn't sharing this with you right now"
GENERIC = "We couldn't find that page"
SCOPED = {
    "plan": "supporting:plan",
    "practice": "supporting:practice",
    "checkins": "supporting:checkins",
    "safety": "supporting:safety",
    "journal": "supporting:journal",
    "report": "supporting:report",
}


def not_shared_line(html: str) -> str:
    found = re.search(r"Not shared with you:(.*?)</p>", html, re.S)
    assert found, "no 'Not shared with you' on the page"
    return " ".join(found.group(1).split())


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_person_page_lists_what_is_not_shared_in_plain_words(client, alice, bob):
    link_for(alice, bob, "plan", "practice", "checkins")
    client.force_login(bob)
    line = not_shared_line(html_of(client, reverse("supporting:person", args=[alice.pk])))

    assert "their safety plan" in line and "their journal" in line
    assert "each check-in (you see a weekly summary)" in line
    assert "when a step looks ready to move up" in line
    assert "their plan" not in line and "how their steps went" not in line


def test_a_person_who_shares_everything_has_nothing_listed(client, alice, bob):
    link_for(
        alice,
        bob,
        *SCOPED,
        checkins_shown=SupporterLink.CheckinsShown.EACH,
        share_readiness=True,
    )
    client.force_login(bob)
    html = html_of(client, reverse("supporting:person", args=[alice.pk]))
    assert "Not shared with you" not in html


def test_a_person_who_shares_nothing_lists_it_all_without_any_content(client, alice, bob):
    link_for(alice, bob)
    fill_plan(alice)
    JournalEntryFactory(owner=alice, text="Alice-only journal words")
    client.force_login(bob)
    html = html_of(client, reverse("supporting:person", args=[alice.pk]))
    line = not_shared_line(html)
    for words in ("their plan", "how their steps went", "their check-ins"):
        assert words in line
    assert "Alice-only journal words" not in html and "Staying in bed" not in html


@pytest.mark.parametrize("scope", SCOPED)
def test_a_linked_supporter_opening_an_unshared_page_is_told_kindly_with_a_404(
    client, alice, bob, scope
):
    others = [s for s in SCOPED if s != scope]
    link = link_for(alice, bob, *others)
    client.force_login(bob)
    response = client.get(reverse(SCOPED[scope], args=[alice.pk]))

    assert response.status_code == 404
    html = response.content.decode()
    assert KIND in html and GENERIC not in html
    assert f'href="{reverse("supporting:person", args=[alice.pk])}"' in html
    # Nothing was read, so nothing is on her access log.
    assert not AccessLog.objects.filter(link=link).exists()


def test_the_kind_page_shows_nothing_but_her_name(client, alice, bob):
    """The same page whether or not she has anything there: it leaks no content and
    not even whether the unshared part is empty."""
    link_for(alice, bob, "plan")
    client.force_login(bob)
    url = reverse("supporting:journal", args=[alice.pk])
    empty = main_of(client.get(url).content.decode())

    JournalEntryFactory(owner=alice, text="Alice-only journal words")
    CheckInFactory(owner=alice, note="Alice-only check-in note")
    fill_plan(alice)
    full = main_of(client.get(url).content.decode())

    assert full == empty
    assert "Alice-only" not in full


@pytest.mark.parametrize("ended_by", [SupporterLink.EndedBy.OWNER, SupporterLink.EndedBy.SUPPORTER])
def test_a_removed_link_gets_the_generic_page(client, alice, bob, ended_by):
    link_for(alice, bob, "plan", ended_at=timezone.now(), ended_by=ended_by)
    client.force_login(bob)
    for url_name in SCOPED.values():
        response = client.get(reverse(url_name, args=[alice.pk]))
        assert response.status_code == 404
        html = response.content.decode()
        assert GENERIC in html and "Alice" not in main_of(html)


def test_a_stranger_and_the_person_herself_get_the_generic_page(client, alice, carol):
    for viewer in (carol, alice):
        client.force_login(viewer)
        response = client.get(reverse("supporting:journal", args=[alice.pk]))
        assert response.status_code == 404
        html = response.content.decode()
        assert GENERIC in html and "sharing this with you" not in html


def test_a_person_who_does_not_exist_gets_the_generic_page(client, bob):
    client.force_login(bob)
    response = client.get(reverse("supporting:journal", args=[987654]))
    assert response.status_code == 404
    assert GENERIC in response.content.decode()


def test_every_scope_has_words_for_the_person_and_for_the_supporter():
    # A new scope (the clinician report, say) needs both, or "Not shared with you" breaks.
    assert set(SCOPE_SHORT) == set(SCOPE_THEIRS) == set(Scope)
