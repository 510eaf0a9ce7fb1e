"""Authenticated encryption for sensitive free text, with rotatable keys.

Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`: a tampered or
truncated value fails to decrypt instead of turning into wrong text. MultiFernet
encrypts with the first key and tries every key to decrypt, which is what lets
keys rotate while old rows are still readable.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

# Every stored value starts with this, so a raw column is recognisably ours and
# the rotation command can tell an encrypted row from an empty one.
PREFIX = "fernet:"


@cache
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "Each FIELD_ENCRYPTION_KEYS entry must be a Fernet key "
            "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
        ) from None


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(plaintext: str) -> str:
    return PREFIX + _fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise InvalidToken("value was not written by EncryptedTextField")
    return _fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
