"""Reads for the reminders page: what comes next, and what was sent.

Both answer in a fixed number of queries however long the history grows.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import User
from planner.models import SafetyPlan
from planner.selectors.checkins import checkin_settings_for
from reminders.models import Outbox, ReminderKind
from reminders.models.outbox import Channel
from reminders.selectors import plan
from reminders.services.preferences import reminder_preferences_for
from supporters.models import SupporterLink

# Beyond the few days the outbox holds (reminders.services.schedule materialises
# three days ahead). The safety plan review, 30 to 90 days apart, is looked up
# with no horizon and always shown (reminders_preview).
PREVIEW_HORIZON = timedelta(days=40)
LOG_STATUSES = (
    Outbox.Status.SENT,
    Outbox.Status.FAILED,
    Outbox.Status.SKIPPED,
    Outbox.Status.SENDING,
    Outbox.Status.CLAIMED,
)
CHANNEL_LABELS = {
    (Channel.EMAIL,): "Email",
    (Channel.SMS,): "Text message",
    (Channel.EMAIL, Channel.SMS): "Email and text message",
}


@dataclass(frozen=True)
class PreviewItem:
    """One reminder to come. `channel` reads as words ("Email and text message");
    `channels` holds the codes."""

    kind: str
    kind_label: str
    channel: str
    channels: tuple[str, ...]
    due_local: datetime
    about: str
    # Past the next `limit`: the safety plan review, shown however far ahead it is.
    further: bool = False


def _about(kind: str, row: Outbox | None, zone) -> str:
    if kind == ReminderKind.PLANNING:
        return "Time to plan your week"
    if kind == ReminderKind.CHECKIN:
        return "A quick check-in"
    if kind == ReminderKind.SAFETY_REVIEW:
        return "Look over your safety plan"
    link = row.supporter_link if row is not None else None
    if kind == ReminderKind.DIGEST:
        return f"This week's summary for {link.owner}" if link else "A weekly summary"
    scheduled = row.scheduled_step if row is not None else None
    if scheduled is None:
        return "Before a planned step"
    starts = scheduled.starts_at.astimezone(zone)
    when = f"{starts:%a} {starts:%H:%M}"
    if kind == ReminderKind.ALLY_STEP and link is not None:
        return f"{link.owner}'s step \u201c{scheduled.step.title}\u201d, {when}"
    return f"\u201c{scheduled.step.title}\u201d, {when}"


def _group(key: str) -> tuple[str, str, str]:
    kind, obj, _channel, occurrence = key.split(":", 3)
    return kind, obj, occurrence


def reminders_preview(*, owner: User, now: datetime, limit: int = 10) -> list[PreviewItem]:
    """The next `limit` reminders the person will get, at exact local times.

    Waiting outbox rows (step and ally reminders, and the next few days of the
    rest) merged with what the preferences plan beyond them; one item per
    message whatever the number of channels.
    """
    zone = owner.zone
    prefs = reminder_preferences_for(owner)
    checkins = checkin_settings_for(owner)
    safety = SafetyPlan.objects.filter(owner=owner).first()
    links = list(
        SupporterLink.objects.select_related("owner").filter(
            supporter=owner, digest_enabled=True, ended_at__isnull=True
        )
    )
    rows = list(
        Outbox.objects.select_related("scheduled_step__step", "supporter_link__owner")
        .filter(recipient=owner, status=Outbox.Status.PENDING, due_at__gte=now)
        .order_by("due_at", "pk")[: limit * 4]
    )
    until = now + PREVIEW_HORIZON
    wanted = plan.wanted_recurring(
        owner, prefs=prefs, checkins=checkins, plan=None, since=now, until=until
    )
    wanted += plan.wanted_safety_review(owner, prefs=prefs, plan=safety, since=now, until=None)
    links_by_pk = {link.pk: link for link in links}
    for link in links:
        wanted += plan.wanted_digest(link, supporter=owner, prefs=prefs, since=now, until=until)

    groups: dict[tuple, dict] = {}
    for row in rows:
        entry = groups.setdefault(
            _group(row.dedupe_key), {"due": row.due_at, "kind": row.kind, "row": row, "ch": set()}
        )
        entry["ch"].add(row.channel)
    seen = {row.dedupe_key for row in rows}
    for item in wanted:
        if item.dedupe_key in seen:
            continue
        row = Outbox(supporter_link=links_by_pk.get(item.supporter_link_id))
        entry = groups.setdefault(
            _group(item.dedupe_key),
            {"due": item.due_at, "kind": item.kind, "row": row, "ch": set()},
        )
        entry["ch"].add(item.channel)

    ordered = sorted(groups.values(), key=lambda entry: entry["due"])
    # The next review may lie weeks past the first ten: it is shown anyway, last.
    further = [e for e in ordered[limit:] if e["kind"] == ReminderKind.SAFETY_REVIEW][:1]
    items = []
    for entry in ordered[:limit] + further:
        channels = tuple(code for code in Channel.values if code in entry["ch"])
        items.append(
            PreviewItem(
                kind=entry["kind"],
                kind_label=ReminderKind(entry["kind"]).label,
                channel=CHANNEL_LABELS[channels],
                channels=channels,
                due_local=entry["due"].astimezone(zone),
                about=_about(entry["kind"], entry["row"], zone),
                further=bool(further) and entry is further[0],
            )
        )
    return items


def delivery_log(*, owner: User, limit: int = 50) -> list[Outbox]:
    """The last `limit` messages to the person: sent, could not send, or not sent (and why)."""
    return list(
        Outbox.objects.select_related("scheduled_step__step", "supporter_link__owner")
        .filter(recipient=owner, status__in=LOG_STATUSES)
        .order_by("-due_at", "-pk")[:limit]
    )
