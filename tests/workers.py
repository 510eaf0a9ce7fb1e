"""Real Celery workers for tests: a subprocess on a broker of the test's own.

    broker = Broker.filesystem(tmp_path)          # or Broker.redis(redis_url())
    with sending_through(broker), CeleryWorker(broker) as worker:
        result = heartbeat.delay()
        result.get(timeout=10)

`sending_through` points this process's Celery app at the broker, `CeleryWorker`
starts `celery -A config worker` on the same broker and on the test's database, so
the test needs `transactional_db` (the worker only sees committed rows). Each
broker carries a queue named for the test alone, so a worker never takes a stray
task and a stray worker never takes ours. Reliability tests can `kill()` a worker
mid-task and start another on the same broker.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from kombu import pools

from config import celery_app
from tests.services import needs

CELERY = Path(sys.executable).parent / "celery"


@dataclass(frozen=True)
class Broker:
    url: str
    result_backend: str
    transport_options: dict = field(default_factory=dict)
    queue: str = field(default_factory=lambda: f"stepwise-test-{uuid.uuid4().hex[:12]}")
    # Environment for the worker: the settings read these, None removes a variable.
    env: dict = field(default_factory=dict)

    @classmethod
    def filesystem(cls, folder: Path) -> "Broker":
        """The embedded broker a laptop runs, in a folder of this test's own."""
        broker_dir, results = folder / "broker", folder / "results"
        for sub in ("queue", "processed", "control"):
            (broker_dir / sub).mkdir(parents=True, exist_ok=True)
        results.mkdir(parents=True, exist_ok=True)
        return cls(
            url="filesystem://",
            result_backend=f"file://{results}",
            transport_options={
                "data_folder_in": str(broker_dir / "queue"),
                "data_folder_out": str(broker_dir / "queue"),
                "processed_folder": str(broker_dir / "processed"),
                "store_processed": False,
                "control_folder": str(broker_dir / "control"),
            },
            # No REDIS_URL either, so the worker runs as it would with nothing set.
            env={
                "CELERY_BROKER_URL": "filesystem://",
                "CELERY_BROKER_DIR": str(broker_dir),
                "CELERY_RESULT_BACKEND": f"file://{results}",
                "REDIS_URL": None,
            },
        )

    @classmethod
    def redis(cls, url: str) -> "Broker":
        """Redis as production runs it; isolation comes from the queue name."""
        return cls(
            url=url,
            result_backend=url,
            env={"CELERY_BROKER_URL": url, "CELERY_RESULT_BACKEND": url},
        )


_SENDING_KEYS = ("broker_url", "broker_transport_options", "result_backend", "task_default_queue")


@contextmanager
def sending_through(broker: Broker):
    """Point this process's Celery app (and so every `.delay()`) at `broker`, then back."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in _SENDING_KEYS}
    _forget_connections()
    conf.update(
        broker_url=broker.url,
        broker_transport_options=broker.transport_options,
        result_backend=broker.result_backend,
        task_default_queue=broker.queue,
    )
    try:
        yield celery_app
    finally:
        _forget_connections()
        conf.update(saved)


def _forget_connections():
    # Celery builds its connection pool, queues and result backend from the
    # configuration once and keeps them; drop them so the next use reads it again.
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)
    celery_app._backend_cache = None
    vars(celery_app._local).pop("backend", None)
    # kombu keeps pools in a global registry keyed by broker URL and would hand the
    # pool closed above to the next test on the same broker ("Acquire on closed pool").
    pools.reset()


def database_url() -> str:
    """The URL of the database this test is using (pytest-django's test database)."""
    settings = connection.settings_dict
    name = str(settings["NAME"])
    if connection.vendor == "sqlite":
        if "memory" in name:
            raise RuntimeError("A worker cannot share an in-memory SQLite database.")
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor == "postgresql":
        user = quote(settings["USER"] or "", safe="")
        password = quote(settings["PASSWORD"] or "", safe="")
        credentials = f"{user}:{password}@" if password else f"{user}@"
        host = settings["HOST"] or "localhost"
        port = f":{settings['PORT']}" if settings["PORT"] else ""
        return f"postgres://{credentials}{host}{port}/{quote(name, safe='')}"
    raise RuntimeError(f"No worker database URL for {connection.vendor}.")


class CeleryWorker:
    """`celery -A config worker` in a subprocess, on `broker` and the test database.

    Used as a context manager it waits until the worker is ready and stops it on
    the way out, printing what it logged if the block failed.
    """

    def __init__(
        self,
        broker: Broker,
        *,
        pool: str = "solo",
        extra_args: tuple[str, ...] = (),
        extra_env: dict | None = None,
        ready_timeout: float = 20,
    ):
        needs("worker", "a Celery worker process")
        self.broker = broker
        self.name = f"stepwise-test-{uuid.uuid4().hex[:8]}"
        self.args = [
            str(CELERY),
            "-A",
            "config",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={self.name}@%h",
            f"--queues={broker.queue}",
            *extra_args,
        ]
        self.env = {"DATABASE_URL": database_url(), **broker.env, **(extra_env or {})}
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen | None = None
        self._lines: list[str] = []
        self._reader: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> "CeleryWorker":
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for key, value in self.env.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        self.process = subprocess.Popen(
            self.args,
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # A group of its own, so kill() also takes prefork children with it.
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_for(" ready.", timeout=self.ready_timeout)
        return self

    def stop(self, timeout: float = 10) -> int | None:
        """Warm shutdown (SIGTERM, as a deploy does); SIGKILL if it hangs."""
        if self.process is None:
            return None
        if not self.running:
            return self._reap()
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return self.kill()
        return self._reap()

    def kill(self) -> int | None:
        """SIGKILL the worker and its children, as when a machine dies mid-task."""
        if self.process is None:
            return None
        # The whole group, even if the main process is gone: orphaned pool
        # children would otherwise go on taking tasks.
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        return self._reap()

    def __enter__(self) -> "CeleryWorker":
        try:
            return self.start()
        except BaseException:
            self.kill()
            raise

    def __exit__(self, exc_type, exc, tb):
        self.stop()
        if exc_type is not None:
            print(f"--- output of worker {self.name} ---\n{self.output}")

    # --- watching ----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self.process is None else self.process.poll()

    @property
    def output(self) -> str:
        return "".join(self._lines)

    def wait_for(self, text: str, timeout: float = 10) -> None:
        """Block until the worker logs `text`; fail with its output if it never does."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if not self.running and not self._reader.is_alive():
                raise AssertionError(
                    f"The worker exited ({self.returncode}) before logging {text!r}:\n{self.output}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"The worker did not log {text!r} in {timeout}s:\n{self.output}"
                )
            time.sleep(0.05)

    def _read(self):
        for line in self.process.stdout:
            self._lines.append(line)

    def _reap(self) -> int:
        if self._reader is not None:
            self._reader.join(timeout=5)
        if not self._reader.is_alive():
            self.process.stdout.close()
        return self.process.returncode
