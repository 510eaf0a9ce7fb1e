"""Recording what happened to an account, and forgetting it after a year.

Called from allauth's and Django's signals (accounts/receivers.py) and directly by
the apps above accounts (planner's export, supporters' scopes and links).
"""

import ipaddress
from datetime import datetime, timedelta

from accounts.models import SecurityEvent, User
from accounts.selectors.sessions import UNKNOWN_DEVICE, device_name
from common.ratelimit import client_ip

RETENTION = timedelta(days=365)
PRUNE_BATCH = 1000


def device_describe(user_agent: str) -> str:
    """The device in the words "Your devices" uses ("Safari on an iPhone"), so the two
    lists on the profile name one phone alike; "" when nothing is recognised."""
    name = device_name(user_agent)
    return "" if name == UNKNOWN_DEVICE else name[:100]


def _ip(request) -> str | None:
    # The shared helper knows about trusted proxies; anything it cannot vouch for
    # ("unknown", a malformed header) is better left out than stored.
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(
    *,
    user: User,
    kind: str,
    request=None,
    now: datetime,
    detail: str = "",
    what: str = "",
    about: User | None = None,
) -> SecurityEvent:
    """Save one event for `user`; `request` (when there is one) gives address and device.

    `detail` is encrypted: it may name a person (a supporter) or an address.
    `what` is plain words, never anything that identifies someone.
    """
    event = SecurityEvent(
        user=user, kind=SecurityEvent.Kind(kind), at=now, detail=detail, about=about
    )
    event.what = what[:200]
    if request is not None:
        event.ip = _ip(request)
        event.device = device_describe(request.META.get("HTTP_USER_AGENT", ""))
    event.save()
    return event


def security_events_prune(*, now: datetime) -> int:
    """Drop events older than a year (daily task), in batches. Returns how many went.

    Keyset batches (ids above the last batch's) keep each delete short, so a
    first run over years of history never holds one long lock on the table.
    """
    old = SecurityEvent.objects.filter(at__lt=now - RETENTION).order_by("pk")
    deleted, last = 0, 0
    while True:
        ids = list(old.filter(pk__gt=last).values_list("pk", flat=True)[:PRUNE_BATCH])
        if not ids:
            return deleted
        deleted += SecurityEvent.objects.filter(pk__in=ids).delete()[0]
        last = ids[-1]
