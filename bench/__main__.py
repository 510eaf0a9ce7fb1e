"""`make bench`: requests per second of signed-in pages under gunicorn, beside a bare view.

1. Make a throwaway database (SQLite in a temp dir, or stepwise_bench on the
   PostgreSQL that DATABASE_URL names), migrate it, run each page's setup and
   sign its person in.
2. Start gunicorn with config/gunicorn.py and bench.settings, and prove with one
   plain request per URL that each page answers 200 with its person's name.
3. Warm up, then run wrk against the bare view and each page; print req/s, the
   ratio to the bare view, and p50/p99 latency. gunicorn stops however this ends.

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

from bench import harness

BARE = "/bench/bare"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per URL (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up per URL (default 2)")
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
    except (Exception, SystemExit):
        print(f"gunicorn's log:\n{server.log_tail()}", file=sys.stderr)
        raise
    finally:
        server.stop()
    _report(args, settings.DATABASES["default"]["ENGINE"], results)


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


def _report(args, engine: str, results) -> None:
    workers = harness.WORKERS
    threads = os.environ.get("GUNICORN_THREADS", "4")
    print(
        f"\ngunicorn {workers} workers x {threads} threads, wrk -t2 -c8 for {args.seconds}s "
        f"per URL, database {engine.rsplit('.', 1)[-1]}"
    )
    # Other work on the machine moves req/s; a load near the CPU count makes even the ratio noisy.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    bare_rps = results[0][2].requests_per_second
    rows = [("page", "path", "req/s", "page/bare", "p50 ms", "p99 ms")]
    for label, path, r in results:
        ratio = r.requests_per_second / bare_rps
        rows.append(
            (
                label,
                path,
                f"{r.requests_per_second:.0f}",
                f"{ratio:.2f}",
                f"{r.p50_ms:.2f}",
                f"{r.p99_ms:.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))


if __name__ == "__main__":
    main()
