from django.conf import settings
from django.contrib import messages
from django.utils import timezone
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
            if sessions.session_idle_expired(session, now=now):
                return self._sign_out(request)
            if sessions.session_activity_due(session, now=now):
                sessions.session_touch(request, now=now)
        return self.get_response(request)

    def _sign_out(self, request):
        sessions.end_session_here(request)
        minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
        messages.info(
            request,
            f"You were signed out after {minutes} minutes without activity, "
            "to keep your plan private.",
        )
        response = self.get_response(request)
        if request.htmx and response.status_code == 302:
            # htmx would follow the redirect and swap the sign-in form into a corner
            # of the page; send the whole page there instead.
            return HttpResponseClientRedirect(response["Location"])
        return response
