"""Reads for check-ins: the person's rhythm, this period's check-in, recent ones."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import User
from planner import rules_checkins
from planner.models import CheckIn, CheckInSettings, Tag

# Suggested trigger words offered until the person has their own; kept lower case
# so they read as the person's words once chosen.
SUGGESTED_TAGS = ("crowds", "noise", "conflict", "being watched", "anniversaries")
RECENT = 14


def checkin_settings_for(owner: User) -> CheckInSettings:
    """The saved settings, or unsaved defaults: a new person's page costs no write."""
    try:
        return CheckInSettings.objects.get(owner=owner)
    except CheckInSettings.DoesNotExist:
        return CheckInSettings(owner=owner)


def tag_names(owner: User) -> list[str]:
    # Sorted here: the database holds only ciphertext.
    return sorted(Tag.objects.filter(owner=owner).values_list("name", flat=True), key=str.casefold)


def tag_choices(owner: User, *, chosen=()) -> list[str]:
    """The person's own tags, then suggestions they have not got yet, then anything chosen."""
    own = tag_names(owner)
    have = {name.lower() for name in own}
    names = own + [name for name in SUGGESTED_TAGS if name not in have]
    have |= set(SUGGESTED_TAGS)
    return names + [name for name in chosen if name.lower() not in have]


@dataclass
class CheckInPage:
    settings: CheckInSettings
    period: rules_checkins.Period
    current: CheckIn | None
    recent: list[CheckIn]
    next_prompt: datetime
    due: bool


def checkin_page(*, owner: User, now: datetime) -> CheckInPage:
    """Everything the check-in page shows, in the same few queries whatever the history."""
    settings = checkin_settings_for(owner)
    zone = owner.zone
    sunday_first = owner.week_starts_on_sunday
    period = rules_checkins.period_for(now, zone, rhythm=settings.rhythm, sunday_first=sunday_first)
    recent = list(
        CheckIn.objects.filter(owner=owner)
        .prefetch_related("tags")
        .order_by("-period_start", "-pk")[:RECENT]
    )
    current = next(
        (c for c in recent if c.rhythm == settings.rhythm and c.period_start == period.start),
        None,
    )
    timing = {"rhythm": settings.rhythm, "weekday": settings.weekday, "at": settings.at}
    return CheckInPage(
        settings=settings,
        period=period,
        current=current,
        recent=recent,
        # Once this period is done, the next prompt is the next period's.
        next_prompt=rules_checkins.next_prompt(
            max(now, period.ends_at - timedelta(microseconds=1)) if current else now,
            zone,
            sunday_first=sunday_first,
            **timing,
        ),
        due=rules_checkins.is_due(
            now, zone, checked_in=current is not None, sunday_first=sunday_first, **timing
        ),
    )
