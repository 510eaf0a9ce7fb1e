"""The outbox reliability tests' data: due rows, what was sent, and how rows stand.

    keys = due_rows(2000, now=timezone.now())    # people + pending Outbox rows
    records(tmp_path / "records")                # Counter: dedupe key -> times sent
    statuses(keys), settled(keys)

Everything a worker sends goes to the recording backends (reminders.recording),
which write one JSON line per message into the test's record folder, so this
process can count, by dedupe key, what reached "the provider". The processes
(workers, beat, a private Redis) are in outbox_processes.
"""

import json
import sqlite3
import time
from collections import Counter
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.db import connection

from accounts.models import User
from reminders.models import Outbox, ReminderKind, ReminderPreferences
from reminders.recording import RecordingEmailBackend, RecordingSMSBackend
from tests.factories import CHOSEN_ALL
from tests.workers import database_url


# --- rows -------------------------------------------------------------------------------
def due_rows(
    count: int,
    *,
    now: datetime,
    tag: str = "r",
    due_at: datetime | None = None,
    expires_at: datetime | None = None,
    per_person: int = 1,
    scheduled_step=None,
) -> list[str]:
    """`count` pending rows, alternately email and SMS, and the people they are for.

    Bulk inserts (a few queries, whatever `count` is). Each person has an email
    address and a verified phone, which reminders.messages resolves the address
    from. Returns the dedupe keys, one per row, all unique.
    """
    people_count = -(-count // per_person)
    people = User.objects.bulk_create(
        User(
            email=f"{tag}-{n}@reliability.example.org",
            display_name=f"Person {n}",
            timezone="UTC",
            password="!",  # unusable: nobody signs in as these people
        )
        for n in range(people_count)
    )
    ReminderPreferences.objects.bulk_create(
        ReminderPreferences(
            owner=person,
            **CHOSEN_ALL,
            email_enabled=True,
            sms_enabled=True,
            phone=f"+1415555{n % 10000:04d}",
            phone_verified_at=now,
        )
        for n, person in enumerate(people)
    )
    rows = []
    for n in range(count):
        channel = Outbox.Channel.EMAIL if n % 2 == 0 else Outbox.Channel.SMS
        rows.append(
            Outbox(
                recipient=people[n // per_person],
                kind=ReminderKind.STEP if scheduled_step else ReminderKind.PLANNING,
                channel=channel,
                scheduled_step=scheduled_step,
                due_at=due_at or now,
                expires_at=expires_at,
                dedupe_key=f"{tag}:{n}:{channel}",
            )
        )
    Outbox.objects.bulk_create(rows, batch_size=2000)
    return [row.dedupe_key for row in rows]


def statuses(keys) -> Counter:
    """How many of these rows are in each status."""
    return Counter(
        Outbox.objects.filter(dedupe_key__in=list(keys)).values_list("status", flat=True)
    )


# --- what reached the recording backends ----------------------------------------------
def records(record_dir: Path) -> Counter:
    """Dedupe key -> how many times a message with it was handed to a backend."""
    seen = Counter()
    for path in sorted(Path(record_dir).glob("*.jsonl")):
        for line in path.read_text().splitlines():
            # A line a killed worker was halfway through writing is not a message.
            try:
                seen[json.loads(line)["dedupe_key"]] += 1
            except (ValueError, KeyError):
                continue
    return seen


def duplicates(seen: Counter) -> dict[str, int]:
    return {key: n for key, n in seen.items() if n > 1}


def wait_until(check, *, timeout: float, every: float = 0.2, what: str = "it"):
    """Poll `check()` until it returns something truthy; fail saying `what` never happened."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout}s (last: {result!r})")
        time.sleep(every)


# --- providers that cannot say whether a message went out --------------------------------
class CannotTellSMSBackend(RecordingSMSBackend):
    """Records like the others but, like Twilio, offers no lookup by our key."""

    was_sent = None


class CannotTellEmailBackend(RecordingEmailBackend):
    """Records like the others but, like an SMTP server, cannot be asked afterwards."""

    was_sent = None


CANNOT_TELL = {
    "SMS_BACKEND": "tests.reliability.outbox_support.CannotTellSMSBackend",
    "EMAIL_BACKEND": "tests.reliability.outbox_support.CannotTellEmailBackend",
}


# --- a worker stopped before it could claim -----------------------------------------------
@contextmanager
def outbox_writes_blocked():
    """Hold, from a connection of our own, a lock that makes every outbox write wait.

    A dispatcher that starts meanwhile stops at its first UPDATE: it is alive,
    it has its task, and it has claimed nothing. Yields a function answering
    how many connections are waiting on the lock, of the processes with these
    PostgreSQL application names (PGAPPNAME) if any are given, or of all
    (always True on SQLite, which cannot say). Leaving lets every writer that
    waited go at once.
    """
    if connection.vendor == "postgresql":
        import psycopg

        name = connection.settings_dict["NAME"]
        with psycopg.connect(database_url()) as locker, psycopg.connect(database_url()) as watcher:
            watcher.autocommit = True
            locker.execute("LOCK TABLE planner_outbox IN EXCLUSIVE MODE")

            def waiting(*names: str) -> int:
                found = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = %s AND wait_event_type = 'Lock'"
                    " AND (%s OR application_name = ANY(%s))",
                    [name, not names, list(names)],
                ).fetchone()
                return found[0]

            try:
                yield waiting
            finally:
                locker.rollback()
        return
    locker = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    try:
        locker.execute("BEGIN IMMEDIATE")
        yield lambda *names: True
    finally:
        locker.rollback()
        locker.close()


# --- every claim, as the database saw it -----------------------------------------------
_RECORD_CLAIMS = {
    # A claim is an outbox row moving to "claimed" under a lease it did not hold.
    # (A chunk's retry goes back to "claimed" under its own lease: not a claim.)
    # {outbox} is the Outbox model's table, whichever app it lives in.
    "postgresql": [
        "CREATE TABLE reliability_outbox_claim (id bigserial PRIMARY KEY, outbox_id bigint,"
        " from_status varchar(10), from_lease varchar(32), lease varchar(32))",
        "CREATE FUNCTION reliability_outbox_claim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " INSERT INTO reliability_outbox_claim (outbox_id, from_status, from_lease, lease)"
        " VALUES (NEW.id, OLD.status, OLD.lease, NEW.lease); RETURN NULL; END $$",
        "CREATE TRIGGER reliability_outbox_claim AFTER UPDATE ON {outbox} FOR EACH ROW"
        " WHEN (NEW.status = 'claimed' AND NEW.lease IS DISTINCT FROM OLD.lease)"
        " EXECUTE FUNCTION reliability_outbox_claim()",
    ],
    "sqlite": [
        "CREATE TABLE reliability_outbox_claim (id integer PRIMARY KEY AUTOINCREMENT,"
        " outbox_id integer, from_status text, from_lease text, lease text)",
        "CREATE TRIGGER reliability_outbox_claim AFTER UPDATE ON {outbox} FOR EACH ROW"
        " WHEN NEW.status = 'claimed' AND NEW.lease IS NOT OLD.lease BEGIN"
        " INSERT INTO reliability_outbox_claim (outbox_id, from_status, from_lease, lease)"
        " VALUES (NEW.id, OLD.status, OLD.lease, NEW.lease); END",
    ],
}
_FORGET_CLAIMS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS reliability_outbox_claim ON {outbox}",
        "DROP FUNCTION IF EXISTS reliability_outbox_claim()",
        "DROP TABLE IF EXISTS reliability_outbox_claim",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS reliability_outbox_claim",
        "DROP TABLE IF EXISTS reliability_outbox_claim",
    ],
}


@contextmanager
def claims_recorded():
    """Record, with a trigger, every claim any process makes on the outbox.

    Yields a function returning the claims so far as (outbox id, the status it
    was claimed from, the lease it held before, the new lease), oldest first.
    Written by the database itself, so it sees every worker's claims without
    the code under test knowing; dropped again on the way out.
    """
    vendor = connection.vendor
    if vendor not in _RECORD_CLAIMS:
        raise RuntimeError(f"No claim recording for {vendor}.")
    outbox = connection.ops.quote_name(Outbox._meta.db_table)
    with connection.cursor() as cursor:
        for statement in _FORGET_CLAIMS[vendor] + _RECORD_CLAIMS[vendor]:
            cursor.execute(statement.replace("{outbox}", outbox))

    def claims() -> list[tuple[int, str, str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT outbox_id, from_status, from_lease, lease"
                " FROM reliability_outbox_claim ORDER BY id"
            )
            return [tuple(row) for row in cursor.fetchall()]

    try:
        yield claims
    finally:
        with connection.cursor() as cursor:
            for statement in _FORGET_CLAIMS[vendor]:
                cursor.execute(statement.replace("{outbox}", outbox))


SETTLED = (Outbox.Status.SENT, Outbox.Status.SKIPPED, Outbox.Status.FAILED)


def settled(keys) -> bool:
    found = statuses(keys)
    return sum(found[status] for status in SETTLED) == len(list(keys))
