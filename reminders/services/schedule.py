"""Writing the reminders outbox: rows follow the plan in the same transaction.

Every change that moves a reminder (scheduling, moving or cancelling a step,
pausing, new preferences, a new time zone) calls one of these inside its own
transaction, so the outbox never disagrees with what was saved.

Only waiting (pending) rows are ever moved or cancelled; a row already claimed,
being sent, sent or skipped is history and stays as it is. A cancelled row is
kept (the delivery log and dedupe keys need it) and comes back to life if the
same message is wanted again. Dedupe keys name the message, not its minute: a
quiet-hours move updates the waiting row, a step moved to another time is a new
message with a new key.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from planner.models import SafetyPlan, ScheduledStep
from reminders.messages.prepared import outbox_prepare_keys, outbox_reword
from reminders.models import Outbox, ReminderKind
from reminders.selectors import plan
from reminders.selectors.plan import Wanted
from supporters.models import AllyResponse, SupporterLink

PENDING, CANCELLED = Outbox.Status.PENDING, Outbox.Status.CANCELLED
MATERIALISE_DAYS = 3
LOOKBACK = timedelta(hours=1)
BATCH = 1000


def _reconcile(*, scope: Q, wanted: Iterable[Wanted], now: datetime) -> int:
    """Make the pending rows in `scope` exactly `wanted`; returns rows written or revived.

    1. Load the pending rows in scope and any row already holding a wanted key.
    2. New keys are created; a cancelled row with a wanted key is revived; a
       pending one whose moment changed is moved in place. A wanted moment
       already past only keeps its waiting row: nothing is written to go late.
    3. Pending rows in scope that are no longer wanted are cancelled.
    4. The wanted rows are worded (reminders.messages.prepared), unless already current.
    Each update is conditional on the status, so a row the dispatcher claims
    meanwhile is left to it.
    """
    wanted = {item.dedupe_key: item for item in wanted}
    existing = {
        row.dedupe_key: row
        for row in Outbox.objects.filter(
            (scope & Q(status=PENDING)) | Q(dedupe_key__in=list(wanted))
        ).only("pk", "dedupe_key", "status", "due_at", "expires_at")
    }
    new = [item.row() for key, item in wanted.items() if key not in existing and item.due_at >= now]
    Outbox.objects.bulk_create(new, ignore_conflicts=True)
    written = len(new)
    for key, item in wanted.items():
        row = existing.get(key)
        if row is None or row.status not in (PENDING, CANCELLED):
            continue
        if row.status == CANCELLED and item.due_at < now:
            continue
        if row.status == PENDING and (row.due_at, row.expires_at) == (
            item.due_at,
            item.expires_at,
        ):
            continue
        written += row.status == CANCELLED
        Outbox.objects.filter(pk=row.pk, status=row.status).update(
            status=PENDING,
            due_at=item.due_at,
            expires_at=item.expires_at,
            skip_reason="",
            updated_at=now,
        )
    gone = [row.pk for key, row in existing.items() if row.status == PENDING and key not in wanted]
    if gone:
        Outbox.objects.filter(pk__in=gone, status=PENDING).update(status=CANCELLED, updated_at=now)
    # Worded now, so the minute they are due costs only the sending. The fingerprint
    # leaves a row whose words are current alone, so re-planning costs no rendering.
    outbox_prepare_keys(wanted)
    return written


def _with_prefs(users: Iterable[int]) -> dict[int, User]:
    return {
        user.pk: user
        for user in User.objects.select_related("reminder_preferences").filter(pk__in=set(users))
    }


def _ally_link(scheduled: ScheduledStep) -> SupporterLink | None:
    """The live supporter link behind the step's ally, unless they said they can't come."""
    contact = scheduled.step.ally
    link = contact.supporter_link if contact is not None else None
    if link is None or not link.is_active or link.owner_id != scheduled.owner_id:
        return None
    cannot = AllyResponse.objects.filter(
        scheduled_step=scheduled, link=link, answer=AllyResponse.Answer.CANNOT
    ).exists()
    return None if cannot else link


def reminders_sync_scheduled_step(*, scheduled: ScheduledStep, now: datetime) -> None:
    """Write, move or cancel the step's reminders: the owner's, and its ally's.

    Runs inside the caller's transaction (a savepoint of its own).
    """
    scheduled = ScheduledStep.objects.select_related(
        "step__goal", "step__ally__supporter_link"
    ).get(pk=scheduled.pk)
    link = _ally_link(scheduled)
    people = _with_prefs([scheduled.owner_id] + ([link.supporter_id] if link else []))
    owner = people[scheduled.owner_id]
    wanted = plan.wanted_for_step(scheduled, owner=owner, prefs=plan.prefs_of(owner), now=now)
    if link is not None:
        supporter = people[link.supporter_id]
        wanted += plan.wanted_for_ally(
            scheduled, link=link, supporter=supporter, prefs=plan.prefs_of(supporter), now=now
        )
    with transaction.atomic():
        _reconcile(
            scope=Q(scheduled_step=scheduled, kind__in=plan.STEP_KINDS), wanted=wanted, now=now
        )


def reminders_sync_steps_of(*, step=None, goal=None, now: datetime) -> None:
    """Re-plan every upcoming planned time of a ladder step (its ally changed) or of
    every step of a goal (it was paused or woken)."""
    upcoming = ScheduledStep.objects.filter(status=ScheduledStep.Status.PLANNED, starts_at__gt=now)
    upcoming = upcoming.filter(step=step) if step is not None else upcoming.filter(step__goal=goal)
    for scheduled in upcoming:
        reminders_sync_scheduled_step(scheduled=scheduled, now=now)


def reminders_cancel_for_steps(*, scheduled_ids: Iterable[int], now: datetime) -> int:
    """Cancel every waiting reminder of these steps (paused or removed in bulk)."""
    return Outbox.objects.filter(
        scheduled_step_id__in=list(scheduled_ids), kind__in=plan.STEP_KINDS, status=PENDING
    ).update(status=CANCELLED, updated_at=now)


def _recurring_for(user: User, *, since: datetime, until: datetime) -> list[Wanted]:
    prefs = plan.prefs_of(user)
    safety = SafetyPlan.objects.filter(owner=user).first()
    checkins = plan.checkins_of(user)
    wanted = plan.wanted_recurring(
        user, prefs=prefs, checkins=checkins, plan=safety, since=since, until=until
    )
    links = SupporterLink.objects.filter(supporter=user, digest_enabled=True, ended_at__isnull=True)
    for link in links:
        wanted += plan.wanted_digest(link, supporter=user, prefs=prefs, since=since, until=until)
    return wanted


def reminders_sync_recurring(*, owner: User, now: datetime) -> None:
    """Re-plan the person's planning, check-in, safety review and digest reminders."""
    user = User.objects.select_related("reminder_preferences", "checkin_settings").get(pk=owner.pk)
    kinds = (*plan.RECURRING, ReminderKind.DIGEST)
    # From a while back: a reminder that came due a moment ago and still waits for
    # the dispatcher is kept if still wanted, and cancelled if not (a new pause).
    since = now - LOOKBACK
    scope = Q(recipient=user, kind__in=kinds, due_at__gte=since)
    # Cover every row already waiting, even one planned further ahead than usual.
    last = Outbox.objects.filter(scope, status=PENDING).order_by("-due_at").first()
    until = now + timedelta(days=MATERIALISE_DAYS)
    if last is not None:
        until = max(until, last.due_at + timedelta(minutes=1))
    with transaction.atomic():
        wanted = _recurring_for(user, since=since, until=until)
        _reconcile(scope=scope, wanted=wanted, now=now)


