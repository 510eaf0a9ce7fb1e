"""Writes to the person's trusted contacts."""

from datetime import datetime

from accounts.models import User
from common import versioning
from planner.models import TrustedContact

EDITABLE = ("name", "relationship", "phone", "email", "notes", "can_be_ally")


@versioning.bumps("owner")
def contact_create(
    *,
    owner: User,
    name: str,
    relationship: str = "",
    phone: str = "",
    email: str = "",
    notes: str = "",
    can_be_ally: bool = False,
) -> TrustedContact:
    """Add someone the person trusts. `phone` is already +E.164 (forms normalise it)."""
    contact = TrustedContact(
        owner=owner,
        name=name,
        relationship=relationship,
        phone=phone,
        email=email,
        notes=notes,
        can_be_ally=can_be_ally,
    )
    contact.full_clean()
    contact.save()
    return contact


@versioning.bumps("contact.owner_id")
def contact_update(*, contact: TrustedContact, **fields) -> TrustedContact:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    return contact


@versioning.bumps("contact.owner_id")
def contact_set_agreed(*, contact: TrustedContact, agreed: bool, now: datetime) -> TrustedContact:
    """Note that this person knows they're on the plan (or take it back).

    A second "they know" keeps the first moment: it is when they were asked.
    """
    if agreed and contact.agreed_at is None:
        contact.agreed_at = now
    elif not agreed:
        contact.agreed_at = None
    else:
        return contact
    contact.save(update_fields=["agreed_at", "updated_at"])
    return contact


@versioning.bumps("contact.owner_id")
def contact_delete(*, contact: TrustedContact) -> None:
    """Remove a contact.

    Steps that named them as the ally go back to "alone" (the foreign key is
    SET_NULL). The safety plan refers to contacts by id and shows only those that
    still exist, so the plan and its versions need no rewrite.
    """
    contact.delete()
