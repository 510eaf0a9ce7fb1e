"""The rule in tests/services.py, run on a small suite of its own in a fresh pytest.

With CI=true a missing service, a plain skip and a skip mark all fail; only a
declared "not applicable" still skips. Without CI they skip with their reason.
Either way a test that uses Redis without its marker fails, because `make
test-fast` selects by marker.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection

from tests import services

SUITE = """
import pytest
from tests.services import not_applicable, redis_url, unavailable


def test_missing_service():
    unavailable("the pretend service is not running")


def test_plain_skip():
    pytest.skip("not in this build yet")


@pytest.mark.skipif(True, reason="a skip mark")
def test_skip_mark():
    pass


def test_not_applicable():
    not_applicable("a row-lock test on SQLite")


@pytest.mark.redis
def test_redis_not_there():
    redis_url()


def test_redis_without_its_marker():
    redis_url()
"""


def outcomes(tmp_path, *, ci: bool) -> dict[str, str]:
    (tmp_path / "test_suite.py").write_text(SUITE)
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    redis: needs Redis\n")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CI", "DJANGO_SETTINGS_MODULE", "PYTEST_ADDOPTS"}
    }
    # Nothing listens on port 1, so Redis is missing whatever this machine runs.
    env.update(PYTHONPATH=str(settings.BASE_DIR), REDIS_URL="redis://127.0.0.1:1/0")
    # Only the rule under test: no Django, browser or hypothesis plugins to start.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if ci:
        env["CI"] = "true"
    report = tmp_path / "report.xml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.services",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            "test_suite.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )
    # pytest's own report, written a moment ago in this test's folder.
    cases = ET.parse(report).iter("testcase")  # noqa: S314
    found = {case.get("name"): outcome({child.tag for child in case}) for case in cases}
    return found


def outcome(kinds: set[str]) -> str:
    if kinds & {"failure", "error"}:  # a skip mark acts in setup, where a failure is an "error"
        return "failed"
    return "skipped" if "skipped" in kinds else "passed"


def test_under_ci_a_missing_service_or_any_plain_skip_fails(tmp_path):
    assert outcomes(tmp_path, ci=True) == {
        "test_missing_service": "failed",
        "test_plain_skip": "failed",
        "test_skip_mark": "failed",
        "test_not_applicable": "skipped",
        "test_redis_not_there": "failed",
        "test_redis_without_its_marker": "failed",
    }


def test_without_ci_a_missing_service_skips_but_a_missing_marker_still_fails(tmp_path):
    assert outcomes(tmp_path, ci=False) == {
        "test_missing_service": "skipped",
        "test_plain_skip": "skipped",
        "test_skip_mark": "skipped",
        "test_not_applicable": "skipped",
        "test_redis_not_there": "skipped",
        "test_redis_without_its_marker": "failed",
    }


def outcome_of(call) -> BaseException | None:
    """What `call` raised of pytest's own outcomes (fail, skip), caught so none escapes."""
    try:
        call()
    except (pytest.fail.Exception, pytest.skip.Exception) as raised:
        return raised
    return None


def test_a_postgresql_only_test_runs_on_postgresql_and_fails_in_ci_when_it_is_not(monkeypatch):
    def needs_row_locks():
        services.postgresql_only("needs row locks")

    if connection.vendor == "postgresql":
        assert outcome_of(needs_row_locks) is None
        return
    monkeypatch.setattr(services, "IN_CI", True)
    monkeypatch.setenv("DATABASE_URL", "postgres://ci@127.0.0.1/stepwise_ci")
    failed = outcome_of(needs_row_locks)
    assert isinstance(failed, pytest.fail.Exception) and "asks for PostgreSQL" in failed.msg
    # The fast CI runs leave DATABASE_URL unset on purpose: there it is "not applicable".
    monkeypatch.delenv("DATABASE_URL")
    skipped = outcome_of(needs_row_locks)
    assert isinstance(skipped, services.NotApplicable)
    assert skipped.msg.startswith("needs row locks")
