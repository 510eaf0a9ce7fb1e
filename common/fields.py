from django.db import models
from django.db.models.lookups import Exact

from common import crypto


class EmptyOnlyExact(Exact):
    """`field=""` (or None) is meaningful on ciphertext; `field="some text"` is not."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise TypeError(
                "EncryptedTextField does not support the 'exact' lookup except against "
                "an empty value: each encryption differs, so text never matches."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """Free text that reveals health or relationships, encrypted at rest.

    The column holds only ciphertext, so a database dump or backup shows nothing
    a person wrote. Ciphertext cannot be searched or ordered by the database;
    fields that need that are the wrong place for private text.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            # Empty stays empty, so "nothing written yet" costs no decryption and
            # can still be filtered on.
            return value
        return crypto.encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name):
        # Each encryption uses a fresh nonce, so equal texts differ on disk: only
        # "is it empty" means anything. Any other lookup would silently match
        # nothing, so it is refused loudly.
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name != "isnull":
            raise TypeError(f"EncryptedTextField does not support the {lookup_name!r} lookup.")
        return super().get_lookup(lookup_name)
