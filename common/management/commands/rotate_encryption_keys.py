"""Re-encrypt every EncryptedTextField under the newest key, and recompute blind indexes.

Run after putting a new key first in FIELD_ENCRYPTION_KEYS (or BLIND_INDEX_KEYS);
once it finishes, the older keys can be removed. Safe to run again (it just re-encrypts) and safe to
stop part-way (each batch commits on its own).
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from common import crypto
from common.fields import BlindIndexField, EncryptedTextField

BATCH = 500
# allauth.mfa keeps an authenticator app's secret, the recovery-code seed (and codes
# brought over from elsewhere) in a JSON column, encrypted with these same keys
# (accounts.mfa.MFAAdapter): left under an old key, two-step sign-in would stop working.
MFA_SECRET_KEYS = ("secret", "seed", "migrated_codes")


def encrypted_fields(registry=apps):
    for model in registry.get_models():
        # EncryptedCharField and EncryptedEmailField are EncryptedTextFields too.
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


def blind_index_fields(model) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def _has_text(names: list[str]) -> Q:
    # Rows whose encrypted fields are all empty hold no ciphertext to rotate.
    return reduce(or_, (Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""}) for name in names))


class Command(BaseCommand):
    help = (
        "Re-encrypt all sensitive text under the first key in FIELD_ENCRYPTION_KEYS "
        "and recompute blind indexes under the first key in BLIND_INDEX_KEYS."
    )

    # The app registry searched for encrypted fields; tests point an instance at an
    # isolated registry holding a model of their own.
    registry = apps

    def handle(self, *args, **options):
        total = 0
        for model, names in encrypted_fields(self.registry):
            indexes = blind_index_fields(model)
            count = self._rotate(model, names, indexes)
            total += count
            also = f"; blind indexes {', '.join(f.name for f in indexes)}" if indexes else ""
            self.stdout.write(
                f"{model._meta.label}: {count} rows re-encrypted ({', '.join(names)}{also})"
            )
        if apps.is_installed("allauth.mfa"):
            count = self._rotate_mfa_secrets()
            total += count
            self.stdout.write(f"mfa.Authenticator: {count} rows re-encrypted (two-step secrets)")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows under the newest key."))

    def _rotate(self, model, names, indexes=()) -> int:
        count, last_pk = 0, None
        rows_with_text = model._base_manager.filter(_has_text(names)).order_by("pk")
        while True:
            # Keyset pages: memory stays flat however many rows there are.
            page = rows_with_text if last_pk is None else rows_with_text.filter(pk__gt=last_pk)
            with transaction.atomic():
                # Reading decrypts with whichever key wrote the row; bulk_update
                # writes it back through the field, under the newest key.
                rows = list(page.select_for_update().only("pk", *names)[:BATCH])
                if not rows:
                    return count
                # bulk_update does not call pre_save: each index is computed here,
                # from the decrypted value, under the newest blind-index key.
                for row in rows:
                    for field in indexes:
                        setattr(row, field.attname, field.compute(row))
                model._base_manager.bulk_update(rows, [*names, *(f.name for f in indexes)])
            count += len(rows)
            last_pk = rows[-1].pk

    def _rotate_mfa_secrets(self) -> int:
        from allauth.mfa.models import Authenticator

        def again(value):
            if isinstance(value, list):
                return [again(item) for item in value]
            return crypto.encrypt(crypto.decrypt(value))

        count, last_pk = 0, 0
        rows = Authenticator.objects.exclude(type=Authenticator.Type.WEBAUTHN).order_by("pk")
        while True:
            with transaction.atomic():
                page = list(rows.filter(pk__gt=last_pk).select_for_update()[:BATCH])
                if not page:
                    return count
                for row in page:
                    for key in MFA_SECRET_KEYS:
                        if key in row.data:
                            row.data[key] = again(row.data[key])
                Authenticator.objects.bulk_update(page, ["data"])
            count += len(page)
            last_pk = page[-1].pk
