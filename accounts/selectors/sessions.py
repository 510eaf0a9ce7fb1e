"""The sessions page: each live session of a person, named in plain words."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from allauth.usersessions.models import UserSession
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from ua_parser import parse

from accounts.services.sessions import session_idle_expired

UNKNOWN_DEVICE = "An unknown device"
# ua-parser's family names, in the words a person would use.
BROWSERS = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "an app",
    "HeadlessChrome": "Chrome",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "an app",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Edge Mobile": "Edge",
}
SYSTEMS = {"Mac OS X": "a Mac", "Chrome OS": "a Chromebook"}


@dataclass(frozen=True)
class SignedIn:
    pk: int
    device: str
    ip: str
    last_seen: datetime
    current: bool


@lru_cache(maxsize=256)
def device_name(user_agent: str) -> str:
    """ "Chrome on Android", "Safari on an iPhone", or "An unknown device"."""
    result = parse(user_agent or "")
    browser = result.user_agent.family if result.user_agent else None
    system = result.os.family if result.os else None
    browser = None if browser in (None, "Other") else BROWSERS.get(browser, browser)
    if system == "iOS" and result.device and result.device.family in ("iPhone", "iPad"):
        system = f"an {result.device.family}"
    system = None if system in (None, "Other") else SYSTEMS.get(system, system)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else UNKNOWN_DEVICE)


def sessions_list(user, *, current_session_key: str | None, now: datetime) -> list[SignedIn]:
    """This person's live sessions, this one first, then the most recently seen.

    Two queries however many there are: the rows, then their Django sessions (the
    database engine, config/settings.py). A session that has ended, idled out, or
    belongs to an old password is left out; sessions_clear tidies its row away.
    """
    rows = list(UserSession.objects.filter(user_id=user.pk).order_by("-last_seen_at", "-pk"))
    stored = Session.objects.filter(
        session_key__in=[row.session_key for row in rows], expire_date__gt=now
    )
    live = {session.session_key: session.get_decoded() for session in stored}
    auth_hash = user.get_session_auth_hash()
    found = []
    for row in rows:
        data = live.get(row.session_key)
        if (
            data is None
            or data.get(SESSION_KEY) != str(user.pk)
            or data.get(HASH_SESSION_KEY) != auth_hash
            or session_idle_expired(data, now=now)
        ):
            continue
        current = row.session_key == current_session_key
        found.append(
            SignedIn(row.pk, device_name(row.user_agent), row.ip, row.last_seen_at, current)
        )
    return sorted(found, key=lambda signed_in: not signed_in.current)
