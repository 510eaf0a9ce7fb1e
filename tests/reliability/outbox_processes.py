"""The outbox reliability tests' processes: a private Redis, workers, beat, dispatch.

    redis = PrivateRedis(tmp_path).start()          # a redis-server of the test's own
    broker = Broker.redis(redis.url)
    with OutboxWorker(broker, tmp_path, fault="after_claim") as worker:
        dispatch_now(broker)
        worker.wait_paused()                          # it stopped at the fault point
        worker.kill()
    with OutboxWorker(broker, tmp_path):
        drain(broker, keys, timeout=60)               # dispatch as beat would, until settled

Workers and beat run the project's own code (`celery -A config`) on the test's
queue, its database and the recording backends, with a lease of LEASE_SECONDS.
"""

import shutil
import socket
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import redis as redis_client
from django.utils import timezone
from kombu import pools

from reminders.models import Outbox
from tests.reliability.outbox_support import SETTLED, statuses, wait_until
from tests.services import needs, unavailable
from tests.workers import CELERY, CeleryWorker, sending_through

# Short, so a row a killed worker held comes back within a test's patience.
LEASE_SECONDS = 3
# Generous: a loaded CI machine can take many seconds just to import Django.
READY_SECONDS = 90


# --- a redis-server of the test's own ----------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """redis-server on a free loopback port with its files in `folder`.

    Stopping it is what the outage test needs; it never touches the machine's
    shared Redis. Nothing is persisted, so a restart also forgets every queued
    task, the harder case: the outbox in the database must still be the truth.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder) / "redis"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> "PrivateRedis":
        needs("redis", "a redis-server of its own")
        binary = shutil.which("redis-server")
        if not binary:
            unavailable("redis-server is not installed (apt-get install redis-server)")
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                unavailable(f"redis-server did not start on port {self.port}: {self.log_tail()}")
            time.sleep(0.05)
        return self

    def answers(self) -> bool:
        try:
            return bool(redis_client.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis_client.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self) -> str:
        path = self.folder / "redis.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def __enter__(self) -> "PrivateRedis":
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- workers and beat on the test's queue -------------------------------------------------
def outbox_env(broker, folder: Path, **extra) -> dict:
    """What a worker or beat of these tests needs beyond the broker's own variables."""
    return {
        # Tasks the worker enqueues itself (dispatch -> deliver) and beat's tasks
        # land on the test's queue, the only one its workers consume.
        "CELERY_TASK_DEFAULT_QUEUE": broker.queue,
        "STEPWISE_RECORD_DIR": str(Path(folder) / "records"),
        "STEPWISE_FAULT_DIR": str(Path(folder) / "faults"),
        "SMS_BACKEND": "reminders.recording.RecordingSMSBackend",
        "EMAIL_BACKEND": "reminders.recording.RecordingEmailBackend",
        "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "EMAIL_HOST": None,  # never a real SMTP server from the machine's environment
        **{key: None if value is None else str(value) for key, value in extra.items()},
    }


class OutboxWorker(CeleryWorker):
    """A worker on the test's queue and recording backends, optionally paused at a fault point."""

    def __init__(
        self,
        broker,
        folder: Path,
        *,
        fault: str | None = None,
        pool: str = "solo",
        concurrency: int = 1,
        queues: tuple[str, ...] = (),
        **env,
    ):
        if not CELERY.exists():
            unavailable(f"No celery command at {CELERY}: run uv sync")
        (Path(folder) / "records").mkdir(parents=True, exist_ok=True)
        self.fault_dir = Path(folder) / "faults"
        self.fault_dir.mkdir(parents=True, exist_ok=True)
        self.fault = fault
        extra = outbox_env(
            broker,
            folder,
            # Fault points do nothing unless turned on: on only for a worker meant to stop.
            OUTBOX_FAULTS_ENABLED="true" if fault else "false",
            STEPWISE_FAULT_PAUSE=fault,
            **env,
        )
        super().__init__(broker, pool=pool, extra_env=extra, ready_timeout=READY_SECONDS)
        self.args[self.args.index("--concurrency=1")] = f"--concurrency={concurrency}"
        if queues:
            # Other queues than the test's own, e.g. a dispatch queue (OUTBOX_DISPATCH_QUEUE).
            self.args[self.args.index(f"--queues={broker.queue}")] = f"--queues={','.join(queues)}"

    def paused(self) -> list[Path]:
        return sorted(self.fault_dir.glob(f"{self.fault}*"))

    def wait_paused(self, timeout: float = 20) -> Path:
        """Block until the worker has stopped at its fault point (it left a marker)."""
        return wait_until(
            lambda: self.paused() or self._fail_if_gone(),
            timeout=timeout,
            what=f"the worker pausing at {self.fault}",
        )[0]

    def _fail_if_gone(self):
        if not self.running:
            raise AssertionError(f"the worker exited before its fault point:\n{self.output}")
        return []


