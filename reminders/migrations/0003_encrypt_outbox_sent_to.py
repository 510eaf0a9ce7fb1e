# Issue 14: where each message went (a person's own phone or email) encrypted at rest.

import common.fields
from common.encrypt_migration import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_encrypt_phones"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outbox",
            name="sent_to",
            field=common.fields.EncryptedCharField(blank=True, max_length=254),
        ),
        encrypt_columns("outbox", "reminders", ["sent_to"], {}),
    ]
