"""Where a person is signed in: the idle rule, "keep me signed in", and ending sessions.

Each signed-in browser is a Django session with an allauth.usersessions UserSession
row beside it (device, address, last seen). Ending one deletes both, through
allauth's own adapter, so that browser is signed out on its very next request.

Callers: accounts/views/sessions.py (the page), accounts/receivers.py (password and
two-factor changes), and account deletion (end_all_sessions before the user goes).
"""

from collections.abc import Mapping
from datetime import datetime

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest

# Kept in the session itself: when activity was last written (epoch seconds), and
# that the person ticked "keep me signed in".
SEEN_KEY = "stepwise_seen"
REMEMBERED_KEY = "stepwise_remembered"
# When this sign-in began (epoch seconds): a browser-only sign-in ends after
# SESSION_BROWSER_MAX however busy, as a remembered one does after its 30 days.
STARTED_KEY = "stepwise_started"


def session_remember(session, *, remember: bool, now: datetime) -> None:
    """Keep this sign-in until `now` + SESSION_REMEMBER_FOR however busy, or (not
    ticked) until the browser closes, with the idle limit.

    A date, not a number of seconds: Django slides a number on every save, and the
    sign-in page promises "up to 30 days". Both ways are set every time, so an
    earlier attempt in the same browser (say, a two-factor step left unfinished)
    cannot carry its choice over.
    """
    if remember:
        session[REMEMBERED_KEY] = True
        session.set_expiry(now + settings.SESSION_REMEMBER_FOR)
    else:
        session.pop(REMEMBERED_KEY, None)
        session.set_expiry(0)


def session_signed_in(session, *, now: datetime) -> None:
    """Start the idle clock at sign-in (allauth's own sign-in signal writes the
    UserSession row then; the next activity write is a minute away)."""
    session[SEEN_KEY] = session[STARTED_KEY] = int(now.timestamp())


def session_ended_why(data: Mapping, *, now: datetime) -> str | None:
    """ "idle" past SESSION_IDLE_TIMEOUT, "long" past SESSION_BROWSER_MAX, or None.

    Activity is written at most once per SESSION_ACTIVITY_EVERY, so the stamp may be
    that much behind the last request: the limit counts from there, and nobody is
    signed out before a full SESSION_IDLE_TIMEOUT of quiet. A remembered session has
    neither limit (the person chose this device; its cookie carries a fixed date). A
    session with no stamp at all began before this rule: its first request stamps it.
    """
    if data.get(REMEMBERED_KEY):
        return None
    seen, started = data.get(SEEN_KEY), data.get(STARTED_KEY)
    idle = settings.SESSION_IDLE_TIMEOUT + settings.SESSION_ACTIVITY_EVERY
    if seen is not None and now.timestamp() - seen > idle.total_seconds():
        return "idle"
    if (
        started is not None
        and now.timestamp() - started > settings.SESSION_BROWSER_MAX.total_seconds()
    ):
        return "long"
    return None


def session_idle_expired(data: Mapping, *, now: datetime) -> bool:
    """Whether a session has ended by either limit (session_ended_why)."""
    return session_ended_why(data, now=now) is not None


def session_activity_due(data: Mapping, *, now: datetime) -> bool:
    seen = data.get(SEEN_KEY)
    return seen is None or now.timestamp() - seen >= settings.SESSION_ACTIVITY_EVERY.total_seconds()


def session_touch(request: HttpRequest, *, now: datetime) -> None:
    """Write "last seen" on the session and its UserSession row (allauth's own update)."""
    request.session[SEEN_KEY] = int(now.timestamp())
    UserSession.objects.create_from_request(request)


def end_other_sessions(user, keep_session_key: str | None) -> int:
    """Sign `user` out everywhere but the session `keep_session_key`; how many ended.

    For a password or two-factor change, and "Sign out everywhere else". Pass the
    current request's `request.session.session_key` (None ends them all).
    """
    sessions = UserSession.objects.filter(user_id=user.pk)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    return _end(sessions)


def end_all_sessions(user) -> int:
    """Sign `user` out everywhere (account deletion); how many ended.

    Inside a request of theirs, call django.contrib.auth.logout(request) after it, so
    the response does not try to save the session that was just deleted.
    """
    return _end(UserSession.objects.filter(user_id=user.pk))


def end_session(user, pk: int, *, current_session_key: str | None) -> UserSession:
    """End one of `user`'s other sessions; UserSession.DoesNotExist for anyone else's
    or for this very session (signing out here is the sign-out button)."""
    session = (
        UserSession.objects.filter(user_id=user.pk)
        .exclude(session_key=current_session_key or "")
        .get(pk=pk)
    )
    _end([session])
    return session


def end_session_here(request: HttpRequest) -> None:
    """Sign this browser out, its UserSession row with it."""
    UserSession.objects.filter(session_key=request.session.session_key).delete()
    logout(request)


def _end(sessions) -> int:
    sessions = list(sessions)
    get_adapter().end_sessions(sessions)
    return len(sessions)
