import json

from allauth.account.internal.flows.reauthentication import STATE_SESSION_KEY
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.services import sessions


class UserTimezoneMiddleware:
    """Show every time in the signed-in person's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # User.zone falls back to UTC for a zone tzdata no longer knows, rather
            # than refusing to show the page.
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class SessionActivityMiddleware:
    """Sign out a session idle past SESSION_IDLE_TIMEOUT; note activity once a minute.

    Stands in for allauth.usersessions' UserSessionsMiddleware, which writes the
    UserSession row on every request: this one writes it, and the session's own
    stamp, at most once per SESSION_ACTIVITY_EVERY (accounts/services/sessions.py).

    An idled-out person is signed out and told why, then the request goes on as a
    signed-out one: a page that needs sign-in sends them to it (and back after),
    while the safety plan and crisis lines still open for someone in a hard moment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key and request.user.is_authenticated:
            now = timezone.now()
            why = sessions.session_ended_why(session, now=now)
            if why:
                return self._sign_out(request, why)
            if sessions.session_activity_due(session, now=now):
                sessions.session_touch(request, now=now)
        return self.get_response(request)

    def _sign_out(self, request, why: str):
        sessions.end_session_here(request)
        if why == "idle":
            minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            said = f"You were signed out after {minutes} minutes without activity"
        else:
            hours = int(settings.SESSION_BROWSER_MAX.total_seconds() // 3600)
            said = f"You were signed out {hours} hours after signing in"
        messages.info(request, f"{said}, to keep your plan private.")
        response = self.get_response(request)
        if request.htmx and response.status_code == 302:
            # htmx would follow the redirect and swap the sign-in form into a corner
            # of the page; send the whole page there instead.
            return HttpResponseClientRedirect(response["Location"])
        return response


class NoStoreWhenSignedInMiddleware:
    """Tell every cache to keep no copy of a page shown to a signed-in person.

    On a shared computer the browser's cache outlives the session: after sign-out,
    the back button or the disk would still show the journal. `no-store` (with
    Django's other never-cache headers) keeps it from being written at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A view that already said no-store (a download, a private link) keeps its words.
        stored = "no-store" not in response.get("Cache-Control", "")
        if stored and user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ReauthenticationHtmxMiddleware:
    """Send htmx to the password page as a whole page, not into a fragment.

    allauth answers a request that needs a fresh password with a redirect to its
    reauthenticate page. htmx would follow it inside its own request and swap that
    page into a supporter's card; HX-Redirect makes the browser go there instead.
    The request allauth keeps aside to replay afterwards loses its htmx headers, so
    the replay answers as a whole page (the view then redirects back to where the
    person was), not as a fragment with nowhere to go.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and response["Location"].startswith(reverse("account_reauthenticate"))
        ):
            _forget_htmx_headers(request)
            return HttpResponseClientRedirect(response["Location"])
        return response


def _forget_htmx_headers(request) -> None:
    # allauth's own format for the kept request (allauth.core.internal.httpkit's
    # serialize_request, JSON with the request's META); tests cover the replay.
    state = request.session.get(STATE_SESSION_KEY)
    if not state or "request" not in state:
        return
    kept = json.loads(state["request"])
    kept["META"] = {k: v for k, v in kept["META"].items() if not k.startswith("HTTP_HX_")}
    state["request"] = json.dumps(kept)
    request.session[STATE_SESSION_KEY] = state
