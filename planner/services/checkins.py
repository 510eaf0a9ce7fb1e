"""Writes for check-ins and the person's tag list."""

from collections.abc import Iterable
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common import versioning
from common.blind_index import matching
from planner import rules_checkins
from planner.models import CheckIn, CheckInSettings, Tag
from planner.models.checkins import TAG_MAX_LENGTH
from planner.selectors.checkins import checkin_settings_for
from reminders.sync import reminders_sync_recurring


def _clean_names(names: Iterable[str]) -> list[str]:
    """Trimmed, length-capped, and once each whatever the case ("Crowds" = "crowds")."""
    seen, kept = set(), []
    for raw in names:
        name = " ".join(raw.split())[:TAG_MAX_LENGTH]
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


@versioning.bumps("owner")
def tags_ensure(*, owner: User, names: Iterable[str]) -> list[Tag]:
    """The person's tags with these names, creating the new ones (keeps their first spelling)."""
    names = _clean_names(names)
    if not names:
        return []
    # Names are encrypted: found by their keyed hash (common.blind_index).
    existing = {
        tag.name.casefold(): tag
        for tag in Tag.objects.filter(matching(Tag, "name", *names), owner=owner)
    }
    missing = [Tag(owner=owner, name=name) for name in names if name.casefold() not in existing]
    for tag in missing:
        tag.full_clean(validate_unique=False, validate_constraints=False)
    # ignore_conflicts: two tabs adding the same new tag at once must not fail.
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        existing = {
            tag.name.casefold(): tag
            for tag in Tag.objects.filter(matching(Tag, "name", *names), owner=owner)
        }
    return [existing[name.casefold()] for name in names]


@versioning.bumps("owner")
def checkin_settings_update(
    *, owner: User, rhythm: str, weekday: int, at: time, now: datetime | None = None
) -> CheckInSettings:
    """Save the rhythm; the check-in reminders follow it in the same transaction."""
    settings = checkin_settings_for(owner)
    settings.rhythm, settings.weekday, settings.at = rhythm, weekday, at
    settings.full_clean()
    with transaction.atomic():
        settings.save()
        reminders_sync_recurring(owner=owner, now=now or timezone.now())
    return settings


@transaction.atomic
@versioning.bumps("owner")
def checkin_log(
    *,
    owner: User,
    now: datetime,
    mood: int,
    distress: int,
    energy: int,
    interactions: int,
    note: str = "",
    tags: Iterable[str] = (),
) -> tuple[CheckIn, bool]:
    """Record this period's check-in; a second one the same period edits the first.

    1. Work out the period holding `now` in the person's time zone and rhythm.
    2. Update that period's check-in, or create it.
    3. Replace its tags with the ones given, adding new names to the person's list.
    Returns the check-in and whether it was new.
    """
    settings = checkin_settings_for(owner)
    period = rules_checkins.period_for(
        now,
        owner.zone,
        rhythm=settings.rhythm,
        sunday_first=owner.week_starts_on_sunday,
    )
    checkin = (
        CheckIn.objects.select_for_update()
        .filter(owner=owner, rhythm=settings.rhythm, period_start=period.start)
        .first()
    )
    created = checkin is None
    if created:
        checkin = CheckIn(
            owner=owner, rhythm=settings.rhythm, period_start=period.start, created_at=now
        )
    checkin.mood, checkin.distress, checkin.energy = mood, distress, energy
    checkin.interactions, checkin.note, checkin.updated_at = interactions, note.strip(), now
    checkin.full_clean(validate_unique=False)
    checkin.save()
    checkin.tags.set(tags_ensure(owner=owner, names=tags))
    return checkin, created
