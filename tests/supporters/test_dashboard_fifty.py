"""The supporter dashboard reads the same number of queries for 5 people as for 50,
whether its cards come from the cache (warm) or are all rendered afresh (cold)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supporters.models import AccessLog
from tests.factories import UserFactory
from tests.supporters.supporting_support import link_for, sql_of, years_of_history

DASHBOARD = "supporting:dashboard"


def supported(bob, n: int) -> list:
    owners = UserFactory.create_batch(n)
    years_of_history(owners, today=timezone.localdate(), days=7)
    for owner in owners:
        link_for(owner, bob, "plan", "practice", "checkins")
    return owners


def visit(client) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    return queries


def test_fifty_people_cost_the_queries_of_five_cold_and_warm(client, bob):
    client.force_login(bob)
    supported(bob, 5)
    cache.clear()
    cold_five, warm_five = visit(client), visit(client)
    supported(bob, 45)
    cache.clear()
    cold_fifty, warm_fifty = visit(client), visit(client)

    assert len(cold_fifty) == len(cold_five), sql_of(cold_fifty)
    assert len(warm_fifty) == len(warm_five), sql_of(warm_fifty)
    # Warm, only the links, the ally steps and the access log are read or written.
    assert len(warm_fifty) < len(cold_fifty)
    inserts = [q["sql"] for q in warm_fifty.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "accounts_accesslog" in inserts[0]
    # One row per person shown, each visit, with the scopes the card drew on.
    rows = AccessLog.objects.filter(kind="dashboard")
    assert rows.count() == 5 + 5 + 50 + 50
    assert set(map(tuple, rows.values_list("scopes", flat=True))) == {
        ("plan", "practice", "checkins")
    }
