"""The one-click unsubscribe link in every reminder email (RFC 8058).

A mail provider POSTs "List-Unsubscribe=One-Click" to the link with no cookie,
no session and no CSRF token, so the POST is exempt from all three and takes
effect at once. A GET only shows a page with a button: mail scanners and link
previews fetch every link in a message, and must not unsubscribe anyone.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from reminders.models import ReminderKind
from reminders.unsubscribe import (
    email_resubscribe,
    email_unsubscribe,
    is_email_unsubscribed,
    reminders_path,
    token_read,
)


def _person_and_kind(token: str) -> tuple[User, str]:
    found = token_read(token)
    if found is None:
        raise Http404("This link does not work.")
    user_id, kind = found
    return get_object_or_404(User, pk=user_id, is_active=True), kind


def _context(token: str, user: User, kind: str) -> dict:
    return {
        "token": token,
        "kind_label": ReminderKind(kind).label,
        "email": user.email,
        "unsubscribed": is_email_unsubscribed(user, kind),
        "reminders_path": reminders_path(),
    }


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    user, kind = _person_and_kind(token)
    if request.method == "POST":
        email_unsubscribe(user=user, kind=kind, now=timezone.now())
        context = _context(token, user, kind)
        return render(request, "reminders/unsubscribe/done.html", context)
    return render(request, "reminders/unsubscribe/confirm.html", _context(token, user, kind))


@login_not_required
@require_POST
def resubscribe(request, token: str):
    user, kind = _person_and_kind(token)
    email_resubscribe(user=user, kind=kind, now=timezone.now())
    context = _context(token, user, kind) | {"resubscribed": True}
    return render(request, "reminders/unsubscribe/confirm.html", context)
