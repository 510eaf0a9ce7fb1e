"""Existing rows are encrypted by the migrations of issue 14, and decrypted going back.

A demo database (seed_demo) is taken back to the migrations before encryption: the
columns must then hold the same text in the clear. Migrated forward again in small
keyset batches, every column holds only ciphertext, the app reads the same text,
and the blind indexes find rows by what a person would type.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from common import crypto, encrypt_migration
from common.blind_index import matching
from planner.models import Goal, Step, Tag, TrustedContact, Value
from reminders.models import ReminderPreferences
from supporters.models import Invitation

BEFORE = [
    ("planner", "0005_goal_value_restrict"),
    ("supporters", "0002_access_log_guard"),
    ("reminders", "0001_initial"),
]

# (model, table, columns) encrypted by the migrations.
ENCRYPTED = [
    (Goal, "planner_goal", ["title"]),
    (Step, "planner_step", ["title", "accommodations_other"]),
    (Tag, "planner_tag", ["name"]),
    (TrustedContact, "planner_trustedcontact", ["name", "relationship", "phone", "email"]),
    (Value, "planner_value", ["name", "description"]),
    (Invitation, "accounts_invitation", ["email"]),
    (ReminderPreferences, "accounts_reminderpreferences", ["phone"]),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _raw(table, columns) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")  # noqa: S608
        return cursor.fetchall()


def _read(model, columns) -> list[tuple]:
    return list(model._base_manager.order_by("pk").values_list(*columns))


@pytest.mark.django_db(transaction=True)
def test_a_demo_database_is_encrypted_forward_and_decrypted_back(monkeypatch):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        call_command("seed_demo", verbosity=0)
        written = {table: _read(model, columns) for model, table, columns in ENCRYPTED}
        assert all(written.values()), "the demo must have a row of each"

        _migrate(BEFORE)
        # Backwards: the same text, in the clear, so the old code can read it.
        for _, table, columns in ENCRYPTED:
            assert _raw(table, columns) == written[table], table

        # Forwards, in batches of 2 so every table crosses page boundaries.
        monkeypatch.setattr(encrypt_migration, "BATCH", 2)
        _migrate(latest)
        for model, table, columns in ENCRYPTED:
            for row in _raw(table, columns):
                assert all(not v or v.startswith(crypto.PREFIX) for v in row), table
            assert _read(model, columns) == written[table], table

        tag = Tag.objects.order_by("pk").first()
        assert Tag.objects.get(matching(Tag, "name", tag.name.upper())) == tag
        invitation = Invitation.objects.order_by("pk").first()
        assert Invitation.objects.get(matching(Invitation, "email", invitation.email)) == invitation
        prefs = ReminderPreferences.objects.exclude(phone="").order_by("pk").first()
        assert (
            ReminderPreferences.objects.get(matching(ReminderPreferences, "phone", prefs.phone))
            == prefs
        )
        value = Value.objects.order_by("pk").first()
        assert Value.objects.get(matching(Value, "name", value.name), owner=value.owner) == value
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
