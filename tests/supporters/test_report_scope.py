"""The report as a scope of its own, for a clinician (issue 16, item 8).

The matrix (tests/test_access_matrix.py) proves who gets 404; here, what the page
holds for each grant, and what the person's access log says about it.
"""

import pytest
from django.urls import reverse

from supporters.models import AccessLog
from tests.planner.test_report import EVERYTHING, may, query  # noqa: F401 (the fixture)
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.django_db


def url_for(owner) -> str:
    return reverse("supporting:report", kwargs={"owner_id": owner.pk})


def rows_about(owner) -> list[tuple[str, str, list[str]]]:
    return [
        (r.kind, r.scope, r.scopes) for r in AccessLog.objects.filter(owner=owner).order_by("pk")
    ]


@pytest.mark.usefixtures("may")
def test_the_report_scope_shows_the_report_without_the_safety_plan_or_journal(client, alice, bob):
    link_for(alice, bob, "report", relationship="clinician")
    client.force_login(bob)

    response = client.get(url_for(alice), query(EVERYTHING[:-1]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    for words in (
        "Hum along at the back",
        "<td>70</td><td>35</td>",
        "Stayed for the whole rehearsal",
        "Published cut-off: under 12",
    ):
        assert words in html, words
    assert "Staying in bed past noon" not in html
    assert "Journal words no report shows" not in html
    assert 'value="safety"' not in html  # not even offered
    assert rows_about(alice) == [("page", "report", ["report"])]


@pytest.mark.usefixtures("may")
def test_asking_for_the_safety_plan_without_its_scope_is_refused_kindly(client, alice, bob):
    link_for(alice, bob, "report")
    client.force_login(bob)

    html = client.get(url_for(alice), query(EVERYTHING)).content.decode()

    assert "Please tick only the things listed." in html
    assert "Staying in bed past noon" not in html
    assert "Hum along at the back" not in html


@pytest.mark.usefixtures("may")
def test_with_the_safety_scope_too_the_plan_is_in_it_and_the_log_says_so(
    client,
    alice,
    bob,
    frozen,
):
    link_for(alice, bob, "report", "safety", relationship="clinician")
    client.force_login(bob)

    # Opened with nothing chosen: the last three months in Alice's zone, everything shared.
    html = client.get(url_for(alice)).content.decode()

    assert 'name="start" value="2026-03-11"' in html
    assert "Staying in bed past noon" in html and "Stayed for the whole rehearsal" in html
    assert "Journal words no report shows" not in html
    assert rows_about(alice) == [("page", "report", ["safety", "report"])]
    client.get(url_for(alice), query(["wins"]))
    assert rows_about(alice)[-1] == ("page", "report", ["report"])


def test_the_person_page_offers_the_report_only_when_shared(client, alice, bob, carol):
    link_for(alice, bob, "report")
    link_for(alice, carol, "plan")
    person = reverse("supporting:person", kwargs={"owner_id": alice.pk})

    client.force_login(bob)
    assert url_for(alice) in client.get(person).content.decode()
    client.force_login(carol)
    assert url_for(alice) not in client.get(person).content.decode()
    assert client.get(url_for(alice)).status_code == 404


def test_the_sharing_page_offers_the_report_scope(alice_client, alice, bob):
    link = link_for(alice, bob, "plan")
    html = alice_client.get(reverse("sharing:page")).content.decode()

    assert f'id="supporter-{link.pk}-scope_report"' in html
    assert "never your journal or notes" in html
    response = alice_client.post(
        reverse("sharing:supporter", kwargs={"pk": link.pk}),
        {"scope_plan": "on", "scope_report": "on"},
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.granted_scopes == ["plan", "report"]
