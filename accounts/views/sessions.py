"""Where you're signed in: the list, ending one other session, or all of them."""

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.selectors.sessions import device_name, sessions_list
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


@require_POST
def session_end(request, pk):
    try:
        ended = end_session(request.user, pk, current_session_key=request.session.session_key)
    except UserSession.DoesNotExist:
        raise Http404 from None
    messages.success(request, f"{device_name(ended.user_agent)} is signed out.")
    return redirect("accounts:sessions")


@require_POST
def sessions_end_others(request):
    end_other_sessions(request.user, request.session.session_key)
    messages.success(
        request, "You’re signed out everywhere else. Only this device is still signed in."
    )
    return redirect("accounts:sessions")
