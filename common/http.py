"""Small request and response helpers every app may use."""

import ipaddress

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme


def private(response: HttpResponse) -> HttpResponse:
    """For a page whose address is its key (a private link, a signed token).

    Keeps it out of shared caches and search engines, so the address cannot leak
    from there. Its Referrer-Policy (no-referrer, or same-origin when the page posts a
    form of its own) comes from common.middleware.NoReferrerOnSecretLinksMiddleware,
    like every private-link page's.
    """
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def client_ip(request) -> str | None:
    """The address of whoever is asking: the one reading that every limit uses.

    allauth asks it too (accounts.adapter.AccountAdapter.get_client_ip). Each of
    our TRUSTED_PROXY_COUNT proxies appends the address it saw to X-Forwarded-For,
    so the Nth entry from the right is the one the outermost of them saw; entries
    further left came from the client and could say anything. With no proxy
    trusted (0), or a header too short to hold our proxies' entries, the
    connecting address it is. None when there is no usable address at all.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for")
    if count <= 0 or not forwarded:
        return remote
    hops = forwarded.split(",")
    if len(hops) < count:
        return remote
    return _address(hops[-count]) or remote


def _address(value: str) -> str | None:
    """An IP address in its usual spelling, or None; a port some proxies add is dropped."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 203.0.113.7:443
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def back_to(request, target: str | None, default: str) -> str:
    """`target` when it is a path on this site, else `default` (a URL or a URL name).

    Only a path, never a bare word: redirect() takes a word without "/" or "." for
    a URL name to reverse, so a "next" of "profile" or of markup answered 500.
    """
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
