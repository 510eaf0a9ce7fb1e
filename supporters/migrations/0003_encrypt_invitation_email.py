# Issue 14: invitation addresses encrypted at rest, found by a keyed blind index.

import common.fields
from common.encrypt_migration import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supporters", "0002_access_log_guard"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="email_index",
            field=common.fields.BlindIndexField(normalise="email", source="email"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="email",
            field=common.fields.EncryptedEmailField(max_length=254),
        ),
        encrypt_columns("invitation", "supporters", ["email"], {"email_index": ("email", "email")}),
    ]
