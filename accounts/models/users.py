import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone

from accounts.timezones import LOCALE_CHOICES, validate_timezone

EXIT_URL_INVALID = (
    "Please use a web address that starts with https:// (or http://), "
    "such as https://www.bbc.co.uk/weather."
)
TEXT_SIZE_CHOICES = [(100, "100%"), (125, "125%"), (150, "150%")]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address.

    The same account can keep a plan and be someone else's supporter.
    """

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(
        "what should we call you?",
        max_length=80,
        help_text="A first name or a nickname is plenty. Supporters you invite see it.",
    )
    timezone = models.CharField(
        "time zone",
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="Reminders and your week follow this zone.",
    )
    locale = models.CharField(
        "language and region",
        max_length=10,
        choices=LOCALE_CHOICES,
        default="en-US",
        help_text="Decides how dates look and which day your week starts on.",
    )
    # Not encrypted: an ordinary public address, and the page it leads to is meant to
    # look like anything but Stepwise. http(s) only, so it can never run script.
    exit_url = models.URLField(
        "where Exit this page takes you",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"], message=EXIT_URL_INVALID)],
    )
    # Presentation only: a neutral tab title and icon, "Help now" for the safety
    # link, and reminders that name neither Stepwise nor a step where others glance.
    discreet = models.BooleanField("discreet mode", default=False)
    # Presentation only, applied to every page as classes on <html> (templates/base.html).
    text_size = models.PositiveSmallIntegerField(
        "text size", choices=TEXT_SIZE_CHOICES, default=100
    )
    readable_font = models.BooleanField("readable font", default=False)
    # Mixed into the signature of the unsubscribe links in emails: changing it
    # ("turn off the links in past emails") stops every link already sent, while
    # new emails carry links signed with the new one. Not a secret (SECRET_KEY is);
    # empty until first changed.
    unsubscribe_salt = models.CharField(max_length=32, blank=True, default="", editable=False)
    # Bumped (common.versioning.bump) by every service that changes what this person's
    # pages show, in the same transaction: cached fragments are keyed by it, so a
    # change is seen on the very next view and an unchanged page renders once.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            # Addresses differ only in case are one person; the database guards it
            # even if a code path forgets to lower-case.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The person's zone; UTC if the system no longer knows the saved name.

        The one fallback every page, reminder and export uses: UTC beats refusing
        to show a week because tzdata dropped a zone.
        """
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def week_starts_on_sunday(self) -> bool:
        return self.locale in {"en-US", "en-CA", "en-IN", "en-ZA"}

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
