"""Re-encrypt every EncryptedTextField under the newest key.

Run after putting a new key first in FIELD_ENCRYPTION_KEYS; once it finishes, the
older keys can be removed. Safe to run again (it just re-encrypts) and safe to
stop part-way (each batch commits on its own).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from common.fields import EncryptedTextField

BATCH = 500


def encrypted_fields():
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = "Re-encrypt all sensitive text under the first key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model, names in encrypted_fields():
            count = 0
            pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                with transaction.atomic():
                    # Reading decrypts with whichever key wrote the row; bulk_update
                    # writes it back through the field, under the newest key.
                    rows = list(
                        model._base_manager.select_for_update()
                        .filter(pk__in=pks[start : start + BATCH])
                        .only("pk", *names)
                    )
                    model._base_manager.bulk_update(rows, names)
                    count += len(rows)
            total += count
            self.stdout.write(
                f"{model._meta.label}: {count} rows re-encrypted ({', '.join(names)})"
            )
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows under the newest key."))
