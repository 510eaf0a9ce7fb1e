"""The access log on the sharing page: who looked at what, when (in the person's zone)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supporters.models import AccessLog
from tests.pages import assert_shows
from tests.supporters.sharing_support import link_for

pytestmark = pytest.mark.django_db
LOG = reverse("sharing:access_log")


@pytest.fixture
def link(alice, bob):
    return link_for(alice, bob, "plan")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LOG)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_carol_sees_only_her_own_empty_log(client, carol, link):
    _views(link, 5)
    client.force_login(carol)
    html = client.get(LOG).content.decode()
    assert "<td>Bob</td>" not in html and "No one has looked" in html


# --- The access log ----------------------------------------------------------------------
def _views(link, count, *, start=None, scope="plan"):
    start = start or timezone.now() - timedelta(hours=1)
    AccessLog.objects.bulk_create(
        AccessLog(
            owner_id=link.owner_id,
            link=link,
            viewer_id=link.supporter_id,
            scope=scope,
            path="/supporting/",
            viewed_at=start - timedelta(minutes=n),
        )
        for n in range(count)
    )


def test_the_access_log_shows_who_what_and_when_in_the_persons_zone(alice_client, link):
    viewed = (timezone.now() - timedelta(days=3)).replace(hour=23, minute=30, second=0)
    _views(link, 1, start=viewed, scope="safety")
    _views(link, 1, start=timezone.now() - timedelta(days=400))  # older than a year
    html = alice_client.get(reverse("sharing:access_log")).content.decode()
    local = viewed.astimezone(ZoneInfo("America/New_York"))
    assert "<td>Bob</td>" in html and "<td>Safety plan</td>" in html
    assert f"{local:%-I}:30 {local:%p}" in html and f"{local:%b} {local.day}" in html
    assert html.count("<td>Bob</td>") == 1


def test_the_access_log_is_paged(alice_client, link):
    _views(link, 120)
    html = alice_client.get(reverse("sharing:access_log")).content.decode()
    assert "Page 1 of 3" in html and html.count("<td>Bob</td>") == 50
    html = alice_client.get(reverse("sharing:access_log") + "?page=3").content.decode()
    assert html.count("<td>Bob</td>") == 20


def test_an_empty_access_log_says_so(alice_client):
    html = alice_client.get(reverse("sharing:access_log")).content.decode()
    assert "No one has looked at anything in the last year." in html


def _count(client, url, *, shows=()) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert_shows(response, *shows)
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_access_log_query_count_stays_flat_with_thousands_of_views(alice_client, link):
    _views(link, 3)
    small, _ = _count(alice_client, reverse("sharing:access_log"))
    _views(link, 3000, start=timezone.now() - timedelta(days=2))
    large, sql = _count(
        alice_client,
        reverse("sharing:access_log") + "?page=7",
        shows=["Page 7 of 61", "Plan: goals, ladders and the week"],
    )
    assert large == small, sql
