"""A real gunicorn, with the project's config, writes no link token into its logs.

Its output (access log, error log and Django's request log, as `make run` and
compose see them) goes to one file, searched for the canary afterwards.
"""

import http.client
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from bench.harness import Gunicorn
from tests.common.logmask_support import CANARY, token_paths

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def gunicorn(django_db_setup, tmp_path):
    # The test database pytest-django made, so views that look a token up find tables:
    # beside DATABASE_URL on PostgreSQL, the test's own file on the embedded SQLite.
    name = settings.DATABASES["default"]["NAME"]
    if os.environ.get("DATABASE_URL"):
        database = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + name))
    else:
        database = f"sqlite:///{name}"
    server = Gunicorn(os.environ | {"DATABASE_URL": database}, tmp_path / "gunicorn.log")
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def get(port: int, path: str, headers: dict | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_no_token_link_leaves_its_token_in_gunicorns_logs(gunicorn):
    for path in token_paths():
        get(gunicorn.port, path)
        get(gunicorn.port, path + "nothing-here/")  # a 404: Django's request log too
        get(gunicorn.port, f"{path}?next={CANARY}&{CANARY}")
    gunicorn.stop()  # flushes every worker's output

    log = gunicorn.log.read_text()
    for path in token_paths():
        assert f'"GET {path.replace(CANARY, "***")} HTTP/1.1"' in log, gunicorn.log_tail()
    assert "Not Found: /unsubscribe/***/nothing-here/" in log
    assert "?next=***&***" in log
    assert log.count(CANARY) == 0, [line for line in log.splitlines() if CANARY in line]


def test_a_referer_carrying_a_token_is_masked_in_the_access_log(gunicorn):
    shared = f"http://127.0.0.1:{gunicorn.port}/safety-plan/shared/{CANARY}/?from={CANARY}"
    get(gunicorn.port, "/healthz", {"Referer": shared})
    gunicorn.stop()

    log = gunicorn.log.read_text()
    assert f'"http://127.0.0.1:{gunicorn.port}/safety-plan/shared/***/?from=***"' in log
    assert CANARY not in log
