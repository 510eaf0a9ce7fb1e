from django.db import models

from common import crypto


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
            # Empty stays empty, so "nothing written yet" costs no decryption.
            return value
        return crypto.encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name):
        # Each encryption uses a fresh nonce, so equal texts differ on disk and
        # only "is it null" means anything; any other lookup would silently
        # match nothing, so it is refused loudly.
        if lookup_name != "isnull":
            raise TypeError(f"EncryptedTextField does not support the {lookup_name!r} lookup.")
        return super().get_lookup(lookup_name)
