"""The signed link in an invitation email, and what it leads to.

The token names the invitation and its nonce, signed with the site's key and a
salt of its own, so it cannot be guessed, edited or reused for anything else. It
is single-use because accepting flips the invitation's status; it lasts 7 days
by its own timestamp and by the invitation's `expires_at` (the one tests move,
by passing `now`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.core import signing

from supporters.models import Invitation

SALT = "stepwise.accounts.invitation"
VALID_FOR = timedelta(days=7)


class Refusal(StrEnum):
    """Why a link cannot be used; each gets its own kind words on the page."""

    TAMPERED = "tampered"  # not one of ours, or cut short when copied
    EXPIRED = "expired"
    USED = "used"
    WITHDRAWN = "withdrawn"
    # An invitation is for the address it was sent to: a forwarded or leaked link
    # must not make someone else a supporter.
    SOMEONE_ELSE = "someone_else"  # signed in to an account without that address
    UNCONFIRMED = "unconfirmed"  # the account has the address but has not confirmed it


@dataclass(frozen=True)
class Opened:
    invitation: Invitation | None
    refusal: Refusal | None = None

    @property
    def usable(self) -> bool:
        return self.refusal is None


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT)


def invitation_open(token: str, *, now: datetime) -> Opened:
    """The pending invitation behind `token`, or why it cannot be used.

    A withdrawn or used invitation is refused before an expired one: the more
    specific reason tells the invitee better what to do next.
    """
    try:
        payload = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.SignatureExpired:
        return Opened(None, Refusal.EXPIRED)
    except signing.BadSignature:
        return Opened(None, Refusal.TAMPERED)
    if not isinstance(payload, dict):
        return Opened(None, Refusal.TAMPERED)
    invitation = (
        Invitation.objects.select_related("owner")
        .filter(pk=payload.get("i"), nonce=payload.get("n"))
        .first()
    )
    if invitation is None:
        # Signed by us but gone (the person deleted their account): nothing to say.
        return Opened(None, Refusal.TAMPERED)
    if invitation.status == Invitation.Status.WITHDRAWN:
        return Opened(invitation, Refusal.WITHDRAWN)
    if invitation.status == Invitation.Status.ACCEPTED:
        return Opened(invitation, Refusal.USED)
    if now >= invitation.expires_at:
        return Opened(invitation, Refusal.EXPIRED)
    return Opened(invitation)
