"""Changing what a supporter sees and gets, and ending a link (revoke or leave).

Nothing here is cached: supporters.permissions reads the link on every request,
so each change holds from the very next one.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common import versioning
from planner.models import ScheduledStep, TrustedContact
from reminders import sync as reminders
from supporters.models import Scope, SupporterLink
from supporters.models.links import SCOPE_FIELDS
from supporters.services.security import (
    details_changed_record,
    link_ended_record,
    scopes_changed_record,
)


def ally_steps_resync(*, contact_ids: Iterable[int], now: datetime) -> None:
    """Re-plan reminders for upcoming steps whose ally is one of these contacts.

    Called inside the caller's transaction whenever a contact gains or loses its
    supporter link, so the ally's reminders follow at once.
    """
    upcoming = ScheduledStep.objects.select_related("step__ally", "owner").filter(
        step__ally_id__in=list(contact_ids),
        status=ScheduledStep.Status.PLANNED,
        starts_at__gte=now,
    )
    for scheduled in upcoming:
        reminders.reminders_sync_scheduled_step(scheduled=scheduled, now=now)


@versioning.bumps("link.owner_id")
def supporter_scopes_set(
    *,
    link: SupporterLink,
    scopes: dict[str, bool],
    journal_confirmed: bool = False,
    now: datetime | None = None,
) -> SupporterLink:
    """Set the scopes named in `scopes` (others stay). The journal needs a confirmed yes.

    What changed goes on the person's account activity.
    """
    try:
        wanted = {Scope(name): bool(value) for name, value in scopes.items()}
    except ValueError as error:
        raise ValidationError("Unknown scope.") from error
    if not link.is_active:
        raise ValidationError("This person no longer supports you, so there is nothing to change.")
    if wanted.get(Scope.JOURNAL) and not link.scope_journal and not journal_confirmed:
        raise ValidationError(
            {"scope_journal": "Sharing your journal needs a yes from you first: please confirm."}
        )
    fields = [SCOPE_FIELDS[scope] for scope in wanted]
    before = set(link.granted_scopes)
    for scope, value in wanted.items():
        setattr(link, SCOPE_FIELDS[scope], value)
    after = set(link.granted_scopes)
    with transaction.atomic():
        if fields:
            link.save(update_fields=fields)
        scopes_changed_record(
            link=link, granted=after - before, removed=before - after, now=now or timezone.now()
        )
    return link


def _link_end(*, link: SupporterLink, by: str, now: datetime) -> SupporterLink:
    """1. Lock the link, so ending twice (or both sides at once) ends it once.
    2. Mark it ended: from the next request it grants nothing; tell the owner's
       account activity.
    3. Cancel every message still waiting for it (digests, ally reminders).
    4. Unlink the trusted contact, so naming them as an ally reaches no one.
    """
    with transaction.atomic():
        locked = SupporterLink.objects.select_for_update().get(pk=link.pk)
        if locked.is_active:
            locked.ended_at = now
            locked.ended_by = by
            locked.save(update_fields=["ended_at", "ended_by"])
            link_ended_record(link=locked, now=now)
        reminders.reminders_cancel_for_link(link_id=locked.pk, reason="The supporter link ended.")
        contact_ids = list(
            TrustedContact.objects.filter(supporter_link=locked).values_list("pk", flat=True)
        )
        if contact_ids:
            TrustedContact.objects.filter(pk__in=contact_ids).update(supporter_link=None)
            ally_steps_resync(contact_ids=contact_ids, now=now)
    link.ended_at, link.ended_by = locked.ended_at, locked.ended_by
    return link


@versioning.bumps("link.owner_id")
def supporter_link_revoke(*, link: SupporterLink, now: datetime) -> SupporterLink:
    """The person ends a supporter's access: everything, at once."""
    return _link_end(link=link, by=SupporterLink.EndedBy.OWNER, now=now)


@versioning.bumps("link.owner_id")
def supporter_link_leave(*, link: SupporterLink, now: datetime) -> SupporterLink:
    """The supporter steps back; the same effect as a revoke."""
    return _link_end(link=link, by=SupporterLink.EndedBy.SUPPORTER, now=now)


