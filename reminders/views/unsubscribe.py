"""The one-click unsubscribe link in every reminder email (RFC 8058).

A mail provider POSTs "List-Unsubscribe=One-Click" to the link with no cookie,
no session and no CSRF token, so the POST is exempt from all three and takes
effect at once. A GET only shows a page with a button: mail scanners and link
previews fetch every link in a message, and must not unsubscribe anyone.

Whoever holds the link sees the page, so it shows the address masked. Pages are
limited per client (common.ratelimit.client_key), counting every page shown and
every link that does not open; a genuine link's POST is never refused, since
providers post from a few shared addresses and stopping mail must always work.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from common import ratelimit
from common.http import private
from common.masking import email_masked
from reminders.models import ReminderKind
from reminders.unsubscribe import (
    ENDED,
    OPEN,
    email_resubscribe,
    email_unsubscribe,
    is_email_unsubscribed,
    reminders_path,
    unsubscribe_open,
)

PAGE_LIMIT = {"limit": 20, "window": 60 * 60}
CLOSED = "reminders/unsubscribe/closed.html"
STATUS = {ENDED: 410, "busy": 429}


def _page(request, template: str, context: dict, status: int = 200):
    context = {"reminders_path": reminders_path(), **context}
    return private(render(request, template, context, status=status))


def _context(token: str, opened) -> dict:
    return {
        "token": token,
        "kind_label": ReminderKind(opened.kind).label,
        "email": email_masked(opened.user.email),
        "unsubscribed": is_email_unsubscribed(opened.user, opened.kind),
    }


def _refused(request, opened, *, acting: bool):
    """The page instead of the action, or None when the link may go ahead."""
    if opened.state == OPEN and acting:
        return None
    if not ratelimit.hit("unsubscribe-page", ratelimit.client_key(request), **PAGE_LIMIT):
        return _page(request, CLOSED, {"state": "busy"}, status=429)
    if opened.state != OPEN:
        return _page(request, CLOSED, {"state": opened.state}, STATUS.get(opened.state, 404))
    return None


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    now = timezone.now()
    opened = unsubscribe_open(token, now=now)
    acting = request.method == "POST"
    if (refused := _refused(request, opened, acting=acting)) is not None:
        return refused
    if acting:
        email_unsubscribe(user=opened.user, kind=opened.kind, now=now)
        return _page(request, "reminders/unsubscribe/done.html", _context(token, opened))
    return _page(request, "reminders/unsubscribe/confirm.html", _context(token, opened))


@login_not_required
@require_POST
def resubscribe(request, token: str):
    now = timezone.now()
    opened = unsubscribe_open(token, now=now)
    if (refused := _refused(request, opened, acting=True)) is not None:
        return refused
    email_resubscribe(user=opened.user, kind=opened.kind, now=now)
    context = _context(token, opened) | {"resubscribed": True}
    return _page(request, "reminders/unsubscribe/confirm.html", context)
