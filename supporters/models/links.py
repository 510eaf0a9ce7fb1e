"""Supporters: invitations, the link that carries granted scopes, views of it, notes.

Every supporter-facing read goes through supporters.permissions.can_view; nothing
else decides what a supporter may see.
"""

from django.conf import settings
from django.db import models

from common.fields import BlindIndexField, EncryptedEmailField, EncryptedTextField


class Scope(models.TextChoices):
    PLAN = "plan", "Plan: goals, ladders and the week"
    PRACTICE = "practice", "Practice: how steps went, and distress ratings"
    CHECKINS = "checkins", "Check-ins: numbers only, never notes"
    SAFETY = "safety", "Safety plan"
    JOURNAL = "journal", "Journal and thought records"
    # For a clinician: the printable report (planner.selectors.report), never the
    # journal, and the safety plan only with that scope too.
    REPORT = "report", "Report: a printable summary for a clinician"


# The SupporterLink field behind each scope.
SCOPE_FIELDS = {scope: f"scope_{scope.value}" for scope in Scope}
# Each scope in a few words, to the person: "Sam can see your plan, your safety plan".
SCOPE_SHORT = {
    Scope.PLAN: "your plan",
    Scope.PRACTICE: "how your steps went",
    Scope.CHECKINS: "your check-ins",
    Scope.SAFETY: "your safety plan",
    Scope.JOURNAL: "your journal",
    Scope.REPORT: "your report",
}
# The same, told to the supporter: "Not shared with you: their safety plan, their journal".
SCOPE_THEIRS = {
    Scope.PLAN: "their plan",
    Scope.PRACTICE: "how their steps went",
    Scope.CHECKINS: "their check-ins",
    Scope.SAFETY: "their safety plan",
    Scope.JOURNAL: "their journal",
    Scope.REPORT: "their report",
}


class Relationship(models.TextChoices):
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    PEER_MENTOR = "peer_mentor", "Peer mentor"
    CLINICIAN = "clinician", "Clinician"
    OTHER = "other", "Other"


class Invitation(models.Model):
    """An email invitation to become someone's supporter.

    The link in the email is signed (supporters.invitations) and names the
    invitation and its nonce; it works once, for 7 days, while still pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = EncryptedEmailField()
    # An invitation is found by address through this keyed hash (common.blind_index).
    email_index = BlindIndexField(source="email", normalise="email")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    scopes = models.JSONField(default=list, blank=True)
    nonce = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    link = models.ForeignKey(
        "supporters.SupporterLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )

    class Meta:
        # Moved here from accounts without touching the table (see 0001_initial).
        db_table = "accounts_invitation"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "accepted", "withdrawn"]),
                name="invitation_status_known",
            ),
        ]

    def __str__(self):
        return f"Invitation to {self.email}"


class SupporterLink(models.Model):
    """One supporter of one person, with the scopes the person granted.

    Revoking (by the person) or leaving (by the supporter) sets `ended_at`; the row
    stays so the access log keeps its names. An ended link grants nothing.
    """

    class EndedBy(models.TextChoices):
        OWNER = "owner", "Access removed"
        SUPPORTER = "supporter", "Stepped back"

    class CheckinsShown(models.TextChoices):
        # Each label says exactly what the supporter sees (the sharing page shows it).
        WEEKLY = (
            "weekly",
            "A weekly summary: for each week, how many check-ins and the average mood, "
            "distress, energy and meaningful moments. No single day.",
        )
        EACH = (
            "each",
            "Each check-in: the day, mood, distress, energy and meaningful moments.",
        )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporter_links"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporting_links"
    )
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    scope_plan = models.BooleanField("plan", default=False)
    scope_practice = models.BooleanField("practice", default=False)
    scope_checkins = models.BooleanField("check-ins", default=False)
    scope_safety = models.BooleanField("safety plan", default=False)
    # Off unless the person turns it on and confirms (journal text is the most private).
    scope_journal = models.BooleanField("journal", default=False)
    scope_report = models.BooleanField("report", default=False)
    # With the check-ins scope: a weekly summary (the default) or each check-in.
    checkins_shown = models.CharField(
        max_length=10, choices=CheckinsShown.choices, default=CheckinsShown.WEEKLY
    )
    # With the practice scope: "this step looks ready to move up". Off unless the
    # person ticks it: from a supporter it can read as pressure to climb.
    share_readiness = models.BooleanField("show when a step looks ready", default=False)
    # What the supporter sees changed without the person choosing it (migration
    # 0005_support_...): their sharing page says so until they next save this card.
    notice_pending = models.BooleanField(default=False)
    digest_enabled = models.BooleanField("weekly summary email", default=False)
    notes_muted = models.BooleanField("mute their notes", default=False)
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=10, choices=EndedBy.choices, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Moved here from accounts without touching the table (see 0001_initial).
        db_table = "accounts_supporterlink"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["supporter", "ended_at"]),
            models.Index(fields=["owner", "ended_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "supporter"],
                condition=models.Q(ended_at__isnull=True),
                name="supporter_link_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(owner=models.F("supporter")),
                name="supporter_link_not_self",
            ),
            models.CheckConstraint(
                condition=models.Q(checkins_shown__in=["weekly", "each"]),
                name="supporter_link_checkins_shown_known",
            ),
        ]

    def __str__(self):
        return f"{self.supporter} supports {self.owner}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def grants(self, scope: str) -> bool:
        return self.is_active and getattr(self, SCOPE_FIELDS[Scope(scope)])

    @property
    def granted_scopes(self) -> list[Scope]:
        return [scope for scope in Scope if getattr(self, SCOPE_FIELDS[scope])]

    @property
    def shows_each_checkin(self) -> bool:
        return self.grants(Scope.CHECKINS) and self.checkins_shown == self.CheckinsShown.EACH

    @property
    def shows_readiness(self) -> bool:
        return self.grants(Scope.PRACTICE) and self.share_readiness

    @property
    def seen_words(self) -> list[str]:
        """What the supporter sees, in the person's words, with the check-in choice."""
        words = []
        for scope in self.granted_scopes:
            said = SCOPE_SHORT[scope]
            if scope == Scope.CHECKINS:
                each = self.checkins_shown == self.CheckinsShown.EACH
                said += " (each one)" if each else " (a weekly summary)"
            if scope == Scope.PRACTICE and self.share_readiness:
                said += " (and when a step looks ready)"
            words.append(said)
        return words

    @property
    def not_shared_words(self) -> list[str]:
        """What the supporter does not see, told to them: names of parts, never content."""
        granted = self.granted_scopes
        words = [SCOPE_THEIRS[scope] for scope in Scope if scope not in granted]
        # Then the parts held back within what is shared.
        if Scope.CHECKINS in granted and self.checkins_shown != self.CheckinsShown.EACH:
            words.append("each check-in (you see a weekly summary)")
        if Scope.PRACTICE in granted and not self.share_readiness:
            words.append("when a step looks ready to move up")
        return words