class CeleryBeat(CeleryWorker):
    """`celery beat` with a schedule file of its own, dispatching every `every` seconds.

    The schedule is the project's (settings.CELERY_BEAT_SCHEDULE); only the
    dispatch interval is shortened, through OUTBOX_DISPATCH_SECONDS.
    """

    def __init__(self, broker, folder: Path, *, every: int = 1, name: str = "beat", **env):
        env = outbox_env(broker, folder, OUTBOX_DISPATCH_SECONDS=every, **env)
        super().__init__(broker, extra_env=env, ready_timeout=READY_SECONDS)
        self.args = [
            self.args[0],
            "-A",
            "config",
            "beat",
            "--loglevel=INFO",
            f"--schedule={Path(folder) / f'{name}-schedule'}",
            f"--pidfile={Path(folder) / f'{name}.pid'}",
        ]

    def start(self) -> "CeleryBeat":
        # Same subprocess handling as a worker; beat says "Starting..." when it runs.
        wait_for, self.wait_for = self.wait_for, lambda text, timeout: None
        try:
            super().start()
        finally:
            self.wait_for = wait_for
        self.wait_for("beat: Starting...", timeout=self.ready_timeout)
        return self


@contextmanager
def sending(broker):
    """tests.workers.sending_through, usable more than once per process.

    kombu keeps connection pools in a global registry keyed by the broker URL,
    and sending_through closes the pool on the way out; the registry would hand
    the closed pool to the next test on the same broker. Forget it instead.
    """
    try:
        with sending_through(broker) as app:
            yield app
    finally:
        pools.reset()


def dispatch_now(broker) -> None:
    """Ask for one dispatch round now, as beat would once a minute."""
    from reminders.tasks import outbox_dispatch

    with sending(broker):
        outbox_dispatch.delay()


def drain(broker, keys, *, timeout: float) -> Counter:
    """Wait until every row is settled, asking for a dispatch when beat would matter.

    Beat asks once a minute; here a dispatch is asked for once progress has
    stalled and some row is due or holds a lease that ran out (a dead worker's),
    whose return is the dispatch's reconcile. Never while deliveries are still
    flowing, so queued tasks are not overtaken. Returns the final statuses.
    """
    keys = list(keys)
    rows = Outbox.objects.filter(dedupe_key__in=keys)
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while True:
        now_statuses = statuses(keys)
        if sum(now_statuses[status] for status in SETTLED) == len(keys):
            return now_statuses
        if now_statuses != last:
            last, since = now_statuses, time.monotonic()
        elif time.monotonic() - since > 2 and _waiting_for_dispatch(rows):
            dispatch_now(broker)
            since = time.monotonic()
        if time.monotonic() > deadline:
            raise AssertionError(f"rows still open after {timeout}s: {dict(now_statuses)}")
        time.sleep(0.3)


def _waiting_for_dispatch(rows) -> bool:
    now = timezone.now()
    return (
        rows.filter(status=Outbox.Status.PENDING, due_at__lte=now).exists()
        or rows.filter(status__in=[Outbox.Status.CLAIMED, Outbox.Status.SENDING])
        .filter(leased_until__lt=now)
        .exists()
    )


@contextmanager
def running(*processes):
    """Start workers and beats side by side (each takes seconds to boot), stop them all after."""
    with ThreadPoolExecutor(len(processes)) as pool:
        started = [pool.submit(process.start) for process in processes]
    try:
        for future in started:
            future.result()
        yield processes
    except BaseException:
        for process in processes:
            print(f"--- output of {process.name} ---\n{process.output}")
        raise
    finally:
        for process in processes:
            process.stop()
