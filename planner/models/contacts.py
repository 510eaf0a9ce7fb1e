import phonenumbers
from django.conf import settings
from django.db import models

from common.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedEmailField,
    EncryptedTextField,
)
from common.phones import validate_e164


class TrustedContact(models.Model):
    """Someone the person trusts: reachable from the safety plan, and possibly an
    ally who comes along on a step."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_contacts"
    )
    name = EncryptedCharField(max_length=80)
    relationship = EncryptedCharField(
        max_length=60, blank=True, help_text="For example: sister, neighbour, peer mentor."
    )
    phone = EncryptedCharField(
        max_length=20,
        blank=True,
        validators=[validate_e164],
        help_text="Stored with the country code, so tap-to-call works anywhere.",
    )
    email = EncryptedEmailField(blank=True)
    # So accepting an invitation finds the contacts with the new supporter's address.
    email_index = BlindIndexField(source="email", normalise="email")
    notes = EncryptedTextField(blank=True)
    can_be_ally = models.BooleanField(
        "can be asked to come along as an ally",
        default=False,
        help_text="Allies can be named on a step as the person who comes with you.",
    )
    # When the person noted that this contact knows they're on the plan (and is
    # happy to be): a fact about a conversation, so a plain date, not encrypted.
    agreed_at = models.DateTimeField(
        "knows they're on my plan since",
        null=True,
        blank=True,
    )
    # Set when this contact is also one of the person's supporters on Stepwise:
    # naming them as a step's ally then shows them the step and reminds them.
    supporter_link = models.ForeignKey(
        "supporters.SupporterLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Names are encrypted, so lists sort them in Python (contacts_sorted).
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def knows_about_plan(self) -> bool:
        return self.agreed_at is not None

    @property
    def phone_display(self) -> str:
        """The stored +E.164 number, spaced the way people read it: +353 86 123 4567."""
        if not self.phone:
            return ""
        try:
            number = phonenumbers.parse(self.phone)
        except phonenumbers.NumberParseException:
            return self.phone
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def contacts_sorted(contacts) -> list[TrustedContact]:
    """By name, as a person reads a list (the database cannot order ciphertext)."""
    return sorted(contacts, key=lambda contact: (contact.name.casefold(), contact.pk))
