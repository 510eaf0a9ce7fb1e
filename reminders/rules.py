"""When reminders go out: pure rules, no clock (pass `now`), no database.

The one rule, in the order it is applied:

1. A reminder's moment is a wall-clock time in the recipient's own IANA zone. A
   time the clocks skip (spring forward) moves to the first minute that exists
   after the jump; a time that happens twice (fall back) means the first one.
2. Quiet hours are never broken. They run from `quiet_start` up to (not
   including) `quiet_end`, over midnight when start > end; equal times mean no
   quiet hours. A reminder that falls inside them moves to the last minute before
   they started, if that minute is still ahead of what it is about (the step's
   start) and not before the moment it may first go out (when the step was
   planned; for a daily or weekly reminder, its own day's midnight, so it never
   lands on the day before). Otherwise it moves to the end of the quiet hours.
3. A reminder can expire: at its step's start, never more than its own lead time
   late (a kind without a step has a fixed lateness limit), and never inside the
   next quiet hours. The dispatcher asks `stale_reason` right before sending: an
   expired reminder is recorded as not sent with the reason, never sent late, so
   an outage never ends in a burst of stale messages, least of all at night.
4. Right before sending, a due row goes out only if it still helps (rule 3) and
   its recipient still wants it there: the account is open, reminders are not
   paused that local day, this kind is on, and the channel is on and has an
   address (an email address; a verified phone that has not replied STOP).
   `delivery_decide` says send, and to which address, or skip, and why (the
   recipient's part alone is `recipient_decide`, for wording a message). A try
   that goes wrong is tried again while it may (`delivery_after_error`); a STOP
   the provider reports is a skip, the person's choice, never "could not send".
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planner import rules

if TYPE_CHECKING:
    from reminders.models import ReminderPreferences

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)

# How late a reminder without a step may still go out (rule 3).
LATE_LIMITS = {
    "planning": timedelta(hours=6),
    "checkin": timedelta(hours=3),
    "safety_review": timedelta(hours=12),
    "digest": timedelta(hours=12),
}
# The weekly summary for supporters: Sunday 17:00 in the supporter's own zone.
DIGEST_WEEKDAY = 6
DIGEST_AT = time(17, 0)


@dataclass(frozen=True)
class Quiet:
    start: time
    end: time

    @property
    def empty(self) -> bool:
        return self.start == self.end

    def holds(self, at: time) -> bool:
        """Whether the wall-clock time `at` is inside quiet hours."""
        at = at.replace(tzinfo=None, fold=0)
        if self.empty:
            return False
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end


@dataclass(frozen=True)
class Planned:
    """One reminder as the rules place it (channels are the services' concern)."""

    due_at: datetime  # UTC, quiet hours applied
    expires_at: datetime | None  # UTC
    due_local: datetime  # due_at in the recipient's zone
    # Names the occurrence in a dedupe key: stable while the message is the same
    # one (a quiet-hours move keeps it, a step moved to another time does not).
    occurrence: str


def wall_to_utc(day: date, at: time, zone: ZoneInfo | str) -> datetime:
    """The UTC instant of `day` at wall-clock `at` in `zone` (rule 1)."""
    return rules.local_to_utc_or_after_gap(day, at, zone)


def _quiet(quiet_start: time, quiet_end: time) -> Quiet:
    return Quiet(quiet_start.replace(tzinfo=None), quiet_end.replace(tzinfo=None))


def in_quiet_hours(instant: datetime, *, zone: ZoneInfo, quiet_start: time, quiet_end: time):
    return _quiet(quiet_start, quiet_end).holds(instant.astimezone(zone).time())


def quiet_span(instant: datetime, *, zone: ZoneInfo, quiet_start: time, quiet_end: time):
    """(start, end) in UTC of the quiet hours holding `instant`, or None outside them."""
    quiet = _quiet(quiet_start, quiet_end)
    local = instant.astimezone(zone)
    if not quiet.holds(local.time()):
        return None
    start_day = local.date()
    if quiet.start > quiet.end and local.time().replace(fold=0) < quiet.end:
        start_day -= DAY  # the early-morning part of quiet hours that began last night
    end_day = start_day if quiet.start < quiet.end else start_day + DAY
    ends = wall_to_utc(end_day, quiet.end, zone)
    if ends <= instant:
        # The clocks went back over the end, and `instant` is in the repeated hour:
        # the quiet hours end at the second reading of that time, never before it.
        ends = datetime.combine(end_day, quiet.end.replace(fold=1), tzinfo=zone).astimezone(UTC)
    return wall_to_utc(start_day, quiet.start, zone), ends


def apply_quiet_hours(
    due: datetime,
    *,
    zone: ZoneInfo,
    quiet_start: time,
    quiet_end: time,
    not_after: datetime | None = None,
    not_before: datetime | None = None,
) -> datetime:
    """Move `due` out of quiet hours (rule 2).

    `not_after` is what the reminder is about (the step's start): the earlier
    minute must be before it. `not_before` is the first moment it may go out.
    """
    quiet = {"zone": zone, "quiet_start": quiet_start, "quiet_end": quiet_end}
    span = quiet_span(due, **quiet)
    if span is None:
        return due
    starts, ends = span
    earlier = starts - MINUTE
    if (not_after is None or earlier < not_after) and (not_before is None or earlier >= not_before):
        moved = earlier
    else:
        moved = ends
    # Where the clocks skip the only free minutes of a day (quiet hours of nearly
    # a whole day, ending in the skipped hour), go on to the next end of quiet hours.
    for _ in range(3):
        span = quiet_span(moved, **quiet)
        if span is None:
            break
        moved = span[1]
    return moved


def next_quiet_start(after: datetime, *, zone: ZoneInfo, quiet_start: time, quiet_end: time):
    """The first instant after `after` when quiet hours begin, or None if there are none."""
    quiet = _quiet(quiet_start, quiet_end)
    if quiet.empty:
        return None
    day = after.astimezone(zone).date() - DAY
    for offset in range(4):
        starts = wall_to_utc(day + timedelta(days=offset), quiet.start, zone)
        if starts > after:
            return starts
    return None  # pragma: no cover - quiet hours start every day


def expiry(
    due: datetime, *, limit: datetime, zone: ZoneInfo, quiet_start: time, quiet_end: time
) -> datetime:
    """The earlier of `limit` and the start of the next quiet hours (rule 3)."""
    quiet = next_quiet_start(due, zone=zone, quiet_start=quiet_start, quiet_end=quiet_end)
    return limit if quiet is None else min(limit, quiet)


def stale_reason(
    *,
    now: datetime,
    due_at: datetime,
    expires_at: datetime | None,
    step_starts_at: datetime | None = None,
) -> str | None:
    """Why a due reminder must not go out now, or None if it still helps (rule 3)."""
    if step_starts_at is not None and now >= step_starts_at:
        return "The step had already begun, so it was not sent late."
    if expires_at is not None and now >= expires_at:
        return "It could no longer help by the time it could go out, so it was not sent late."
    return None


def is_paused_on(day: date, *, paused_at: datetime | None, paused_until: date | None) -> bool:
    """ "Pause all reminders": everything, or every local day before `paused_until`."""
    return paused_at is not None and (paused_until is None or day < paused_until)


# --- Whether a due row goes out now (rule 4) ------------------------------------------

# The switch in the recipient's preferences for each of the person's own kinds;
# messages to supporters have none here (their link decides, when they are worded).
KIND_SWITCHES = {
    "planning": "planning_enabled",
    "step": "step_enabled",
    "checkin": "checkin_enabled",
    "safety_review": "safety_review_enabled",
}
OPTED_OUT = "This number replied STOP, so texts are off until it replies START."


@dataclass(frozen=True)
class Recipient:
    """Who a row is for, as far as the decision needs them, read right before sending."""

    active: bool  # the account is open
    zone: ZoneInfo
    email: str
    prefs: "ReminderPreferences"  # saved, or the unsaved defaults
    opted_out: bool  # their phone number replied STOP


@dataclass(frozen=True)
class Send:
    to: str  # the address it goes to today ("" when no recipient was given)


@dataclass(frozen=True)
class Skip:
    reason: str  # "not sent", in the words the delivery log shows


@dataclass(frozen=True)
class Retry:
    error: str
    attempt: int  # the try that went wrong; the wait before the next grows with it


@dataclass(frozen=True)
class Fail:
    error: str  # "could not send"


def delivery_decide(
    *,
    now: datetime,
    kind: str,
    channel: str,
    due_at: datetime,
    expires_at: datetime | None,
    step_starts_at: datetime | None,
    recipient: Recipient | None,
) -> Send | Skip:
    """Whether a claimed row goes out now, and to which address (rule 4).

    1. Too late to help (stale_reason, rule 3): skip.
    2. What the recipient wants (recipient_decide): skip, or send to their address.

    Without a `recipient` only step 1 is decided: a stand-in for the wording
    (the delivery tests' `message_for`) answers for the recipient.
    """
    reason = stale_reason(
        now=now, due_at=due_at, expires_at=expires_at, step_starts_at=step_starts_at
    )
    if reason:
        return Skip(reason)
    if recipient is None:
        return Send(to="")
    return recipient_decide(now=now, kind=kind, channel=channel, recipient=recipient)


def recipient_decide(
    *, now: datetime, kind: str, channel: str, recipient: Recipient
) -> Send | Skip:
    """Whether the recipient still wants this kind by this channel today, and where (rule 4).

    1. The account is closed, reminders are paused on the recipient's local day,
       or this kind is turned off: skip.
    2. By email: email turned off, this kind unsubscribed with the link, or no
       address: skip. By text: texts turned off, no verified phone, or the number
       replied STOP: skip.
    3. Otherwise send, to today's address.
    """
    prefs = recipient.prefs
    if not recipient.active:
        return Skip("The account is closed.")
    today = now.astimezone(recipient.zone).date()
    if is_paused_on(today, paused_at=prefs.paused_at, paused_until=prefs.paused_until):
        return Skip("Reminders were paused.")
    switch = KIND_SWITCHES.get(kind)
    if switch and not getattr(prefs, switch):
        return Skip("This kind of reminder is turned off.")
    if channel == "email":
        if not prefs.email_enabled:
            return Skip("Reminders by email are turned off.")
        if kind in (prefs.email_unsubscribed or []):
            return Skip("These emails were turned off with the link in one of them.")
        if not recipient.email:
            return Skip("There is no email address to send to.")
        return Send(to=recipient.email)
    if not prefs.sms_enabled:
        return Skip("Reminders by text are turned off.")
    if not prefs.phone_verified:
        return Skip("There is no verified phone number to text.")
    if recipient.opted_out:
        return Skip(OPTED_OUT)
    return Send(to=prefs.phone)


def delivery_after_error(
    *, error: str, transient: bool, opted_out: bool = False, attempt: int, max_attempts: int
) -> Skip | Retry | Fail:
    """What a try that went wrong comes to; `attempt` counts this try (rule 4).

    The provider saying the number replied STOP is their choice: skipped. A
    transient error is tried again until `max_attempts` tries have gone wrong,
    then failed; any other error fails at once.
    """
    if opted_out:
        return Skip(OPTED_OUT)
    if transient and attempt < max_attempts:
        return Retry(error=error, attempt=attempt)
    return Fail(error)


# --- Planners per kind ---------------------------------------------------------------


def step_reminders(
    *,
    starts_at: datetime,
    zone: ZoneInfo,
    quiet_start: time,
    quiet_end: time,
    evening_at: time | None,
    lead_minutes: int | None,
    now: datetime,
    keep_past: bool = False,
) -> list[Planned]:
    """The evening before (at `evening_at`, local) and `lead_minutes` before a step.

    Each expires at the step's start and never more than its lead time late. A
    reminder that cannot land ahead of the step (or is already past) is dropped,
    and so is a lead reminder that quiet hours pushed back onto the same evening
    as the evening-before one: that one already said it. `keep_past` keeps those
    already due but still in time: the services match them to waiting rows (so a
    re-plan a minute after one came due does not cancel it) but never write them.
    """
    wanted = []
    if evening_at is not None:
        day_before = starts_at.astimezone(zone).date() - DAY
        wanted.append(("evening", wall_to_utc(day_before, evening_at, zone)))
    if lead_minutes:
        wanted.append(("before", starts_at - timedelta(minutes=lead_minutes)))
    planned = []
    for slot, nominal in wanted:
        due = apply_quiet_hours(
            nominal,
            zone=zone,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
            not_after=starts_at,
            not_before=now,
        )
        limit = min(starts_at, due + (starts_at - nominal))
        expires = expiry(due, limit=limit, zone=zone, quiet_start=quiet_start, quiet_end=quiet_end)
        if due >= expires or (due < now and not keep_past):
            continue
        if slot == "before" and planned and due < nominal:
            if due.astimezone(zone).date() == planned[0].due_local.date():
                continue
        occurrence = f"{slot}:{starts_at.astimezone(UTC):%Y-%m-%dT%H:%MZ}"
        planned.append(Planned(due, expires, due.astimezone(zone), occurrence))
    return planned


def recurring_reminders(
    *,
    kind: str,
    zone: ZoneInfo,
    at: time,
    weekday: int | None,
    quiet_start: time,
    quiet_end: time,
    since: datetime,
    until: datetime,
) -> list[Planned]:
    """Daily (`weekday` None) or weekly reminders at local `at`, due in [since, until).

    The occurrence is the local date: one message per day it is meant for, so a
    time changed after it went out never sends a second one that day.
    """
    first = since.astimezone(zone).date() - DAY
    last = until.astimezone(zone).date() + DAY
    planned = []
    day = first
    while day <= last:
        if weekday is None or day.weekday() == weekday:
            item = _on_day(kind, day, at, zone, quiet_start, quiet_end)
            if since <= item.due_at < until:
                planned.append(item)
        day += DAY
    return planned


def _on_day(kind, day, at, zone, quiet_start, quiet_end) -> Planned:
    nominal = wall_to_utc(day, at, zone)
    due = apply_quiet_hours(
        nominal,
        zone=zone,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        not_before=wall_to_utc(day, time(0), zone),
    )
    expires = expiry(
        due,
        limit=due + LATE_LIMITS[kind],
        zone=zone,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
    )
    return Planned(due, expires, due.astimezone(zone), day.isoformat())


def safety_review_reminder(
    *, next_review_at: datetime, zone: ZoneInfo, at: time, quiet_start: time, quiet_end: time
) -> Planned:
    """The first local `at` on or after the review comes due (once per review)."""
    day = next_review_at.astimezone(zone).date()
    if wall_to_utc(day, at, zone) < next_review_at:
        day += DAY
    return _on_day("safety_review", day, at, zone, quiet_start, quiet_end)
