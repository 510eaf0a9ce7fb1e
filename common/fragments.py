"""Render once per change: a page's expensive parts cached under the person's version.

A `Fragment` names one part of a page (the week grid, the progress charts, a
dashboard card), whose data it shows (`owner`, whose `data_version` every
writing service bumps: common.versioning), what else the rendering depends on
(`parts`: zone, locale, date, a supporter link's scopes...) and how to load its
context (`load`, called only on a miss, so a warm view makes none of its queries).
`{% fragment f %}...{% endfragment %}` (common/templatetags/fragments.py) serves it.

Stored encrypted (common.crypto, the field keys): a fragment holds the same
free text the database keeps encrypted (step titles, notes, wins).

What never goes into the cache: a CSRF token or CSP nonce. The fragment renders
with markers in their place and each response swaps in its own; a rendering that
still holds a real token is served but never stored (`leaks`). Another person's
data cannot cross: the key holds the owner's id and version, and the caller
puts everything else the rendering reads into `parts`.
"""

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.cache import cache as default_cache
from django.utils import timezone

from common import crypto

logger = logging.getLogger(__name__)

CSRF_MARK = "fragmentcsrfmark0"
NONCE_MARK = "fragmentnoncemark0"
_CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_MARK}">'
# A real token or nonce in a rendering: a form input, a header or a nonce attribute.
_LEAK = re.compile(
    r'csrfmiddlewaretoken" value="(?!' + CSRF_MARK + r')|nonce="(?!' + NONCE_MARK + ")"
)
# A day at most: the date is in every key, so an entry outlives its day only as garbage.
TTL_MAX = 24 * 60 * 60
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class Fragment:
    name: str
    owner: Any  # the User whose data it shows
    load: Callable[[], dict]
    parts: tuple = ()
    # From the loaded context: the moment the rendering changes by the clock alone
    # (a step's start passing, so its card asks "how did it go?"); the entry lasts until then.
    until: Callable[[dict], datetime | None] | None = None
    html: str | None = field(default=None, repr=False)  # a hit found by prefetch

    def key(self, request=None) -> str:
        raw = "|".join(
            str(p) for p in (self.owner.pk, version_of(self.owner, request), *self.parts)
        )
        digest = hashlib.sha256(raw.encode()).hexdigest()[:40]
        return f"fragment:{release()}:{self.name}:{self.owner.pk}:{digest}"

    def timeout(self, loaded: dict, now: datetime | None = None) -> int:
        stale_at = self.until(loaded) if self.until else None
        if stale_at is None:
            return TTL_MAX
        seconds = (stale_at - (now or timezone.now())).total_seconds()
        return max(1, min(TTL_MAX, int(seconds) + 1))


def version_of(owner, request=None) -> int:
    """The owner's stamp; read afresh when a write in this very request may have moved it
    (an htmx POST that answers with the fragment it just changed)."""
    if request is not None and request.method not in SAFE_METHODS:
        from django.contrib.auth import get_user_model  # common sits below accounts

        users = get_user_model().objects
        return users.values_list("data_version", flat=True).get(pk=owner.pk)
    return owner.data_version


@cache
def release() -> str:
    """Changes whenever the code or a template does, so a deploy never serves old markup."""
    base = Path(settings.BASE_DIR)
    sums = hashlib.sha256()
    for folder in ("templates", "common", "accounts", "planner", "supporters", "reminders"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html"}:
                stat = path.stat()
                sums.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return sums.hexdigest()[:12]


def prefetch(fragments: Iterable[Fragment], request=None) -> list[Fragment]:
    """Look up many fragments in one cache round trip; returns those that missed."""
    fragments = list(fragments)
    keys = {f.key(request): f for f in fragments}
    for key, stored in default_cache.get_many(list(keys)).items():
        keys[key].html = _open(stored)
    return [f for f in fragments if f.html is None]


def leaks(html: str) -> bool:
    return bool(_LEAK.search(html))


def render(fragment: Fragment, context, nodelist) -> str:
    request = context.get("request")
    html = fragment.html
    key = None
    if html is None:
        key = fragment.key(request)
        html = _open(default_cache.get(key))
    if html is None:
        loaded = fragment.load()
        with context.push(loaded, csrf_token=CSRF_MARK, csp_nonce=NONCE_MARK):
            html = nodelist.render(context)
        if leaks(html):
            logger.error("fragment %s holds a token or nonce: not cached", fragment.name)
        else:
            stored = crypto.encrypt(html)
            default_cache.set(key or fragment.key(request), stored, fragment.timeout(loaded))
    return punch(html, context)


def _open(stored: str | None) -> str | None:
    if stored is None:
        return None
    try:
        return crypto.decrypt(stored)
    except InvalidToken:  # written under a key since rotated away: render afresh
        return None


def versioned(owner, name: str, compute: Callable[[], Any]) -> Any:
    """A small value of `owner`'s (not free text: stored as is) kept until their version moves."""
    key = f"versioned:{release()}:{name}:{owner.pk}:{owner.data_version}"
    found = default_cache.get(key)
    if found is None:
        found = (compute(),)  # a tuple, so a None answer is kept too
        default_cache.set(key, found, TTL_MAX)
    return found[0]


def punch(html: str, context) -> str:
    """This response's own CSRF token and CSP nonce where the markers stand."""
    if CSRF_MARK in html:
        token = context.get("csrf_token")
        if not token or str(token) == "NOTPROVIDED":
            html = html.replace(_CSRF_INPUT, "").replace(CSRF_MARK, "")
        else:
            html = html.replace(CSRF_MARK, str(token))
    if NONCE_MARK in html:
        html = html.replace(NONCE_MARK, str(context.get("csp_nonce") or ""))
    return html


def soonest(moments: Iterable[datetime | None], *, after: datetime) -> datetime | None:
    """The first of `moments` still ahead: when a cached rendering stops being true."""
    ahead = [m for m in moments if m is not None and m > after]
    return min(ahead, default=None)
