from django import forms
from django.core import validators
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


class EncryptedCharField(EncryptedTextField):
    """A short string (a name, a title, a number) encrypted at rest.

    The column is text, since ciphertext is longer than what it hides; max_length
    still holds for what the person types (forms and full_clean check it).
    """

    description = "Short text encrypted at rest"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedEmailField(EncryptedCharField):
    """An email address encrypted at rest; looked up through a BlindIndexField."""

    default_validators = [validators.validate_email]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": forms.EmailField, "widget": forms.EmailInput, **kwargs}
        )


class BlindIndexField(models.CharField):
    """A keyed HMAC of another (encrypted) field, so equal values can be found.

    Computed on save from `source`, normalised by `normalise` (common.blind_index);
    a queryset .update() of the source must recompute it. Look rows up with
    common.blind_index.matching(), which tries every key in BLIND_INDEX_KEYS.
    """

    description = "Keyed hash of an encrypted field"

    def __init__(self, *args, source: str = "", normalise: str = "text", **kwargs):
        self.source, self.normalise = source, normalise
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, normalise=self.normalise)
        for key, default in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def compute(self, instance) -> str:
        from common.blind_index import blind_index

        value = getattr(instance, self.source)
        return blind_index(value, self.normalise) if value else ""

    def pre_save(self, instance, add):
        digest = self.compute(instance)
        setattr(instance, self.attname, digest)
        return digest
