"""Helpers for the reminders page, phone verification and calendar feed tests."""

import re
from datetime import timedelta

from django.utils import timezone

from reminders.models import Outbox
from supporters.models import AllyResponse, SupporterLink
from tests.factories import ScheduledStepFactory, StepFactory, TrustedContactFactory

# The words the dispatcher records (reminders.rules.stale_reason).
BEGUN = "The step had already begun, so it was not sent late."


def ally_step(owner, supporter, *, answer="coming", title="Coffee at the corner café", **kwargs):
    """`supporter` supports `owner`, is the ally on a scheduled step, and answered `answer`."""
    now = timezone.now()
    link = SupporterLink.objects.create(
        owner=owner, supporter=supporter, relationship="friend", scope_plan=True, created_at=now
    )
    contact = TrustedContactFactory(
        owner=owner, name=supporter.display_name, can_be_ally=True, supporter_link=link
    )
    step = StepFactory(goal__owner=owner, title=title, ally=contact, **kwargs)
    scheduled = ScheduledStepFactory(step=step, starts_at=now + timedelta(days=2))
    if answer:
        AllyResponse.objects.create(
            scheduled_step=scheduled, link=link, answer=answer, answered_at=now
        )
    return scheduled, link


def outbox_history(owner, count: int, *, start=None, channel="email"):
    """`count` past messages to `owner`, one an hour back from `start`, mostly sent."""
    start = start or timezone.now()
    rows = []
    for n in range(count):
        due = start - timedelta(hours=n + 1)
        status = Outbox.Status.SENT
        extra = {"sent_at": due, "sent_to": owner.email}
        if n % 10 == 3:
            status, extra = Outbox.Status.SKIPPED, {"skip_reason": BEGUN}
        elif n % 10 == 7:
            status, extra = Outbox.Status.FAILED, {"last_error": "mailbox unavailable"}
        rows.append(
            Outbox(
                recipient=owner,
                kind=Outbox.Kind.PLANNING,
                channel=channel,
                due_at=due,
                status=status,
                attempts=1,
                dedupe_key=f"test:{owner.pk}:{channel}:{due.isoformat()}:{n}",
                **extra,
            )
        )
    Outbox.objects.bulk_create(rows)
    return rows


def feed_url_from(html: str) -> str:
    """The new feed's address as the reminders page shows it (once)."""
    return re.search(r'class="private-url" href="(http://testserver[^"]+\.ics)"', html).group(1)
