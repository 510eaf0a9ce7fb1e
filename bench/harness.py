"""The moving parts of a bench run: a throwaway database, gunicorn, and wrk."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WORKERS = 2


def bench_database(url: str) -> str:
    """<name>_bench beside the database DATABASE_URL names, so two checkouts sharing one
    PostgreSQL (stepwise, stepwise_NAME) never drop each other's bench database."""
    name = urlsplit(url).path.lstrip("/") or "stepwise"
    return name if name.endswith("_bench") else f"{name}_bench"


def database_url(tmp: Path) -> str:
    """A fresh database for this run: SQLite in tmp, or <name>_bench beside DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit(f"bench knows SQLite and PostgreSQL, not {parts.scheme}")
    name = bench_database(url)
    _postgres(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _postgres(url, f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_drop(url: str) -> None:
    if url.startswith("postgres"):
        _postgres(url, f"DROP DATABASE IF EXISTS {bench_database(url)} WITH (FORCE)")


def _postgres(url: str, sql: str) -> None:
    import psycopg

    # Connect to the maintenance database: one cannot drop the database one is in.
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn started with the project's own config, stopped however the run ends."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.log = log
        env = env | {"GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(WORKERS)}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--config",
            "config/gunicorn.py",
        ]
        with log.open("wb") as out:
            # A session of its own, so stopping it reaches every worker it forked.
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=env, stdout=out, stderr=out, start_new_session=True
            )

    def wait_until_up(self, timeout: float = 30) -> None:
        # The master listens before its workers have imported the app, so wait for
        # an HTTP answer, not just an open port.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited early")
            try:
                fetch(self.port, "/healthz", "")
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout}s")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def fetch(port: int, path: str, cookie: str) -> tuple[int, bytes, list[str]]:
    """One request, redirects not followed, so a bounce to sign-in shows as a 302."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        return response.status, response.read(), response.msg.get_all("Set-Cookie") or []
    finally:
        conn.close()


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(port: int, path: str, cookie: str, *, seconds: int, threads=2, connections=8) -> Result:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        # wrk's default 2 s timeout counts a slow answer as a socket error; a heavy
        # page (the supporter dashboard of fifty people) on a busy machine can take that.
        "--timeout",
        "10s",
        "--latency",
        "-H",
        f"Cookie: {cookie}",
        f"http://127.0.0.1:{port}{path}",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    # wrk counts a 302 as success; a 4xx/5xx or a dropped socket means the number is wrong.
    for problem in ("Non-2xx or 3xx responses", "Socket errors"):
        if problem in out:
            raise RuntimeError(f"wrk reported {problem.lower()} for {path}:\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not rps:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return Result(float(rps.group(1)), _percentile(out, 50), _percentile(out, 99))


def _percentile(out: str, pct: int) -> float:
    found = re.search(rf"^\s+{pct}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.MULTILINE)
    if not found:
        raise RuntimeError(f"no {pct}% latency in wrk's output:\n{out}")
    return float(found.group(1)) * _UNITS_MS[found.group(2)]


P95_SCRIPT = BASE_DIR / "bench" / "p95.lua"


@dataclass
class Load:
    requests_per_second: float
    p95_ms: float
    errors: int


def wrk_load(port: int, path: str, cookie: str, *, seconds: int, connections: int) -> Load:
    """`wrk -c N` with errors counted rather than raised: the load check reports them."""
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(P95_SCRIPT),
        "-H",
        f"Cookie: {cookie}",
        f"http://127.0.0.1:{port}{path}",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p95 = re.search(r"^P95_US (\d+)$", out, re.MULTILINE)
    errors = re.search(r"^ERRORS (\d+)$", out, re.MULTILINE)
    if not (rps and p95 and errors):
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return Load(float(rps.group(1)), int(p95.group(1)) / 1000, int(errors.group(1)))


def timed_fetches(port: int, path: str, cookie: str, *, times: int, before=None) -> float:
    """The median seconds of `times` single requests, `before()` (untimed) ahead of each."""
    seconds = []
    for _ in range(times):
        if before is not None:
            before()
        started = time.perf_counter()
        status, _, _ = fetch(port, path, cookie)
        seconds.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return sorted(seconds)[len(seconds) // 2]