class AccessLog(models.Model):
    """One read a supporter made of a person's data: who, how, which scopes, when.

    Written once and kept a year: nothing updates or deletes a row but the yearly
    prune and account deletion (on PostgreSQL a trigger refuses anything else, see
    migration 0002 and supporters.services.access).
    """

    class Kind(models.TextChoices):
        PAGE = "page", "Opened"
        DASHBOARD = "dashboard", "Saw on their supporting page"
        DIGEST = "digest", "Weekly summary sent"
        # A step that names them as its ally (on their pages, or its reminder).
        ALLY = "ally", "A step they were asked along to"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log"
    )
    link = models.ForeignKey(SupporterLink, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PAGE)
    # The page's own scope (a page view); blank for the dashboard and the digest.
    scope = models.CharField(max_length=10, choices=Scope.choices, blank=True)
    # Every scope the read drew on, in Scope order: a page that also shows another
    # granted scope (the safety plan's step exits need the plan) names both.
    scopes = models.JSONField(default=list, blank=True)
    path = models.CharField(max_length=200)
    viewed_at = models.DateTimeField()

    class Meta:
        # Moved here from accounts without touching the table (see 0001_initial).
        db_table = "accounts_accesslog"
        ordering = ["-viewed_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-viewed_at"]),
            models.Index(fields=["viewed_at"]),
        ]

    def __str__(self):
        return f"{self.viewer} {self.kind} {self.scopes} at {self.viewed_at:%Y-%m-%d %H:%M}"

    @property
    def scope_words(self) -> str:
        """ "your plan, your safety plan": what the read drew on, in the person's words."""
        return ", ".join(SCOPE_SHORT[Scope(value)] for value in self.scopes)

    @property
    def also_words(self) -> str:
        """A page view's other scopes, in the person's words ("" when only its own)."""
        return ", ".join(SCOPE_SHORT[Scope(v)] for v in self.scopes if v != self.scope)


class Encouragement(models.Model):
    """A short note from a supporter, shown on the person's home page unless muted."""

    MAX_LENGTH = 500

    link = models.ForeignKey(SupporterLink, on_delete=models.CASCADE, related_name="notes")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="encouragements"
    )
    body = EncryptedTextField()
    created_at = models.DateTimeField()
    # The person put it away from their home page (it stays in their list).
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Moved here from accounts without touching the table (see 0001_initial).
        db_table = "accounts_encouragement"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return f"Note from {self.link.supporter} at {self.created_at:%Y-%m-%d}"
