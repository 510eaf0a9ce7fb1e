"""`make bench`: requests per second of signed-in pages under gunicorn, beside a bare view.

1. Make a throwaway database (SQLite in a temp dir, or stepwise_bench on the
   PostgreSQL that DATABASE_URL names), migrate it, run each page's setup and
   sign its person in.
2. Start gunicorn with config/gunicorn.py and bench.settings, and prove with one
   plain request per URL that each page answers 200 with its person's name.
3. Warm up, then run wrk against the bare view and each page; print req/s, the
   ratio to the bare view, and p50/p99 latency (warm: nothing changed since the
   last view, so the page's cached fragments serve it).
4. Cold: one request at a time, each right after a small write through a
   service (a rest day a month out), against the same for the bare view.
5. Load: `wrk -c 50` for 20 s against the bare view, home and week: errors and p95.
6. Judge issue 17's goals (bench/verdict.py) and exit non-zero if one is missed
   by more than a quarter. gunicorn stops however this ends.

The ratio is the number to watch: it cancels out the speed of the machine.
"""

import argparse
import os
import secrets
import shutil
import signal
import sys
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path

from bench import harness, verdict

BARE = "/bench/bare"
LOAD_PAGES = ("home, new person", "week, a year of history")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per URL (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up per URL (default 2)")
    parser.add_argument("--cold", type=int, default=15, help="cold requests per URL (default 15)")
    parser.add_argument("--load", type=int, default=20, help="wrk -c 50 run per URL (default 20)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk; .ci/run does this).")
    # A polite kill (Ctrl-C is already an exception) must still stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with tempfile.TemporaryDirectory(prefix="stepwise-bench-") as tmp:
        tmp = Path(tmp)
        db_url = harness.database_url(tmp)
        try:
            run(args, tmp, db_url)
        finally:
            from django.db import connections

            connections.close_all()
            harness.database_drop(db_url)


def run(args: argparse.Namespace, tmp: Path, db_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        STEPWISE_ENV="development",
        DATABASE_URL=db_url,
        STEPWISE_VAR_DIR=str(tmp / "var"),
        # Shared with gunicorn: the session's auth hash is signed with it.
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    os.environ.pop("DEBUG", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from bench.pages import PAGES

    call_command("migrate", verbosity=0)
    people = []
    for page in PAGES:
        person = page.setup()
        client = Client()
        client.force_login(person)
        people.append((page, person, client.cookies[settings.SESSION_COOKIE_NAME].value))

    server = harness.Gunicorn(dict(os.environ), tmp / "gunicorn.log")
    try:
        server.wait_until_up()
        targets = [("bare view", BARE, _cookie(server.port, BARE, people[0][2], b"ok"))]
        for page, person, session in people:
            cookie = _cookie(server.port, page.path, session, page.greets(person).encode())
            targets.append((page.label, page.path, cookie))
        for _, path, cookie in targets:
            harness.wrk(server.port, path, cookie, seconds=args.warmup)
        results = [
            (label, path, harness.wrk(server.port, path, cookie, seconds=args.seconds))
            for label, path, cookie in targets
        ]
        colds = _cold(args, server.port, targets, people)
        loads = {
            label: harness.wrk_load(server.port, path, cookie, seconds=args.load, connections=50)
            for label, path, cookie in targets
            if label == "bare view" or label in LOAD_PAGES
        }
    except (Exception, SystemExit):
        print(f"gunicorn's log:\n{server.log_tail()}", file=sys.stderr)
        raise
    finally:
        server.stop()
    _report(args, settings.DATABASES["default"]["ENGINE"], results, colds)
    problems = verdict.pages_verdict(
        {
            label: (r.requests_per_second / results[0][2].requests_per_second, colds[label][1])
            for label, _, r in results[1:]
        }
    )
    problems += _report_load(args, loads)
    if problems:
        sys.exit("\npages FAILED issue 17's goals:\n  " + "\n  ".join(problems))
    print("\npages OK: every goal of issue 17 met within a quarter")


def _cold(args, port: int, targets, people) -> dict[str, tuple[float, float | None]]:
    """label -> (median ms of one request right after a write, bare median / that)."""
    bare_label, bare_path, bare_cookie = targets[0]
    bare = harness.timed_fetches(port, bare_path, bare_cookie, times=args.cold)
    colds = {bare_label: (bare * 1000, 1.0)}
    for (label, path, cookie), (page, person, _) in zip(targets[1:], people, strict=True):
        seconds = harness.timed_fetches(
            port,
            path,
            cookie,
            times=args.cold,
            before=lambda page=page, person=person: page.touch(person),
        )
        colds[label] = (seconds * 1000, bare / seconds)
    return colds


def _report_load(args, loads) -> list[str]:
    print(f"\nunder load: wrk -t2 -c50 for {args.load}s per URL")
    bare = loads.pop("bare view")
    rows = [("page", "req/s", "p95 ms", "p95/bare", "errors")]
    rows.append(
        (
            "bare view",
            f"{bare.requests_per_second:.0f}",
            f"{bare.p95_ms:.1f}",
            "1.00",
            str(bare.errors),
        )
    )
    for label, load in loads.items():
        rows.append(
            (
                label,
                f"{load.requests_per_second:.0f}",
                f"{load.p95_ms:.1f}",
                f"{load.p95_ms / bare.p95_ms:.2f}",
                str(load.errors),
            )
        )
    _table(rows, left=1)
    return verdict.load_verdict(
        bare.p95_ms, {label: (load.p95_ms, load.errors) for label, load in loads.items()}
    )


def _cookie(port: int, path: str, session: str, expect: bytes) -> str:
    """Check one URL answers signed in, and return the Cookie header a browser would send.

    A browser sends back the CSRF cookie the first page set, so the pages under
    wrk do too; otherwise each request would pay for minting a fresh one.
    """
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    status, body, set_cookies = harness.fetch(port, path, cookie)
    if status != 200 or expect not in body:
        sys.exit(f"{path} answered {status} without {expect.decode()!r}; is the session signed in?")
    jar = SimpleCookie()
    for header in set_cookies:
        jar.load(header)
    if settings.CSRF_COOKIE_NAME in jar:
        cookie += f"; {settings.CSRF_COOKIE_NAME}={jar[settings.CSRF_COOKIE_NAME].value}"
    return cookie


def _report(args, engine: str, results, colds) -> None:
    workers = harness.WORKERS
    threads = os.environ.get("GUNICORN_THREADS", "4")
    print(
        f"\ngunicorn {workers} workers x {threads} threads, wrk -t2 -c8 for {args.seconds}s "
        f"per URL (warm), {args.cold} single requests each after a write (cold), "
        f"database {engine.rsplit('.', 1)[-1]}"
    )
    # Other work on the machine moves req/s; a load near the CPU count makes even the ratio noisy.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    bare_rps = results[0][2].requests_per_second
    rows = [("page", "path", "req/s", "page/bare", "p50 ms", "p99 ms", "cold ms", "cold/bare")]
    for label, path, r in results:
        cold_ms, cold_ratio = colds[label]
        rows.append(
            (
                label,
                path,
                f"{r.requests_per_second:.0f}",
                f"{r.requests_per_second / bare_rps:.2f}",
                f"{r.p50_ms:.2f}",
                f"{r.p99_ms:.2f}",
                f"{cold_ms:.1f}",
                f"{cold_ratio:.2f}",
            )
        )
    _table(rows, left=2)


def _table(rows, *, left: int) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.ljust(w) if i < left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))


if __name__ == "__main__":
    main()
