"""Which outbox rows a person's settings and plan want: no writes, few reads.

reminders.services.schedule writes these rows; reminders.selectors.preview shows
them as a preview. Times come from reminders.rules; this module adds the
channels, the pause, and the dedupe key that makes writing them twice a no-op.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from accounts.models import User
from planner.models import CheckInSettings, SafetyPlan, ScheduledStep
from planner.models.safety import ReviewEvery
from reminders import rules as rr
from reminders.models import Outbox, ReminderKind, ReminderPreferences
from reminders.models.outbox import Channel
from supporters.models import SupporterLink

RECURRING = (ReminderKind.PLANNING, ReminderKind.CHECKIN, ReminderKind.SAFETY_REVIEW)
STEP_KINDS = (ReminderKind.STEP, ReminderKind.ALLY_STEP)
EMAIL_ONLY = (ReminderKind.DIGEST,)


@dataclass(frozen=True)
class Wanted:
    recipient_id: int
    kind: str
    channel: str
    due_at: datetime
    expires_at: datetime | None
    due_local: datetime
    dedupe_key: str
    scheduled_step_id: int | None = None
    supporter_link_id: int | None = None

    def row(self) -> Outbox:
        return Outbox(
            recipient_id=self.recipient_id,
            kind=self.kind,
            channel=self.channel,
            due_at=self.due_at,
            expires_at=self.expires_at,
            dedupe_key=self.dedupe_key,
            scheduled_step_id=self.scheduled_step_id,
            supporter_link_id=self.supporter_link_id,
        )


@lru_cache(maxsize=1)
def _default_prefs() -> ReminderPreferences:
    return ReminderPreferences()


@lru_cache(maxsize=1)
def _default_checkins() -> CheckInSettings:
    return CheckInSettings()


def prefs_of(user: User) -> ReminderPreferences:
    """The person's preferences (loaded with select_related or fetched), else the defaults.

    The defaults are one shared, unsaved instance: read it, never change it.
    """
    try:
        return user.reminder_preferences
    except ReminderPreferences.DoesNotExist:
        return _default_prefs()


def checkins_of(user: User) -> CheckInSettings:
    try:
        return user.checkin_settings
    except CheckInSettings.DoesNotExist:
        return _default_checkins()


def channels_for(prefs: ReminderPreferences, kind: str) -> list[str]:
    """Email when it is on and this kind was not unsubscribed; a text to a verified phone."""
    channels = []
    if prefs.email_enabled and kind not in (prefs.email_unsubscribed or []):
        channels.append(Channel.EMAIL)
    if kind not in EMAIL_ONLY and prefs.sms_enabled and prefs.phone_verified:
        channels.append(Channel.SMS)
    return channels


def _fan_out(planned, *, kind, obj, prefs, recipient_id, **about) -> list[Wanted]:
    """One row per channel for each planned moment outside the person's pause."""
    wanted = []
    for item in planned:
        if rr.is_paused_on(
            item.due_local.date(), paused_at=prefs.paused_at, paused_until=prefs.paused_until
        ):
            continue
        for channel in channels_for(prefs, kind):
            wanted.append(
                Wanted(
                    recipient_id=recipient_id,
                    kind=kind,
                    channel=channel,
                    due_at=item.due_at,
                    expires_at=item.expires_at,
                    due_local=item.due_local,
                    dedupe_key=f"{kind}:{obj}:{channel}:{item.occurrence}",
                    **about,
                )
            )
    return wanted


def _step_times(scheduled: ScheduledStep, prefs: ReminderPreferences, zone, now):
    return rr.step_reminders(
        starts_at=scheduled.starts_at,
        zone=zone,
        quiet_start=prefs.quiet_start,
        quiet_end=prefs.quiet_end,
        evening_at=prefs.step_evening_at if prefs.step_evening_before else None,
        lead_minutes=prefs.step_lead_minutes,
        now=now,
        keep_past=True,
    )


def _upcoming(scheduled: ScheduledStep, now: datetime) -> bool:
    # A goal paused on its own keeps its steps in the week, but asks for quiet:
    # no reminders until it is active again.
    return (
        scheduled.status == ScheduledStep.Status.PLANNED
        and scheduled.starts_at > now
        and scheduled.step.goal.status == scheduled.step.goal.Status.ACTIVE
    )


def wanted_for_step(
    scheduled: ScheduledStep, *, owner: User, prefs: ReminderPreferences, now: datetime
) -> list[Wanted]:
    """The owner's own reminders before a planned, upcoming step."""
    if not _upcoming(scheduled, now) or not prefs.step_enabled:
        return []
    planned = _step_times(scheduled, prefs, owner.zone, now)
    return _fan_out(
        planned,
        kind=ReminderKind.STEP,
        obj=scheduled.pk,
        prefs=prefs,
        recipient_id=owner.pk,
        scheduled_step_id=scheduled.pk,
    )


