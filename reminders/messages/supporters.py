"""Messages to supporters: the weekly summary, and the reminder before a step they come along to.

reminders.messages.message_for dispatches DIGEST and ALLY_STEP outbox rows here. Each
returns the worded Message, or None when there is nothing to send any more (the
link ended, the step was moved out of the plan); the caller records that as skipped.
Both name why they came (the person turned it on for this supporter) and how to
stop. Words live in templates/reminders/supporters/; times are in the
supporter's own zone, and nothing outside the shared scopes is read.
"""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.models import ScheduledStep
from reminders.channels import Message
from reminders.models import Outbox, ReminderKind
from reminders.unsubscribe import unsubscribe_url
from supporters.models import AccessLog, SupporterLink
from supporters.selectors.digest import digest_for
from supporters.services.access import access_log_record_once

TEMPLATES = "reminders/supporters"


def digest_message(row: Outbox, to: str) -> Message | None:
    """The seven days up to and including the day it is due, in the person's own zone.

    Digests come on the same weekday each week, so each day is told exactly once.
    """
    link = _live_link(row)
    if link is None:
        return None
    owner = link.owner
    week_end = rules.local_date(row.due_at, owner.zone)
    week_start = week_end - timedelta(days=6)
    digest = digest_for(link=link, week_start=week_start, week_end=week_end)
    message = _render(row, to, "digest", {"link": link, "owner": owner, "digest": digest})
    # Worded means read for the supporter: the person's access log says so, once
    # per outbox row (a retry words it again). Recorded at the time it is worded,
    # which is when it goes.
    access_log_record_once(
        link=link,
        kind=AccessLog.Kind.DIGEST,
        scopes=digest.drew_on,
        key=f"weekly-summary/{row.pk}",
        now=timezone.now(),
    )
    return message


def ally_step_message(row: Outbox, to: str) -> Message | None:
    """Title, time in the supporter's zone and the person's note for their ally; nothing else."""
    link = _live_link(row)
    scheduled = _planned_step(row, link)
    if scheduled is None:
        return None
    context = {"link": link, "owner": link.owner, "scheduled": scheduled}
    message = _render(row, to, "ally_step", context)
    # The step is shared with its ally by naming them, not by a scope: logged as such.
    access_log_record_once(
        link=link,
        kind=AccessLog.Kind.ALLY,
        scopes=(),
        key=f"ally-step/{row.pk}",
        now=timezone.now(),
    )
    return message


def why_not(row: Outbox) -> str:
    """Why digest_message or ally_step_message would give None ("" if it would send)."""
    link = _live_link(row)
    if link is None:
        return "The sharing this was about has ended."
    if row.kind == ReminderKind.ALLY_STEP and _planned_step(row, link) is None:
        return "The step is no longer planned."
    return ""


def _live_link(row: Outbox) -> SupporterLink | None:
    """The row's link if it still stands and is this recipient's: a revoke stops every message."""
    if row.supporter_link_id is None:
        return None
    link = (
        SupporterLink.objects.select_related("owner", "supporter")
        .filter(pk=row.supporter_link_id, supporter_id=row.recipient_id, ended_at__isnull=True)
        .first()
    )
    return link


def _planned_step(row: Outbox, link: SupporterLink | None) -> ScheduledStep | None:
    """The step the reminder is about, while it is still planned in the person's week."""
    if link is None or row.scheduled_step_id is None:
        return None
    return (
        ScheduledStep.objects.select_related("step")
        .filter(
            pk=row.scheduled_step_id, owner_id=link.owner_id, status=ScheduledStep.Status.PLANNED
        )
        .first()
    )


def _render(row: Outbox, to: str, name: str, context: dict) -> Message:
    supporter = context["link"].supporter
    context |= {
        "supporter": supporter,
        # The owner's name stays out of the subject when either of them asked for discreet mode.
        "discreet": supporter.discreet or context["link"].owner.discreet,
        # Only the supporter's own choice takes "Stepwise" (and a step's title) out of what
        # lands on their phone: the person's discreet mode guards the person's devices, and
        # a supporter who did not ask for it trusts a message from a name they know.
        "supporter_discreet": supporter.discreet,
        "kind_label": ReminderKind(row.kind).label,
        "manage_url": _absolute(_manage_path(context["link"])),
        "unsubscribe_url": _unsubscribe_url(row),
    }
    # Times and dates in the templates read in the supporter's own zone.
    with timezone.override(supporter.zone):
        if row.channel == Outbox.Channel.SMS:
            text = render_to_string(f"{TEMPLATES}/{name}_sms.txt", context).strip()
            return Message(to=to, text=text)
        subject = render_to_string(f"{TEMPLATES}/{name}_subject.txt", context)
        return Message(
            to=to,
            subject=" ".join(subject.split()),
            text=render_to_string(f"{TEMPLATES}/{name}_email.txt", context),
            html=render_to_string(f"{TEMPLATES}/{name}_email.html", context),
        )


def _manage_path(link: SupporterLink) -> str:
    """The supporter's own page for this link: see what is shared, or step back."""
    return reverse("sharing:leave", kwargs={"pk": link.pk})


def _unsubscribe_url(row: Outbox) -> str:
    """The one-click link that stops this kind of message by email."""
    return unsubscribe_url(row.recipient, row.kind, issued=row.due_at)


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"
