"""The safety plan: one per person, versioned, with a private read-only link.

The plan's sections live in one JSON payload stored as encrypted text: a database
dump shows nothing the person wrote, a version is simply an earlier payload, and
restoring one is copying it back. Contacts and values are referenced by id and
looked up when shown, so a removed contact quietly drops out of every version.
"""

import calendar
import copy
import hashlib
import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property

from common.fields import EncryptedTextField


class Section(models.TextChoices):
    """The plan's sections, in the order they are read in a hard moment."""

    WARNING_SIGNS = "warning-signs", "Warning signs and triggers"
    COPING = "coping", "Things I can do on my own"
    UPLIFT = "people-and-places", "People and places that help me feel better"
    HELPERS = "people-to-ask", "People I can ask for help"
    CRISIS = "crisis-lines", "Professionals and crisis lines"
    SAFER = "safer-surroundings", "Making my surroundings safer"
    MATTERS = "what-matters", "What matters to me"
    EXITS = "exit-strategies", "Exit strategies for social settings"


# Suggestions offered for "things I can do on my own"; the first three are
# grounding tools, linked to their place on the grounding page.
COPING_SUGGESTIONS = {
    "breathing": "Slow, paced breathing",
    "senses": "The 5-4-3-2-1 senses walk-through",
    "relax": "Tensing and letting go, one muscle group at a time",
    "walk": "A short walk, even just to the end of the road",
    "cold-water": "Cold water on my face or hands",
}
GROUNDING_TOOLS = {"breathing", "senses", "relax"}

# Sections that are a plain ordered list of short lines.
LINE_SECTIONS = (
    Section.WARNING_SIGNS,
    Section.COPING,
    Section.UPLIFT,
    Section.SAFER,
    Section.EXITS,
)
# A short list is one a person can take in during a hard moment.
MAX_ITEMS = 12
MAX_ITEM_LENGTH = 300
MAX_CRISIS_LINES = 8


def empty_content() -> dict:
    """The payload of a plan with nothing written yet.

    "crisis-lines" is None until the person edits it: until then the plan shows the
    lines for the country of their time zone, which follow them if they move.
    """
    content = {section.value: [] for section in LINE_SECTIONS}
    content[Section.HELPERS.value] = []
    content[Section.CRISIS.value] = None
    content[Section.MATTERS.value] = {"values": [], "items": []}
    return content


def normalized_content(raw: str) -> dict:
    """Parse a stored payload, filling in any section an older payload lacks."""
    content = empty_content()
    if raw:
        stored = json.loads(raw)
        content.update({key: value for key, value in stored.items() if key in content})
    return content


def content_json(content: dict) -> str:
    # Sorted keys: the same plan always serialises the same way, so "nothing
    # changed" is a string comparison.
    return json.dumps(content, sort_keys=True, ensure_ascii=False)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, or the month's last day (31 Jan -> 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


class Change(models.TextChoices):
    """What a save changed: a section, or a restore of an earlier version."""

    RESTORED = "restored", "Restored an earlier version"
    WARNING_SIGNS = Section.WARNING_SIGNS.value, Section.WARNING_SIGNS.label
    COPING = Section.COPING.value, Section.COPING.label
    UPLIFT = Section.UPLIFT.value, Section.UPLIFT.label
    HELPERS = Section.HELPERS.value, Section.HELPERS.label
    CRISIS = Section.CRISIS.value, Section.CRISIS.label
    SAFER = Section.SAFER.value, Section.SAFER.label
    MATTERS = Section.MATTERS.value, Section.MATTERS.label
    EXITS = Section.EXITS.value, Section.EXITS.label


class ReviewEvery(models.IntegerChoices):
    """How often the person wants to be asked to look their plan over."""

    MONTH = 30, "Every 30 days (about a month)"
    TWO_MONTHS = 60, "Every 60 days (about two months)"
    THREE_MONTHS = 90, "Every 90 days (about three months)"


class SafetyPlan(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    content = EncryptedTextField(blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    change = models.CharField(max_length=30, choices=Change.choices, blank=True)
    restored_from = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_every_days = models.PositiveSmallIntegerField(
        "ask me to look it over", choices=ReviewEvery.choices, default=ReviewEvery.MONTH
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The reminders issue looks for plans due a review.
        indexes = [models.Index(fields=["reviewed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_every_days__in=ReviewEvery.values),
                name="safety_review_every_known_days",
            ),
        ]

    def __str__(self):
        return f"Safety plan of {self.owner_id}"

    @cached_property
    def data(self) -> dict:
        return normalized_content(self.content)

    def set_data(self, content: dict) -> None:
        self.content = content_json(content)
        self.__dict__["data"] = copy.deepcopy(content)

    @property
    def is_empty(self) -> bool:
        return content_json(self.data) == content_json(empty_content())

    @property
    def next_review_at(self) -> datetime | None:
        if self.reviewed_at is None:
            return None
        return self.reviewed_at + timedelta(days=self.review_every_days)

    def review_due(self, now: datetime) -> bool:
        """The chosen number of days after the person last looked it over (or changed it)."""
        if self.pk is None or self.is_empty:
            return False
        return self.reviewed_at is None or now >= self.next_review_at


class SafetyPlanVersion(models.Model):
    """An earlier state of a plan, kept when a save replaced it."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    content = EncryptedTextField()
    saved_at = models.DateTimeField(help_text="When this version was written.")
    change = models.CharField(max_length=30, choices=Change.choices, blank=True)
    restored_from = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(help_text="When a later save replaced it.")

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        indexes = [models.Index(fields=["plan", "-replaced_at"])]

    def __str__(self):
        return f"Version of {self.saved_at:%Y-%m-%d %H:%M}"

    @cached_property
    def data(self) -> dict:
        return normalized_content(self.content)


def hash_token(token: str) -> str:
    # The token is 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


class SafetyPlanLink(models.Model):
    """A private, read-only link to a plan, for a phone's bookmarks.

    Only the hash of the token is stored: a database dump cannot open anyone's plan.
    """

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(revoked_at__isnull=True),
                name="safety_link_one_active_per_plan",
            ),
        ]

    def __str__(self):
        return f"Private link made {self.created_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
