"""Keyed blind indexes: find rows by a value that is stored only encrypted.

HMAC-SHA256 under BLIND_INDEX_KEYS (newest first), of the value normalised the way
it is compared, so "  Sam@Example.org" and "sam@example.org" match. Without the key
the digest says nothing; equal values do share a digest, which is the point.
Rows are written under the newest key; lookups try every key, so a new key can be
put first and `manage.py rotate_encryption_keys` recomputes the rest.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Q

from common.phones import phone_to_e164


def _phone(value: str) -> str:
    try:
        return phone_to_e164(value.strip())
    except ValidationError:
        return value.strip()


NORMALISE = {
    "text": str.strip,
    "casefold": lambda value: value.strip().casefold(),
    "email": lambda value: value.strip().lower(),
    "phone": _phone,
}


def _keys() -> list[str]:
    keys = settings.BLIND_INDEX_KEYS
    if not keys:
        raise ImproperlyConfigured("BLIND_INDEX_KEYS is empty.")
    return keys


def _digest(key: str, value: str, normalise: str) -> str:
    text = NORMALISE[normalise](value).encode()
    return hmac.new(key.encode(), text, hashlib.sha256).hexdigest()


def blind_index(value: str, normalise: str = "text") -> str:
    """The digest a row is stored with: under the newest key."""
    return _digest(_keys()[0], value, normalise)


def blind_indexes(value: str, normalise: str = "text") -> list[str]:
    """Every digest `value` may be stored under, one per key."""
    return [_digest(key, value, normalise) for key in _keys()]


def index_field(model, source: str):
    from common.fields import BlindIndexField

    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source == source:
            return field
    raise LookupError(f"{model._meta.label}.{source} has no blind index")


def matching(model, source: str, *values: str, prefix: str = "") -> Q:
    """A filter for rows whose `source` equals any of `values` (after normalising).

    `prefix` reaches a related model: matching(ReminderPreferences, "phone", n,
    prefix="reminder_preferences__") filters users.
    """
    field = index_field(model, source)
    digests = [d for value in values if value for d in blind_indexes(value, field.normalise)]
    return Q(**{f"{prefix}{field.name}__in": digests})
