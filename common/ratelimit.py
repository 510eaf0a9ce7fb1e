"""A small fixed-window rate limit in Django's cache (Redis in production).

Shared by every web process because the cache is. allauth's helper reads its rates
from ACCOUNT_RATE_LIMITS and is meant for allauth's own actions, so this is ours.
"""

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied


def client_ip(request) -> str:
    # allauth's reading of the address honours its trusted-proxy settings.
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


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
