"""A small fixed-window rate limit in Django's cache (Redis in production).

Shared by every web process because the cache is. allauth's helper reads its rates
from ACCOUNT_RATE_LIMITS and is meant for allauth's own actions, so this is ours.
Per-client limits count client_key(request): the real client behind our proxies,
read by the same helper allauth's limits use (common.http.client_ip).
"""

import hashlib
import ipaddress
import time

from allauth import app_settings as allauth_settings
from django.core.cache import cache

from common import http


def client_ip(request) -> str:
    """The real client's address (common.http.client_ip), "unknown" if there is none."""
    return http.client_ip(request) or "unknown"


def client_key(request) -> str:
    """Who to count for a per-client limit: the client's address, or for IPv6 its
    whole network (a /64 by default), since one household can pick any address in
    it at will. The same grouping as allauth's own limits."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False).network_address)
    return address


def _cache_key(scope: str, key: str, window: int, now: float) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(now // window)}"


def exceeded(scope: str, key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Whether `key` has already used up `limit` in this window (counts nothing)."""
    now = time.time() if now is None else now
    return (cache.get(_cache_key(scope, key, window, now)) or 0) >= limit


def hit(scope: str, key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one request for `key`; False once it is past `limit` in this `window` (seconds)."""
    now = time.time() if now is None else now
    cache_key = _cache_key(scope, key, window, now)
    # add() is a no-op when the key exists, and incr() is atomic on Redis, so
    # two processes counting at once both count.
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    return count <= limit
