"""Access-log rows are kept as written: on PostgreSQL the database itself refuses to
change or remove one, except for the yearly prune and a deleted account's own rows."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.services.deletion import account_delete
from supporters.models import AccessLog
from supporters.services.access import access_log_prune, access_log_record
from tests.services import postgresql_only
from tests.supporters.supporting_support import link_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    # Autouse, so it skips before any person is written (a transactional test's
    # rows would otherwise linger in SQLite's free pages for a later dump test).
    postgresql_only("the access log's guard is a PostgreSQL trigger")


@pytest.fixture
def views(alice, bob, now):
    """Two views of Alice's plan by Bob: one from 400 days ago, one from yesterday."""
    link = link_for(alice, bob, "plan")
    old = access_log_record(link=link, scope="plan", path="/old/", now=now - timedelta(days=400))
    new = access_log_record(link=link, scope="plan", path="/new/", now=now - timedelta(days=1))
    return old, new


def refused(run) -> bool:
    try:
        with transaction.atomic():
            run()
    except DatabaseError as error:
        assert "kept as written" in str(error)
        return True
    return False


def test_an_update_through_the_orm_or_raw_sql_is_refused(views):
    old, new = views

    assert refused(lambda: AccessLog.objects.filter(pk=new.pk).update(scope="journal"))
    assert refused(
        lambda: connection.cursor().execute(
            "UPDATE accounts_accesslog SET viewed_at = now() WHERE id = %s", [old.pk]
        )
    )
    new.refresh_from_db()
    assert new.scope == "plan"


def test_a_delete_through_the_orm_or_raw_sql_is_refused(views):
    old, new = views

    assert refused(lambda: AccessLog.objects.filter(pk=old.pk).delete())
    assert refused(
        lambda: connection.cursor().execute(
            "DELETE FROM accounts_accesslog WHERE id = %s", [new.pk]
        )
    )
    assert AccessLog.objects.count() == 2


def test_ending_a_link_by_deleting_it_cannot_take_its_views_with_it(views):
    old, _ = views

    assert refused(lambda: old.link.delete())
    assert AccessLog.objects.count() == 2


def test_the_yearly_prune_still_removes_what_is_older_than_a_year(views, now):
    old, new = views

    assert access_log_prune(now=now) == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [new.pk]
    # The permission ended with the prune's transaction: the next delete is refused again.
    assert refused(lambda: AccessLog.objects.filter(pk=new.pk).delete())


@pytest.mark.parametrize("who", ["owner", "viewer"])
def test_deleting_an_account_takes_its_rows_as_owner_or_viewer(views, alice, bob, carol, now, who):
    link_for(carol, bob, "plan")
    # Carol's own view by Bob stays when Alice goes; when Bob goes it goes with him.
    carols = access_log_record(
        link=bob.supporting_links.get(owner=carol), scope="plan", path="/c/", now=now
    )

    account_delete(user=alice if who == "owner" else bob, now=now)

    left = set(AccessLog.objects.values_list("pk", flat=True))
    assert left == ({carols.pk} if who == "owner" else set())