def wanted_for_ally(
    scheduled: ScheduledStep,
    *,
    link: SupporterLink,
    supporter: User,
    prefs: ReminderPreferences,
    now: datetime,
) -> list[Wanted]:
    """An ally's reminders, by the supporter's own lead times, zone and quiet hours."""
    if not _upcoming(scheduled, now) or not link.is_active:
        return []
    planned = _step_times(scheduled, prefs, supporter.zone, now)
    return _fan_out(
        planned,
        kind=ReminderKind.ALLY_STEP,
        obj=f"{scheduled.pk}-{link.pk}",
        prefs=prefs,
        recipient_id=supporter.pk,
        scheduled_step_id=scheduled.pk,
        supporter_link_id=link.pk,
    )


def safety_review_window(since: datetime, until: datetime) -> tuple[datetime, datetime]:
    """Review times whose next review (30 to 90 days on, as the person chose) could
    fall in [since, until); a day's margin each side for the reminder's local time."""
    shortest, longest = min(ReviewEvery.values), max(ReviewEvery.values)
    return since - timedelta(days=longest + 1), until - timedelta(days=shortest - 1)


@lru_cache(maxsize=4096)
def _recurring(**kwargs) -> tuple[rr.Planned, ...]:
    # Most people share a zone and the default times: materialising 100k people
    # works out each distinct rhythm once, not once per person.
    return tuple(rr.recurring_reminders(**kwargs))


def wanted_recurring(
    user: User,
    *,
    prefs: ReminderPreferences,
    checkins: CheckInSettings,
    plan: SafetyPlan | None,
    since: datetime,
    until: datetime,
) -> list[Wanted]:
    """Planning prompts, check-in reminders and the safety plan review due in [since, until)."""
    zone = user.zone
    quiet = {"quiet_start": prefs.quiet_start, "quiet_end": prefs.quiet_end}
    window = {"zone": zone, "since": since, "until": until, **quiet}
    wanted = []
    if prefs.planning_enabled:
        planned = _recurring(
            kind="planning", at=prefs.planning_at, weekday=prefs.planning_weekday, **window
        )
        wanted += _fan_out(
            planned, kind=ReminderKind.PLANNING, obj=user.pk, prefs=prefs, recipient_id=user.pk
        )
    if prefs.checkin_enabled:
        weekly = checkins.rhythm == "weekly"
        planned = _recurring(
            kind="checkin", at=checkins.at, weekday=checkins.weekday if weekly else None, **window
        )
        wanted += _fan_out(
            planned, kind=ReminderKind.CHECKIN, obj=user.pk, prefs=prefs, recipient_id=user.pk
        )
    wanted += wanted_safety_review(user, prefs=prefs, plan=plan, since=since, until=until)
    return wanted


def wanted_safety_review(
    user: User,
    *,
    prefs: ReminderPreferences,
    plan: SafetyPlan | None,
    since: datetime,
    until: datetime | None,
) -> list[Wanted]:
    """The safety plan review reminder if it is due in [since, until) (no end: whenever).

    Only for a plan with something in it; once per review, at the planning prompt's
    time (the person's chosen moment for looking ahead).
    """
    if not (prefs.safety_review_enabled and plan is not None and plan.pk and plan.reviewed_at):
        return []
    if plan.is_empty:
        return []
    item = rr.safety_review_reminder(
        next_review_at=plan.next_review_at,
        zone=user.zone,
        at=prefs.planning_at,
        quiet_start=prefs.quiet_start,
        quiet_end=prefs.quiet_end,
    )
    if item.due_at < since or (until is not None and item.due_at >= until):
        return []
    return _fan_out(
        [item], kind=ReminderKind.SAFETY_REVIEW, obj=user.pk, prefs=prefs, recipient_id=user.pk
    )


def wanted_digest(
    link: SupporterLink,
    *,
    supporter: User,
    prefs: ReminderPreferences,
    since: datetime,
    until: datetime,
) -> list[Wanted]:
    """The weekly summary to a supporter, Sunday 17:00 in the supporter's own zone."""
    if not (link.digest_enabled and link.is_active):
        return []
    planned = _recurring(
        kind="digest",
        zone=supporter.zone,
        at=rr.DIGEST_AT,
        weekday=rr.DIGEST_WEEKDAY,
        quiet_start=prefs.quiet_start,
        quiet_end=prefs.quiet_end,
        since=since,
        until=until,
    )
    return _fan_out(
        planned,
        kind=ReminderKind.DIGEST,
        obj=link.pk,
        prefs=prefs,
        recipient_id=supporter.pk,
        supporter_link_id=link.pk,
    )
