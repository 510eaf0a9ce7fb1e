"""One answer to "who is asking?", behind a simulated proxy, for allauth and for us.

The proxy appends the address it saw to X-Forwarded-For; anything before that was
written by the client and can be anything. TRUSTED_PROXY_COUNT says how many
proxies of ours stand in front, so how many entries from the right are ours.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from common import ratelimit
from common.http import client_ip

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"  # the production proxy: every request arrives from it
CDN = "198.51.100.40"
CLIENT = "203.0.113.7"


def request(xff: str | None = None, remote: str = PROXY):
    headers = {"HTTP_X_FORWARDED_FOR": xff} if xff is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


CASES = [
    # (trusted proxies, X-Forwarded-For as it arrives, REMOTE_ADDR, the client)
    pytest.param(0, f"{CLIENT}", PROXY, PROXY, id="count-0-ignores-the-header"),
    pytest.param(0, "1.1.1.1", CLIENT, CLIENT, id="count-0-direct-client-spoofing"),
    pytest.param(1, f"{CLIENT}", PROXY, CLIENT, id="one-proxy"),
    pytest.param(1, f" {CLIENT} ", PROXY, CLIENT, id="one-proxy-spaces"),
    # The client sends its own header; the proxy appends what it saw.
    pytest.param(1, f"1.1.1.1, 8.8.8.8, {CLIENT}", PROXY, CLIENT, id="prepended-fakes"),
    pytest.param(2, f"1.1.1.1, {CLIENT}, {CDN}", PROXY, CLIENT, id="cdn-then-proxy"),
    pytest.param(1, None, PROXY, PROXY, id="no-header"),
    pytest.param(1, "", PROXY, PROXY, id="empty-header"),
    pytest.param(2, f"{CLIENT}", PROXY, PROXY, id="header-shorter-than-count"),
    pytest.param(1, "not-an-address", PROXY, PROXY, id="garbage-from-the-proxy"),
    pytest.param(1, "2001:db8::5", PROXY, "2001:db8::5", id="ipv6"),
]


@pytest.mark.parametrize(("count", "xff", "remote", "expected"), CASES)
def test_the_client_is_the_address_the_nearest_trusted_proxy_saw(
    settings, count, xff, remote, expected
):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(request(xff, remote)) == expected


@pytest.mark.parametrize(("count", "xff", "remote", "expected"), CASES)
def test_allauth_and_our_limiter_ask_the_same_helper(settings, count, xff, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    req = request(xff, remote)

    assert get_adapter(req).get_client_ip(req) == expected
    assert ratelimit.client_ip(req) == expected


def test_addresses_a_client_can_change_at_will_count_as_one_for_limits(settings):
    # An IPv6 client holds a whole /64; counting each address apart would let it
    # start afresh with every request (allauth's limits group them the same way).
    settings.TRUSTED_PROXY_COUNT = 1
    first, second = request("2001:db8:1:2::5"), request("2001:db8:1:2:ffff::9")
    elsewhere = request("2001:db8:1:3::5")

    assert ratelimit.client_key(first) == ratelimit.client_key(second)
    assert ratelimit.client_key(first) != ratelimit.client_key(elsewhere)
    assert ratelimit.client_key(request(CLIENT)) == CLIENT


def trusted_proxy_count(tmp_path, value: str | None) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "STEPWISE_VAR_DIR": str(tmp_path / "var"),
    }
    if value is not None:
        env["TRUSTED_PROXY_COUNT"] = value
    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_count_comes_from_the_environment_and_defaults_to_none_trusted(tmp_path):
    assert trusted_proxy_count(tmp_path, None).stdout.strip() == "0"
    assert trusted_proxy_count(tmp_path, "2").stdout.strip() == "2"
    refused = trusted_proxy_count(tmp_path, "-1")
    assert refused.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in refused.stderr
