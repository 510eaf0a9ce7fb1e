from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from common import ratelimit
from reminders.selectors.calendar import calendar_feed_ical
from reminders.services.calendar import calendar_feed_open

# Per feed, not per address: calendar services fetch many people's feeds from a
# few shared addresses, and keep polling revoked ones for months, so limiting by
# address would block everyone behind them. Tokens are 256 bits: nothing to guess.
FEED_LIMIT = {"limit": 120, "window": 60 * 60}


@login_not_required
@require_safe
def calendar_feed(request, token: str):
    """The person's steps as iCalendar, for whoever holds the private address."""
    now = timezone.now()
    feed = calendar_feed_open(token=token, now=now)
    if feed is None:
        raise Http404("No such calendar")
    if not ratelimit.hit("calendar-feed", str(feed.pk), **FEED_LIMIT):
        response = HttpResponse("Too many requests; try again later.", status=429)
        response["Retry-After"] = "600"
        return response
    body = calendar_feed_ical(feed=feed, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stepwise.ics"'
    # The address is the key: keep it out of shared caches and search engines.
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
