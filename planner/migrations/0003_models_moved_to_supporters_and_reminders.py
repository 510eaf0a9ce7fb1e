"""Outbox, texts, calendar feeds and ally answers now live in reminders and supporters."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0002_reminders_outbox_and_allies"),
        ("supporters", "0001_initial"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        # State only: the models live on in their new app with the same tables.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="trustedcontact",
                    name="supporter_link",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="contacts",
                        to="supporters.supporterlink",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="allyresponse",
                    name="ally_response_once_per_step",
                ),
                migrations.RemoveConstraint(
                    model_name="calendarfeed",
                    name="calendar_feed_one_active_per_owner",
                ),
                migrations.DeleteModel(
                    name="InboundSms",
                ),
                migrations.RemoveIndex(
                    model_name="outbox",
                    name="outbox_pending_due",
                ),
                migrations.RemoveIndex(
                    model_name="outbox",
                    name="outbox_leased",
                ),
                migrations.RemoveIndex(
                    model_name="outbox",
                    name="outbox_recipient_due",
                ),
                migrations.RemoveIndex(
                    model_name="outbox",
                    name="outbox_scheduled_status",
                ),
                migrations.RemoveConstraint(
                    model_name="outbox",
                    name="outbox_status_known",
                ),
                migrations.RemoveConstraint(
                    model_name="outbox",
                    name="outbox_channel_known",
                ),
                migrations.RemoveConstraint(
                    model_name="outbox",
                    name="outbox_kind_known",
                ),
                migrations.DeleteModel(
                    name="SmsOptOut",
                ),
                migrations.RemoveField(
                    model_name="calendarfeed",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="outbox",
                    name="recipient",
                ),
                migrations.RemoveField(
                    model_name="outbox",
                    name="scheduled_step",
                ),
                migrations.RemoveField(
                    model_name="outbox",
                    name="supporter_link",
                ),
                migrations.DeleteModel(
                    name="AllyResponse",
                ),
                migrations.DeleteModel(
                    name="CalendarFeed",
                ),
                migrations.DeleteModel(
                    name="Outbox",
                ),
            ],
        ),
    ]
