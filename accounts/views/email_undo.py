"""The link in the "your email changed" notice: put the old address back.

No sign-in: whoever changed the address may have changed the password too. Opening
the page changes nothing (mail scanners follow links); the button does.
"""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.services.email_undo import CannotUndo, email_change_undo, email_change_undo_open
from common import ratelimit
from common.http import private

PAGE = "accounts/email_undo.html"
# A person opens it once and presses once; more than this from one address is guessing.
UNDO_LIMIT = {"limit": 20, "window": 60 * 60}


@login_not_required
@require_http_methods(["GET", "POST"])
def email_change_undo_view(request, token: str):
    if not ratelimit.hit("email-undo", ratelimit.client_ip(request), **UNDO_LIMIT):
        return private(render(request, "429.html", status=429))
    undo = email_change_undo_open(token)
    if undo is None:
        return private(render(request, PAGE, {"state": "gone"}, status=404))
    context = {"state": "ask", "undo": undo}
    if request.method == "POST":
        try:
            user = email_change_undo(undo=undo, now=timezone.now())
        except CannotUndo:
            return private(render(request, PAGE, {**context, "state": "taken"}, status=409))
        if request.user.is_authenticated and request.user.pk == user.pk:
            logout(request)
        context = {"state": "done", "undo": undo}
    return private(render(request, PAGE, context))
