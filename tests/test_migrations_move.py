"""Moving models into supporters/ and reminders/ loses no row and rebuilds no table.

The database is filled by seed_demo at the last released migrations (before the
move), then migrated forward; every table's row count and a few decrypted
values must be the same on both sides.
"""

import pytest
from django.apps import apps
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


def _columns_added_since_released() -> list:
    """(model, field) for each column today's models have that the released tables lack.

    seed_demo writes through today's models, so a field added after the move (such as
    User.exit_url) must exist while it runs. It is added for the seed and dropped again
    before migrating forward, so its own migration adds it as production will.
    """
    missing = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            missing += [
                (model, field)
                for field in model._meta.local_concrete_fields
                if field.column not in columns
            ]
    return missing


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
    return {
        "notes": sorted(Encouragement.objects.values_list("body", flat=True)),
        "invited": sorted(Invitation.objects.values_list("email", flat=True)),
        "phones": sorted(ReminderPreferences.objects.values_list("phone", flat=True)),
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
    _migrate(RELEASED)
    try:
        later = _columns_added_since_released()
        with connection.schema_editor() as editor:
            for model, field in later:
                editor.add_field(model, field)
        call_command("seed_demo", verbosity=0)
        with connection.schema_editor() as editor:
            for model, field in later:
                editor.remove_field(model, field)
        before_counts, before_values = _counts(), _decrypted()
        assert before_values["notes"] and before_values["phones"] and before_values["answers"]
        assert before_values["outbox"] and before_values["contacts_linked"]

        _migrate(latest)

        assert _counts() == before_counts
        assert _decrypted() == before_values
        # The moved models keep their content types, now under their new apps.
        for app, models in MOVED.items():
            found = set(
                ContentType.objects.filter(model__in=models).values_list("app_label", flat=True)
            )
            assert found == {app}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
