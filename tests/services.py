"""Find the real services a test needs, or say clearly why it cannot run.

Locally a missing Redis, Chromium or worker skips the test with the reason; with
CI=true the same absence fails it, so CI never goes green by skipping. The rule
covers every skip, not only these helpers: under CI=true a test that skips fails,
unless it called `not_applicable` (a test that has no meaning on this database,
such as row-lock concurrency on SQLite).

A test that uses Redis, Chromium or a worker process must carry the matching
marker (`redis`, `browser`, `worker`), because `make test-fast` deselects by
marker; the helpers here fail a test that uses one without it.

This module is also a pytest plugin (tests/conftest.py registers its hooks).
"""

import os
import shutil

import pytest
import redis

IN_CI = os.environ.get("CI", "").lower() == "true"


class NotApplicable(pytest.skip.Exception):
    """A deliberate skip: the test has no meaning in this setup (not a missing service)."""


def unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


def not_applicable(reason: str):
    """Skip, in CI too: nothing is missing, the test just does not apply here."""
    raise NotApplicable(msg=reason)


def postgresql_only(reason: str):
    """Skip a PostgreSQL-only test on another database, unless the run asked for PostgreSQL.

    CI runs the whole suite with DATABASE_URL on PostgreSQL and the fast suite on
    the embedded SQLite; if a run meant for PostgreSQL ends up elsewhere, these
    tests fail rather than quietly skip.
    """
    from django.db import connection

    vendor = connection.vendor
    if vendor == "postgresql":
        return
    if IN_CI and os.environ.get("DATABASE_URL", "").startswith(("postgres:", "postgresql:")):
        pytest.fail(f"DATABASE_URL asks for PostgreSQL but the test database is {vendor}")
    not_applicable(f"{reason} (this run is on {vendor})")


def redis_url() -> str:
    needs("redis", "Redis")
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {url}: {exc}")
    return url


def chromium_path() -> str:
    needs("browser", "Chromium")
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    return path


# --- markers -----------------------------------------------------------------------------
_running: pytest.Item | None = None


def needs(marker: str, what: str) -> None:
    """Fail the running test if it uses `what` without carrying `@pytest.mark.<marker>`."""
    if _running is not None and _running.get_closest_marker(marker) is None:
        pytest.fail(
            f"{_running.nodeid} uses {what} but is not marked @pytest.mark.{marker}; "
            f"`make test-fast` (-m 'not {marker}') would run it anyway",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    global _running
    _running = item
    try:
        return (yield)
    finally:
        _running = None


# --- skips under CI=true -------------------------------------------------------------------
@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        excinfo = call.excinfo
        if excinfo is None or not excinfo.errisinstance(NotApplicable):
            reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
            report.outcome = "failed"
            report.longrepr = (
                f"CI=true: this test skipped ({reason}). In CI a skip hides a test: call "
                "tests.services.unavailable() for a missing service, or not_applicable() "
                "for a test that has no meaning in this setup."
            )
    return report
