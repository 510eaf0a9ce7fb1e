"""How long a 20,000-row import holds SQLite's write lock: `python -m bench.import_lock`.

1. Make a throwaway SQLite database, migrate it, and build a file with 5,000 rows
   in each of four topics (journal, check-ins, rest days, thought records): 20,000.
2. Import it into a fresh person while watching the connection: SQLite takes its
   write lock at a transaction's first write and keeps it until COMMIT or ROLLBACK,
   so each hold is measured from the first INSERT/UPDATE/DELETE to the end.
3. Print the rows, the number of holds, the longest hold and the whole time.

Not a test: the numbers depend on the machine. The longest hold is the one to watch.
"""

import os
import secrets
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROWS_PER_TOPIC = 5_000


def document() -> dict:
    start = datetime(2010, 1, 1, tzinfo=UTC)
    moments = [(start + timedelta(hours=n)).isoformat() for n in range(ROWS_PER_TOPIC)]
    days = [date(2000, 1, 1) + timedelta(days=n) for n in range(ROWS_PER_TOPIC)]
    return {
        "format": "stepwise-export",
        "version": 2,
        "topics": {
            "journal": [
                {
                    "title": f"Entry {n}",
                    "text": "A walk.",
                    "tags": [],
                    "created_at": m,
                    "updated_at": m,
                }
                for n, m in enumerate(moments)
            ],
            "checkins": [
                {
                    "period_start": d.isoformat(),
                    "rhythm": "daily",
                    "mood": 3,
                    "distress": 40,
                    "energy": 3,
                    "interactions": 1,
                    "note": "",
                    "tags": [],
                    "created_at": m,
                    "updated_at": m,
                }
                for d, m in zip(days, moments, strict=True)
            ],
            "rest_days": [{"day": d.isoformat()} for d in days],
            "thought_records": [
                {
                    "situation": "s",
                    "automatic_thought": "a",
                    "emotion": "e",
                    "intensity_before": 50,
                    "traps": [],
                    "evidence_for": "",
                    "evidence_against": "",
                    "balanced_thought": "",
                    "intensity_after": None,
                    "cited_attempts": [],
                    "created_at": m,
                    "updated_at": m,
                }
                for m in moments
            ],
        },
    }


class LockWatch:
    """Times each stretch from a transaction's first write to its commit or rollback."""

    WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

    def __init__(self, connection):
        self.connection = connection
        self.started: float | None = None
        self.holds: list[float] = []
        self.firsts: list[str] = []  # each hold's first write, to tell them apart

    def __call__(self, execute, sql, params, many, context):
        if self.started is None and sql.lstrip().upper().startswith(self.WRITES):
            self.started = time.perf_counter()
            self.first = sql.split("(")[0][:40]
        result = execute(sql, params, many, context)
        if self.started is not None and self.connection.get_autocommit():
            self._end()  # a write outside any transaction commits at once
        return result

    def _end(self):
        if self.started is not None:
            self.holds.append(time.perf_counter() - self.started)
            self.firsts.append(self.first)
            self.started = None

    def wrap(self):
        for name in ("_commit", "_rollback"):
            original = getattr(self.connection, name)

            def ended(original=original):
                try:
                    return original()
                finally:
                    self._end()

            setattr(self.connection, name, ended)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="stepwise-import-lock-") as tmp:
        tmp = Path(tmp)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            STEPWISE_ENV="development",
            DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
            STEPWISE_VAR_DIR=str(tmp / "var"),
            SECRET_KEY=secrets.token_urlsafe(50),
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        from planner.services import export
        from tests.factories import UserFactory

        owner = UserFactory()
        data = document()
        rows = sum(len(rows) for rows in data["topics"].values())
        watch = LockWatch(connection)
        watch.wrap()
        began = time.perf_counter()
        with connection.execute_wrapper(watch):
            export.export_import(owner=owner, data=data)
        total = time.perf_counter() - began
        print(f"rows imported:      {rows:,}")
        print(f"write-lock holds:   {len(watch.holds):,}")
        print(f"longest hold:       {max(watch.holds):.2f} s")
        print(f"whole import:       {total:.2f} s")
        print(f"median hold:        {sorted(watch.holds)[len(watch.holds) // 2]:.2f} s")
        longest = sorted(zip(watch.holds, watch.firsts, strict=True), reverse=True)[:5]
        for hold, first in longest:
            print(f"  {hold:6.2f} s  from {first}")


if __name__ == "__main__":
    sys.exit(main())
