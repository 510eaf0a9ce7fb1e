"""Addresses an account holds, and the one way two addresses are compared.

An address counts as someone's only once they have confirmed it (allauth's
EmailAddress with verified=True): typing an address proves nothing.
"""

from enum import StrEnum

from allauth.account.models import EmailAddress

from accounts.models import User


def email_normalise(address: str) -> str:
    """Spaces trimmed and case ignored: "  Sam@Example.org " is sam@example.org."""
    return address.strip().lower()


class EmailHeld(StrEnum):
    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"  # added to the account, its confirmation link not yet used
    ABSENT = "absent"


def email_held(*, user: User, address: str) -> EmailHeld:
    """Whether `user` holds `address` (any of their addresses, not only the main one)."""
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=email_normalise(address)
    ).values_list("verified", flat=True)
    found = set(verified)
    if True in found:
        return EmailHeld.CONFIRMED
    return EmailHeld.UNCONFIRMED if found else EmailHeld.ABSENT
