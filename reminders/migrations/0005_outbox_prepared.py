# Issue 17: each reminder worded when its row is written, kept encrypted with it.

import common.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0004_reminders_by_choice"),
    ]

    operations = [
        migrations.AddField(
            model_name="outbox",
            name="prepared",
            field=common.fields.EncryptedTextField(blank=True, default=""),
        ),
    ]
