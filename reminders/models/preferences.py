"""How and when a person wants to be reminded, and proof that a phone is theirs."""

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.choices import Weekday
from common.fields import BlindIndexField, EncryptedCharField
from common.phones import validate_e164

STEP_LEAD_CHOICES = [
    (None, "No reminder shortly before"),
    (15, "15 minutes before"),
    (30, "30 minutes before"),
    (60, "1 hour before"),
    (120, "2 hours before"),
    (240, "4 hours before"),
]


class ReminderKind(models.TextChoices):
    """What a message is for; also the unit a person can unsubscribe from."""

    PLANNING = "planning", "Weekly planning prompt"
    STEP = "step", "Step reminders"
    CHECKIN = "checkin", "Check-in reminders"
    SAFETY_REVIEW = "safety_review", "Safety plan review"
    # Messages to supporters (the supporters issue): a weekly summary, and a
    # reminder to an ally before a step they said they would come along to.
    DIGEST = "digest", "Weekly summary for supporters"
    ALLY_STEP = "ally_step", "Reminders for steps you come along to"


class ReminderPreferences(models.Model):
    """Channels, rhythm and quiet hours. Unsaved defaults apply until first change.

    Every kind of reminder starts off: a new account gets none until the person
    picks them (onboarding's last screen, or the reminders page). Accounts from
    before that change were given a saved row with what they had (migration 0004).

    All times are wall-clock times in the person's own zone (User.timezone);
    reminders.rules turns them into UTC instants.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    # Channels
    email_enabled = models.BooleanField("by email", default=True)
    sms_enabled = models.BooleanField("by text message", default=False)
    phone = EncryptedCharField(max_length=20, blank=True, validators=[validate_e164])
    # Inbound texts and opt-outs find the person by number through this keyed hash.
    phone_index = BlindIndexField(source="phone", normalise="phone", db_index=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    # Kinds a person turned off for email with the one-click link in a message,
    # while still getting them by text (and the other kinds by email).
    email_unsubscribed = models.JSONField(default=list, blank=True)

    # Weekly planning prompt
    planning_enabled = models.BooleanField("weekly planning prompt", default=False)
    planning_weekday = models.PositiveSmallIntegerField(
        "day", choices=Weekday.choices, default=Weekday.SUNDAY
    )
    planning_at = models.TimeField("time", default=time(18, 0))

    # Step reminders
    step_enabled = models.BooleanField("reminders before planned steps", default=False)
    step_evening_before = models.BooleanField("the evening before", default=True)
    step_evening_at = models.TimeField("evening reminder at", default=time(19, 0))
    step_lead_minutes = models.PositiveSmallIntegerField(
        "shortly before",
        null=True,
        blank=True,
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )

    # Check-ins follow planner.CheckInSettings (daily or weekly, at its time).
    checkin_enabled = models.BooleanField("check-in reminders", default=False)
    # Once a month, when the safety plan's review comes due.
    safety_review_enabled = models.BooleanField("monthly safety plan review", default=False)

    # Quiet hours: never broken. start > end means they run over midnight.
    quiet_start = models.TimeField("quiet from", default=time(21, 0))
    quiet_end = models.TimeField("quiet until", default=time(8, 0))

    # "Pause all reminders", optionally until a local date (exclusive: reminders
    # come back on that morning).
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateField(null=True, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Moved here from accounts without touching the table (see 0001_initial).
        db_table = "accounts_reminderpreferences"
        verbose_name_plural = "reminder preferences"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planning_weekday__gte=0, planning_weekday__lte=6),
                name="reminder_planning_weekday_in_range",
            ),
            # Texts only go to a number the person proved is theirs.
            models.CheckConstraint(
                condition=models.Q(sms_enabled=False)
                | models.Q(phone_verified_at__isnull=False) & ~models.Q(phone=""),
                name="reminder_sms_needs_verified_phone",
            ),
        ]

    def __str__(self):
        return f"Reminder preferences of {self.owner}"

    @property
    def phone_verified(self) -> bool:
        return bool(self.phone) and self.phone_verified_at is not None

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class PhoneVerification(models.Model):
    """A 6-digit code texted to a number; proving it sets ReminderPreferences.phone.

    Only a hash of the code is kept. A new request replaces the person's open one.
    """

    MAX_TRIES = 5

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_verifications"
    )
    phone = EncryptedCharField(max_length=20, validators=[validate_e164])
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Moved here from accounts without touching the table (see 0001_initial).
        db_table = "accounts_phoneverification"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return f"Code for {self.phone}"