def reminders_replan(*, owner: User, now: datetime) -> None:
    """After preferences, time zone, pause or phone change: re-plan everything they get.

    Their recurring reminders, their upcoming steps, and the steps where they are
    someone's ally (their own lead times and quiet hours apply there too).
    """
    with transaction.atomic():
        reminders_sync_recurring(owner=owner, now=now)
        upcoming = list(
            ScheduledStep.objects.filter(
                Q(owner=owner) | Q(step__ally__supporter_link__supporter=owner),
                status=ScheduledStep.Status.PLANNED,
                starts_at__gt=now,
            ).distinct()
        )
        for scheduled in upcoming:
            reminders_sync_scheduled_step(scheduled=scheduled, now=now)
        # A step no longer planned, or no longer theirs to come along to, keeps no
        # waiting reminder for them.
        Outbox.objects.filter(recipient=owner, kind__in=plan.STEP_KINDS, status=PENDING).exclude(
            scheduled_step__in=[scheduled.pk for scheduled in upcoming]
        ).update(status=CANCELLED, updated_at=now)
        # A new zone, phone or planning hour changes words even where no time moved.
        outbox_reword(recipient_id=owner.pk)


def reminders_materialise(*, now: datetime, days: int = MATERIALISE_DAYS) -> int:
    """Write everyone's recurring reminders due in the next `days` days; returns rows written.

    People are read in keyset batches of BATCH, each in a few queries; writing
    the same day twice writes nothing new (the dedupe keys are already there).
    """
    until = now + timedelta(days=days)
    review_from, review_to = plan.safety_review_window(now, until)
    written, last_pk = 0, 0
    while True:
        users = list(
            User.objects.select_related("reminder_preferences", "checkin_settings")
            .filter(is_active=True, pk__gt=last_pk)
            .order_by("pk")[:BATCH]
        )
        if not users:
            return written
        # The batch is a contiguous range of ids: ranges keep every query short.
        first_pk, last_pk = users[0].pk, users[-1].pk
        plans = {
            safety.owner_id: safety
            for safety in SafetyPlan.objects.filter(
                owner_id__gte=first_pk,
                owner_id__lte=last_pk,
                reviewed_at__gte=review_from,
                reviewed_at__lt=review_to,
            )
        }
        by_pk = {user.pk: user for user in users}
        wanted = []
        for user in users:
            prefs = plan.prefs_of(user)
            wanted += plan.wanted_recurring(
                user,
                prefs=prefs,
                checkins=plan.checkins_of(user),
                plan=plans.get(user.pk),
                since=now,
                until=until,
            )
        links = SupporterLink.objects.filter(
            supporter_id__gte=first_pk,
            supporter_id__lte=last_pk,
            digest_enabled=True,
            ended_at__isnull=True,
        )
        for link in links:
            supporter = by_pk.get(link.supporter_id)
            if supporter is None:  # inactive
                continue
            wanted += plan.wanted_digest(
                link, supporter=supporter, prefs=plan.prefs_of(supporter), since=now, until=until
            )
        # The keys already written for these people around the window (a row keeps
        # its key when a new zone moves it by up to a day, hence the margin).
        have = set(
            Outbox.objects.filter(
                recipient_id__gte=first_pk,
                recipient_id__lte=last_pk,
                kind__in=(*plan.RECURRING, ReminderKind.DIGEST),
                due_at__gte=now - timedelta(days=2),
                due_at__lt=until + timedelta(days=2),
            ).values_list("dedupe_key", flat=True)
        )
        new = [item.row() for item in wanted if item.dedupe_key not in have]
        # ignore_conflicts: a replan in another transaction may write the same key first.
        Outbox.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
        outbox_prepare_keys(row.dedupe_key for row in new)
        written += len(new)
