"""Reminders became a choice (reminders 0004) without switching anyone's on or off.

Before it, an account that never saved its reminder choices got every kind by
the unsaved defaults; the new defaults are all off, so the migration saves the
old ones for exactly those accounts and leaves saved choices as they were.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reminders.models import ReminderPreferences
from tests.factories import UserFactory, prefs_replace

BEFORE = ("reminders", "0003_encrypt_outbox_sent_to")
SWITCHES = ("planning_enabled", "step_enabled", "checkin_enabled", "safety_review_enabled")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _switches(person) -> tuple[bool, ...]:
    prefs = ReminderPreferences.objects.get(owner=person)
    return tuple(getattr(prefs, name) for name in SWITCHES)


@pytest.mark.django_db(transaction=True)
def test_existing_accounts_keep_exactly_the_reminders_they_had():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        # Only defaults changed in 0004, so today's models write the old schema.
        _migrate([BEFORE])
        never_chose = UserFactory(reminders=False)
        chose_some = UserFactory(reminders=False)
        prefs_replace(chose_some, checkin_enabled=False, planning_enabled=False)
        chose_none = UserFactory(reminders=False)
        prefs_replace(chose_none, **dict.fromkeys(SWITCHES, False))
        _migrate(latest)
        assert _switches(never_chose) == (True, True, True, True)
        assert _switches(chose_some) == (False, True, False, True)
        assert _switches(chose_none) == (False, False, False, False)
        assert ReminderPreferences.objects.count() == 3
    finally:
        _migrate(latest)
