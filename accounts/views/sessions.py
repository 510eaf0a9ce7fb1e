"""Where you're signed in: the list, ending one other session, or all of them."""

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import SecurityEvent
from accounts.reauth import reauthentication_required
from accounts.selectors.sessions import device_name, sessions_list
from accounts.services.security_events import record
from accounts.services.sessions import end_other_sessions, end_session


def sessions_page(request):
    signed_in = sessions_list(
        request.user, current_session_key=request.session.session_key, now=timezone.now()
    )
    others = [session for session in signed_in if not session.current]
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": signed_in,
            "others": others,
            "idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60),
            "remember_days": settings.SESSION_REMEMBER_FOR.days,
        },
    )


# Ending a session asks for the password first (fresh for 5 minutes, ASVS 5.0
# V7.5.2): someone at an unattended, signed-in laptop cannot sign the owner's own
# phone out to keep them from seeing what is being changed.
@require_POST
@reauthentication_required
def session_end(request, pk):
    try:
        ended = end_session(request.user, pk, current_session_key=request.session.session_key)
    except UserSession.DoesNotExist:
        raise Http404 from None
    device = device_name(ended.user_agent)
    _recorded(request, what=device)
    messages.success(request, f"{device} is signed out.")
    return redirect("accounts:sessions")


@require_POST
@reauthentication_required
def sessions_end_others(request):
    ended = end_other_sessions(request.user, request.session.session_key)
    if ended:
        _recorded(request, what=f"{ended} device{'s' if ended != 1 else ''}")
    messages.success(
        request, "You’re signed out everywhere else. Only this device is still signed in."
    )
    return redirect("accounts:sessions")


def _recorded(request, *, what: str) -> None:
    # On the person's account activity: if it was not them, they can see it was done.
    record(
        user=request.user,
        kind=SecurityEvent.Kind.SESSIONS_ENDED,
        request=request,
        now=timezone.now(),
        what=what,
    )
