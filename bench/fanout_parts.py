"""The moving parts of the fan-out bench: a private Redis, due rows, claimers, workers."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import BASE_DIR, free_port

CELERY = Path(sys.executable).parent / "celery"
QUEUE = "bench-fanout"
DISPATCH_QUEUE = "bench-fanout-dispatch"


class RedisServer:
    """redis-server on a free loopback port, its files in tmp: nothing shared is touched."""

    def __init__(self, tmp: Path):
        binary = shutil.which("redis-server")
        if not binary:
            sys.exit("redis-server is not installed (apt-get install redis-server).")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        log = (tmp / "redis.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(tmp)]
            + ["--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.RedisError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    sys.exit("redis-server did not start")
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def make_due(count: int, *, due_at, per_person: int = 2) -> None:
    """`count` pending rows due at `due_at`: each person's reminder by email and by text."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from reminders.models import Outbox, ReminderKind, ReminderPreferences

    batch = 5000
    unusable = make_password(None)  # nobody signs in as these people
    people = User.objects.bulk_create(
        (
            User(email=f"p{n}@bench.example.org", display_name=f"P{n}", password=unusable)
            for n in range(-(-count // per_person))
        ),
        batch_size=batch,
    )
    ReminderPreferences.objects.bulk_create(
        (
            ReminderPreferences(
                owner=person,
                # People who chose every reminder (a new account has none).
                planning_enabled=True,
                step_enabled=True,
                checkin_enabled=True,
                safety_review_enabled=True,
                sms_enabled=True,
                phone=f"+1415555{n % 10000:04d}",
                phone_verified_at=due_at,
            )
            for n, person in enumerate(people)
        ),
        batch_size=batch,
    )
    channels = (Outbox.Channel.EMAIL, Outbox.Channel.SMS)
    Outbox.objects.bulk_create(
        (
            Outbox(
                recipient=people[n // per_person],
                kind=ReminderKind.PLANNING,
                channel=channels[n % 2],
                due_at=due_at,
                dedupe_key=f"bench:{n}:{channels[n % 2]}",
            )
            for n in range(count)
        ),
        batch_size=batch,
    )


def preparer(ids: list[int]) -> None:
    """Word these rows ahead, as writing them does in the app (a forked process)."""
    from django.db import connection

    from reminders.messages.prepared import outbox_prepare
    from reminders.models import Outbox

    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        outbox_prepare(Outbox.objects.select_related("recipient").filter(pk__in=chunk))
    connection.close()


def claimer(barrier, limit: int, out) -> None:
    """One of the concurrent claimers: claim batches until none are due.

    Runs in a forked process; puts (started, ended, claimed ids) on `out`.
    """
    from django.db import connection
    from django.utils import timezone

    from reminders.services.dispatch import outbox_claim

    connection.ensure_connection()
    barrier.wait()
    started, ids = time.monotonic(), []
    while True:
        claimed = outbox_claim(now=timezone.now(), limit=limit)
        ids += [pk for pk, _ in claimed]
        if not claimed:
            ended = time.monotonic()
            connection.close()
            out.put((started, ended, ids))
            return


class Workers:
    """`celery worker` with `processes` pool processes on one queue and the bench's database.

    The delivery workers take QUEUE; the dispatcher, as in production, has a
    worker of its own on DISPATCH_QUEUE (settings.OUTBOX_DISPATCH_QUEUE), which
    mostly waits for the delivery workers to make room under OUTBOX_CLAIM_AHEAD.
    """

    def __init__(self, env: dict, log: Path, *, processes: int, queue: str = QUEUE):
        pool = "prefork" if processes > 1 else "solo"
        command = [
            str(CELERY),
            "-A",
            "config",
            "worker",
            f"--pool={pool}",
            f"--concurrency={processes}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--queues={queue}",
            f"--hostname={queue}@%h",
        ]
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=env, stdout=out, stderr=out, start_new_session=True
            )

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
