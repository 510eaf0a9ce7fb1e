# Issue 14: phone numbers encrypted at rest, found by keyed blind indexes.

import common.fields
import common.phones
from common.encrypt_migration import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundsms",
            name="from_number_index",
            field=common.fields.BlindIndexField(
                db_index=True, normalise="phone", source="from_number"
            ),
        ),
        migrations.AddField(
            model_name="reminderpreferences",
            name="phone_index",
            field=common.fields.BlindIndexField(db_index=True, normalise="phone", source="phone"),
        ),
        # Unique only once every row has its index (below).
        migrations.AddField(
            model_name="smsoptout",
            name="phone_index",
            field=common.fields.BlindIndexField(normalise="phone", source="phone"),
        ),
        migrations.AlterField(
            model_name="inboundsms",
            name="from_number",
            field=common.fields.EncryptedCharField(max_length=20),
        ),
        migrations.AlterField(
            model_name="phoneverification",
            name="phone",
            field=common.fields.EncryptedCharField(
                max_length=20, validators=[common.phones.validate_e164]
            ),
        ),
        migrations.AlterField(
            model_name="reminderpreferences",
            name="phone",
            field=common.fields.EncryptedCharField(
                blank=True, max_length=20, validators=[common.phones.validate_e164]
            ),
        ),
        migrations.AlterField(
            model_name="smsoptout",
            name="phone",
            field=common.fields.EncryptedCharField(max_length=20),
        ),
        encrypt_columns(
            "inboundsms",
            "reminders",
            ["from_number"],
            {"from_number_index": ("from_number", "phone")},
        ),
        encrypt_columns("phoneverification", "reminders", ["phone"], {}),
        encrypt_columns(
            "reminderpreferences", "reminders", ["phone"], {"phone_index": ("phone", "phone")}
        ),
        encrypt_columns("smsoptout", "reminders", ["phone"], {"phone_index": ("phone", "phone")}),
        migrations.AlterField(
            model_name="smsoptout",
            name="phone_index",
            field=common.fields.BlindIndexField(normalise="phone", source="phone", unique=True),
        ),
    ]