@versioning.bumps("link.owner_id")
def supporter_digest_set(*, link: SupporterLink, enabled: bool, now: datetime) -> SupporterLink:
    """Turn the weekly summary email on or off; a waiting one goes when it is turned off."""
    with transaction.atomic():
        link.digest_enabled = enabled
        link.save(update_fields=["digest_enabled"])
        if not enabled:
            reminders.reminders_cancel_for_link(
                link_id=link.pk, reason="The weekly summary was turned off.", digest_only=True
            )
        reminders.reminders_replan(owner=link.supporter, now=now)
    return link


@versioning.bumps("link.owner_id")
def supporter_notes_mute(*, link: SupporterLink, muted: bool) -> SupporterLink:
    link.notes_muted = muted
    link.save(update_fields=["notes_muted"])
    return link


@versioning.bumps("link.owner_id")
def supporter_contact_set(
    *, link: SupporterLink, contact: TrustedContact | None, now: datetime | None = None
) -> SupporterLink:
    """Say which of the owner's trusted contacts this supporter is (or none).

    One contact per link: naming a new one frees the old. Upcoming steps with
    either as their ally get their reminders re-planned.
    """
    if contact is not None and contact.owner_id != link.owner_id:
        raise ValidationError({"contact": "Please choose one of your own trusted contacts."})
    if contact is not None and not link.is_active:
        raise ValidationError("This person no longer supports you.")
    with transaction.atomic():
        before = set(
            TrustedContact.objects.filter(supporter_link=link).values_list("pk", flat=True)
        )
        after = {contact.pk} if contact is not None else set()
        if before == after:
            return link
        TrustedContact.objects.filter(pk__in=before - after).update(supporter_link=None)
        if contact is not None:
            TrustedContact.objects.filter(pk=contact.pk).update(supporter_link=link)
            contact.supporter_link = link
        ally_steps_resync(contact_ids=before | after, now=now or timezone.now())
    return link


@versioning.bumps("link.owner_id")
def supporter_details_set(
    *, link: SupporterLink, checkins_shown: str, share_readiness: bool, now: datetime
) -> SupporterLink:
    """How check-ins are shown (weekly summary or each) and whether readiness is.

    Saving these is the person having seen the card, so a pending notice goes.
    """
    if checkins_shown not in SupporterLink.CheckinsShown.values:
        raise ValidationError(
            {"checkins_shown": "Please choose one of the two ways of sharing check-ins."}
        )
    each_before, ready_before = link.shows_each_checkin, link.shows_readiness
    link.checkins_shown = checkins_shown
    link.share_readiness = share_readiness
    link.notice_pending = False
    with transaction.atomic():
        link.save(update_fields=["checkins_shown", "share_readiness", "notice_pending"])
        details_changed_record(
            link=link, each_before=each_before, ready_before=ready_before, now=now
        )
    return link


@versioning.bumps("link.owner_id")
def supporter_settings_set(
    *,
    link: SupporterLink,
    scopes: dict[str, bool],
    journal_confirmed: bool,
    digest_enabled: bool,
    notes_muted: bool,
    contact: TrustedContact | None,
    now: datetime,
    checkins_shown: str | None = None,
    share_readiness: bool = False,
) -> SupporterLink:
    """Everything on one supporter's card at once, as one change (the card posts whole).

    `checkins_shown` None keeps the choice saved; readiness is on only when ticked.
    """
    with transaction.atomic():
        supporter_scopes_set(link=link, scopes=scopes, journal_confirmed=journal_confirmed, now=now)
        supporter_details_set(
            link=link,
            checkins_shown=checkins_shown or link.checkins_shown,
            share_readiness=share_readiness,
            now=now,
        )
        if digest_enabled != link.digest_enabled:
            supporter_digest_set(link=link, enabled=digest_enabled, now=now)
        if notes_muted != link.notes_muted:
            supporter_notes_mute(link=link, muted=notes_muted)
        supporter_contact_set(link=link, contact=contact, now=now)
    return link
