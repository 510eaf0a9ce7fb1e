"""Moving models into supporters/ and reminders/ loses no row and rebuilds no table.

The database is filled by seed_demo and taken back to the last released migrations
(before the move), then migrated forward; every table's row count and a few decrypted
values must be the same on both sides.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from planner.models import ScheduledStep, TrustedContact
from reminders.models import Outbox, ReminderPreferences
from supporters.models import AllyResponse, Encouragement, Invitation

# The last migrations released before the move.
RELEASED = [
    ("accounts", "0002_supporters_and_reminder_preferences"),
    ("planner", "0002_reminders_outbox_and_allies"),
    ("supporters", None),
    ("reminders", None),
]
MOVED = {
    "supporters": {"invitation", "supporterlink", "accesslog", "encouragement", "allyresponse"},
    "reminders": {
        "reminderpreferences",
        "phoneverification",
        "outbox",
        "smsoptout",
        "inboundsms",
        "calendarfeed",
    },
}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":  # the one table that should grow
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (names from introspection)
            counts[table] = cursor.fetchone()[0]
    return counts


def _decrypted() -> dict[str, object]:
    # Read through the models in their new apps: the same tables, the same keys.
    # (Addresses and numbers were plain at the release and are encrypted since:
    # tests/test_migrations_encrypt.py follows them.)
    return {
        "notes": sorted(Encouragement.objects.values_list("body", flat=True)),
        "invited": Invitation.objects.count(),
        "phones": ReminderPreferences.objects.exclude(phone="").count(),
        "ally_notes": sorted(
            ScheduledStep.objects.exclude(ally_note="").values_list("ally_note", flat=True)
        ),
        "answers": sorted(AllyResponse.objects.values_list("answer", flat=True)),
        "contacts_linked": TrustedContact.objects.filter(supporter_link__isnull=False).count(),
        "outbox": sorted(Outbox.objects.values_list("dedupe_key", "status")),
    }


@pytest.mark.django_db(transaction=True)
def test_a_demo_database_migrates_forward_with_every_row_and_value_kept():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        # The demo is written by today's models, so it is seeded at the latest
        # schema and the database taken back to the release: columns added since
        # (a contact's agreed_at, the plan's review interval) then need no code
        # that knows the old schema.
        call_command("seed_demo", verbosity=0)
        _migrate(RELEASED)
        before_counts, before_values = _counts(), _decrypted()
        assert before_values["notes"] and before_values["phones"] and before_values["answers"]
        assert before_values["outbox"] and before_values["contacts_linked"]

        _migrate(latest)

        after_counts = _counts()
        # Tables added since the release (account activity, ...) are new and empty.
        added = set(after_counts) - set(before_counts)
        assert {table: after_counts[table] for table in added} == dict.fromkeys(added, 0)
        assert {table: after_counts[table] for table in before_counts} == before_counts
        assert _decrypted() == before_values
        # The moved models keep their content types, now under their new apps.
        for app, models in MOVED.items():
            found = set(
                ContentType.objects.filter(model__in=models).values_list("app_label", flat=True)
            )
            assert found == {app}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
