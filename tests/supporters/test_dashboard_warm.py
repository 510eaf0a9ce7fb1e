"""A supporter reloading the dashboard pays for the session, their links and the access
log, and nothing else: the "come along" list and "your own space" are kept under the
versions of the people they read, and every change through a service shows at once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from common import fragments
from planner.services import values as value_services
from supporters.models import AccessLog
from supporters.selectors.supporting import ALLY_LOOKBACK
from supporters.services.supporting import ally_answer_set
from tests.supporters.supporting_support import ally_step, link_for, queries_for, sql_of

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("supporting:dashboard")


@pytest.fixture
def bob_client(frozen, client, bob):
    client.force_login(bob)
    return client


def test_a_reload_reads_no_ally_steps_and_no_plan_of_ones_own(bob_client, alice, bob):
    scheduled = ally_step(link_for(alice, bob, "plan"), title="Coffee at the corner café")
    cache.clear()
    queries_for(bob_client, DASHBOARD, expect=["Coffee at the corner café"])
    warm = queries_for(bob_client, DASHBOARD, expect=["Coffee at the corner café"])
    sql = sql_of(warm)
    assert "planner_scheduledstep" not in sql and "planner_value" not in sql, sql
    # The links, and one row per person in the log: a reload is still a look.
    assert 'INSERT INTO "accounts_accesslog"' in sql
    assert len(warm) <= 7, sql
    assert scheduled.step.title  # the step is the one shown above


def test_an_answer_shows_on_the_next_view(bob_client, alice, bob, frozen):
    link = link_for(alice, bob)
    scheduled = ally_step(link, title="Walk by the river")
    assert "You said you'll be there." not in bob_client.get(DASHBOARD).content.decode()
    ally_answer_set(link=link, scheduled=scheduled, answer="coming", now=frozen)
    assert "You said you'll be there." in bob_client.get(DASHBOARD).content.decode()


def test_the_list_is_kept_only_until_its_first_step_leaves_it(bob_client, alice, bob, frozen):
    """A step leaves the list ALLY_LOOKBACK after it began, by the clock alone: the
    cached list must end then (the cache's own clock keeps the time, so the test
    reads the lifetime it is given rather than travelling)."""
    scheduled = ally_step(link_for(alice, bob), title="Walk by the river", in_hours=1)
    lifetimes = []
    original = fragments.Fragment.timeout

    def noting(self, loaded, now=None):
        seconds = original(self, loaded, now)
        if self.name == "dashboard-ally":
            lifetimes.append(timedelta(seconds=seconds))
        return seconds

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fragments.Fragment, "timeout", noting)
        assert "Walk by the river" in bob_client.get(DASHBOARD).content.decode()
    leaves = scheduled.starts_at + ALLY_LOOKBACK - frozen
    assert leaves - timedelta(seconds=5) <= lifetimes[0] <= leaves + timedelta(seconds=5)


def test_starting_a_plan_of_ones_own_shows_on_the_next_view(bob_client, alice, bob):
    link_for(alice, bob, "plan")
    own_space = "Stepwise is yours too, if you'd like"
    assert own_space in bob_client.get(DASHBOARD).content.decode()
    value_services.value_from_catalog(owner=bob, key="learning")
    assert own_space not in bob_client.get(DASHBOARD).content.decode()
    assert AccessLog.objects.filter(viewer=bob).count() == 2
