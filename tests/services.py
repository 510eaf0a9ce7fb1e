"""Find the real services a test needs, or say clearly why it cannot run.

Locally a missing Redis, Chromium or worker skips the test with the reason; with
CI=true the same absence fails it, so CI never goes green by skipping.
"""

import os
import shutil

import pytest
import redis

IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {url}: {exc}")
    return url


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    return path
