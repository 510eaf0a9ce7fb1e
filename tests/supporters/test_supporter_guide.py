import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GUIDE = reverse("supporting:guide")


def test_the_guide_opens_for_anyone_signed_out_so_the_invitation_can_link_it(client):
    response = client.get(GUIDE)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Be steadily there",
        "Let it take the time it takes",
        "Praise showing up, not how it went",
        "After a hard attempt",
        "Respect pauses and quiet time",
        "Look after yourself too",
    ):
        assert heading in html
    assert "Back to the people you support" not in html


def test_the_guide_speaks_warmly_without_shame_words(client):
    html = client.get(GUIDE).content.decode().lower()
    for word in ("missed", "streak", "you failed", "noncompliant"):
        assert word not in html


def test_the_dashboard_links_the_guide_and_the_guide_links_back(client, bob):
    client.force_login(bob)
    assert GUIDE in client.get(reverse("supporting:dashboard")).content.decode()
    assert reverse("supporting:dashboard") in client.get(GUIDE).content.decode()


def test_the_main_nav_offers_supporting_to_everyone_signed_in(client, bob):
    client.force_login(bob)
    html = client.get(reverse("planner:home")).content.decode()
    nav = html[html.index('aria-label="Main"') : html.index("</nav>")]
    assert f'href="{reverse("supporting:dashboard")}"' in nav
