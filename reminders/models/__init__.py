"""Reminder models, one module per topic; imported here so Django finds them."""

from reminders.models.outbox import (
    CalendarFeed,
    Channel,
    InboundSms,
    Outbox,
    OutboxStatus,
    SmsOptOut,
)
from reminders.models.preferences import PhoneVerification, ReminderKind, ReminderPreferences

__all__ = [
    "CalendarFeed",
    "Channel",
    "InboundSms",
    "Outbox",
    "OutboxStatus",
    "PhoneVerification",
    "ReminderKind",
    "ReminderPreferences",
    "SmsOptOut",
]
