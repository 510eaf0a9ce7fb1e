"""Phone numbers: parsed kindly, stored in E.164 (+14155550123)."""

import phonenumbers
from django.core.exceptions import ValidationError


def phone_to_e164(raw: str, *, region: str | None = None) -> str:
    """Normalise what a person typed, or raise a ValidationError that says how to fix it.

    `region` (ISO country, e.g. "IE") lets local numbers like 087 123 4567 parse;
    without it the number must start with + and a country code.
    """
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "That doesn't look like a phone number. Try it with the country code, like +1 415 555 0123.",
            code="unparseable_phone",
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "That number seems to be missing a digit or has one too many. Please check it.",
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value: str) -> None:
    if not value:
        return
    if phone_to_e164(value) != value:
        raise ValidationError("Phone numbers are stored as +<country><number>.", code="not_e164")
