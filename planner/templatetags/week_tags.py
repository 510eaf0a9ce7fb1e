"""Dates and times the way the person's locale writes them, and the forecast chart.

Times arrive already in the person's zone (UserTimezoneMiddleware activates it);
these only choose how to write them: "18:30" or "6:30 PM", "Tuesday 3 March" or
"Tuesday, March 3".
"""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from planner import charts

register = template.Library()

TWELVE_HOUR = {"en-US", "en-CA", "en-AU", "en-NZ", "en-IN"}
MONTH_FIRST = {"en-US", "en-CA"}


def clock_text(value, locale: str) -> str:
    return date_format(value, "g:i A" if locale in TWELVE_HOUR else "H:i")


@register.filter
def clock(value, person) -> str:
    """A time (or a datetime, shown in the active zone) as the person reads clocks."""
    if value in (None, ""):
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = timezone.localtime(value)
    return clock_text(value, getattr(person, "locale", "en-GB"))


@register.filter
def day_label(value, person) -> str:
    """ "Tuesday 3 March" or "Tuesday, March 3"."""
    if value in (None, ""):
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    month_first = getattr(person, "locale", "") in MONTH_FIRST
    return date_format(value, "l, F j" if month_first else "l j F")


@register.filter
def short_day(value, person) -> str:
    """ "Tue 3 Mar" or "Tue, Mar 3"."""
    if value in (None, ""):
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    month_first = getattr(person, "locale", "") in MONTH_FIRST
    return date_format(value, "D, M j" if month_first else "D j M")


@register.simple_tag(takes_context=True)
def forecast_chart(context, points, chart_id: str):
    """The SVG of planner.charts for ForecastPoints, dated in the person's zone."""
    person = context.get("user")
    return charts.forecast_chart(
        predicted=[p.predicted for p in points],
        peaks=[p.peak for p in points],
        labels=[short_day(p.happened_at, person).split(" ", 1)[-1] for p in points],
        chart_id=chart_id,
    )
