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
