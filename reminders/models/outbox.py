"""The reminders outbox and what the channels need to remember.

The outbox is the schedule: one row per message to send, written in the same
transaction as the change that causes it, claimed by the dispatcher with
SELECT ... FOR UPDATE SKIP LOCKED (reminders.services.dispatch). Beat never holds
a per-person entry.
"""

from django.conf import settings
from django.db import models

from common.fields import BlindIndexField, EncryptedCharField, EncryptedTextField
from reminders.models.preferences import ReminderKind


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting"  # due in the future, or due and not yet claimed
    CLAIMED = "claimed", "Being prepared"  # leased by a dispatcher, handed to a task
    SENDING = "sending", "Sending"  # a task is inside the provider call
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent"  # could no longer help (see skip_reason)
    CANCELLED = "cancelled", "Cancelled"  # the change that made it was undone
    FAILED = "failed", "Could not send"  # gave up after retries, or a permanent error


class Outbox(models.Model):
    Kind = ReminderKind
    Channel = Channel
    Status = OutboxStatus
    OPEN = (OutboxStatus.PENDING, OutboxStatus.CLAIMED, OutboxStatus.SENDING)

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # What it is about: a scheduled step (step and ally reminders) or a supporter
    # link (digests, ally reminders). Rows stay when these go, for the delivery log.
    scheduled_step = models.ForeignKey(
        "planner.ScheduledStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )
    supporter_link = models.ForeignKey(
        "supporters.SupporterLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )
    due_at = models.DateTimeField(help_text="When to send it, in UTC (quiet hours applied).")
    # After this instant the message can no longer help (its step has begun, or it
    # is later than its own lead time): it is skipped, never sent late.
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    skip_reason = models.CharField(max_length=200, blank=True)
    # Unique: the same message (kind, object, channel, moment) can never be queued twice.
    dedupe_key = models.CharField(max_length=200, unique=True)
    lease = models.CharField(max_length=32, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The address or number it went to: the person's own phone or email, so encrypted.
    sent_to = EncryptedCharField(max_length=254, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    # The message worded ahead of time (reminders.messages.prepared): the text, or the
    # whole email, with a fingerprint of what it was worded from. It names the step
    # and the person, so it is encrypted; empty: worded when it is sent.
    prepared = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Moved here from planner without touching the table (see 0001_initial).
        db_table = "planner_outbox"
        verbose_name_plural = "outbox"
        ordering = ["due_at", "pk"]
        indexes = [
            # The dispatcher's scan: only pending rows, by due time.
            models.Index(
                fields=["due_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            ),
            # Reconciling expired leases.
            models.Index(
                fields=["leased_until"],
                condition=models.Q(status__in=["claimed", "sending"]),
                name="outbox_leased",
            ),
            models.Index(fields=["recipient", "-due_at"], name="outbox_recipient_due"),
            models.Index(fields=["scheduled_step", "status"], name="outbox_scheduled_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OutboxStatus.values), name="outbox_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="outbox_channel_known"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReminderKind.values), name="outbox_kind_known"
            ),
        ]

    def __str__(self):
        return f"{self.kind} by {self.channel} at {self.due_at:%Y-%m-%d %H:%M} UTC"


class SmsOptOut(models.Model):
    """A number that said STOP: no text goes to it, whoever set the reminder up."""

    phone = EncryptedCharField(max_length=20)
    # One row per number, found by this keyed hash (the number itself is encrypted).
    phone_index = BlindIndexField(source="phone", normalise="phone", unique=True)
    opted_out_at = models.DateTimeField()
    # What did it: "STOP" by text, or the provider's "unsubscribed" error (21610).
    source = models.CharField(max_length=40)

    class Meta:
        # Moved here from planner without touching the table (see 0001_initial).
        db_table = "planner_smsoptout"

    def __str__(self):
        return f"{self.phone} opted out"


class InboundSms(models.Model):
    """A text received from the provider's webhook; the id makes redelivery a no-op."""

    provider_message_id = models.CharField(max_length=100, unique=True)
    from_number = EncryptedCharField(max_length=20)
    from_number_index = BlindIndexField(source="from_number", normalise="phone", db_index=True)
    body = EncryptedTextField(blank=True)
    action = models.CharField(max_length=20, blank=True)  # stop, start, help, or empty
    received_at = models.DateTimeField()

    class Meta:
        # Moved here from planner without touching the table (see 0001_initial).
        db_table = "planner_inboundsms"
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"Text from {self.from_number}"


class CalendarFeed(models.Model):
    """A private iCalendar URL. Only the token's hash is stored; revoking ends it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    include_exit_strategy = models.BooleanField(
        "put my exit strategy in the event's description", default=False
    )
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Moved here from planner without touching the table (see 0001_initial).
        db_table = "planner_calendarfeed"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_owner",
            ),
        ]

    def __str__(self):
        return f"Calendar feed made {self.created_at:%Y-%m-%d}"
