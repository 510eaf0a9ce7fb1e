""" "Not this time" from the link in a step reminder: no sign-in, the token is the key.

A GET only shows the step and one button: mail scanners and link previews fetch
every link in a message and must change nothing. The POST carries a CSRF token
like any form of ours (the button is on our own page). Nothing on the page but
the step's title and time: a screen may be watched.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from common import ratelimit
from common.http import private
from reminders.not_this_time import ASK, DONE, ENDED, GONE, not_this_time_open, not_this_time_say

# Links that do not open, per real client (common.ratelimit.client_key): past this,
# that client's next wrong link gets a pause instead. A genuine link always works,
# however often it is tapped and whoever else is guessing (tokens are signed, so
# guessing goes nowhere anyway).
UNKNOWN_TOKEN_LIMIT = {"limit": 20, "window": 60 * 60}
STATUS = {ASK: 200, DONE: 200, ENDED: 410, GONE: 404}


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def not_this_time(request, token: str):
    now = timezone.now()
    if request.method == "POST":
        opened = not_this_time_say(token=token, now=now)
    else:
        opened = not_this_time_open(token=token, now=now)
    if opened.state == GONE:
        client = ratelimit.client_key(request)
        if not ratelimit.hit("not-this-time-unknown", client, **UNKNOWN_TOKEN_LIMIT):
            page = render(request, "reminders/not_this_time.html", {"state": "busy"}, status=429)
            return private(page)
    context = {"state": opened.state, "token": token}
    if opened.state in (ASK, DONE):
        # The step's title and time, in its owner's zone: nothing else of theirs.
        context |= {"scheduled": opened.scheduled, "person": opened.scheduled.owner}
    page = render(request, "reminders/not_this_time.html", context, status=STATUS[opened.state])
    return private(page)
