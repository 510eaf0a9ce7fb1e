"""What a person's account activity says about their supporters (accounts.SecurityEvent).

Called inside the service that made the change, so the event and the change
commit together. The supporter's name is encrypted in the event (it names someone).
"""

from collections.abc import Iterable
from datetime import datetime

from accounts.models import SecurityEvent
from accounts.services.security_events import record
from supporters.models import Scope, SupporterLink
from supporters.models.links import SCOPE_SHORT

Kind = SecurityEvent.Kind


def _joined(scopes: set[Scope]) -> str:
    """ "your plan", "your plan and your journal", "your plan, ... and your journal"."""
    words = [SCOPE_SHORT[scope] for scope in Scope if scope in scopes]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def scopes_changed_record(
    *, link: SupporterLink, granted: Iterable[Scope], removed: Iterable[Scope], now: datetime
) -> None:
    """One event for what was added and one for what was taken away (none for neither)."""
    for kind, scopes in ((Kind.SCOPES_GRANTED, set(granted)), (Kind.SCOPES_REMOVED, set(removed))):
        if scopes:
            name = link.supporter.get_short_name()
            record(
                user=link.owner,
                kind=kind,
                now=now,
                detail=name,
                what=_joined(scopes),
                about=link.supporter,
            )


def link_ended_record(*, link: SupporterLink, now: datetime) -> None:
    """The owner ended it (revoked) or the supporter stepped back: either way, it shows."""
    ended_by_owner = link.ended_by == SupporterLink.EndedBy.OWNER
    kind = Kind.LINK_REVOKED if ended_by_owner else Kind.SUPPORTER_LEFT
    record(
        user=link.owner,
        kind=kind,
        now=now,
        detail=link.supporter.get_short_name(),
        about=link.supporter,
    )


def details_changed_record(
    *, link: SupporterLink, each_before: bool, ready_before: bool, now: datetime
) -> None:
    """Seeing each check-in, or when a step looks ready, is sharing more: it shows on
    account activity as a scope does. The `*_before` values are read once the new
    scopes are on the link, so a scope granted or removed is told once, by its own
    event (scopes_changed_record), and only a change of choice is told here."""
    name = link.supporter.get_short_name()
    changes = (
        (
            each_before,
            link.shows_each_checkin,
            "each of your check-ins",
            " (a weekly summary instead)",
        ),
        (ready_before, link.shows_readiness, "when a step looks ready to move up", ""),
    )
    for before, after, what, instead in changes:
        if before != after:
            kind = Kind.SCOPES_GRANTED if after else Kind.SCOPES_REMOVED
            said = what if after else what + instead
            record(
                user=link.owner, kind=kind, now=now, detail=name, what=said, about=link.supporter
            )
