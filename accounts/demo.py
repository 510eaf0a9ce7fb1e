"""Demo people for `manage.py seed_demo`."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import SecurityEvent, User

DEMO_PASSWORD = "stepwise-demo"  # noqa: S105  (printed on start-up; demo only)
DEMO_PEOPLE = [
    # email, display name, time zone, locale
    ("maya@demo.stepwise.localhost", "Maya", "Europe/Dublin", "en-IE"),
    ("sam@demo.stepwise.localhost", "Sam", "Europe/London", "en-GB"),
]


def seed(people: dict[str, User]) -> None:
    """Create (or refresh) the demo person and her supporter; safe to run again.

    Fills `people` by first name, for the seeders of the apps that come after.
    """
    for email, name, zone, locale in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "timezone": zone, "locale": locale}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # Verified, so the demo signs in without a trip to the mail console.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people[name.lower()] = user
    _security_events(people["maya"])


Kind = SecurityEvent.Kind
# (days ago, hours ago, kind, device, address, what): Maya's phone and laptop, a slip
# on the laptop, a new password, a download. Addresses from the documentation ranges.
MAYA_EVENTS = [
    (21, 0, Kind.SIGNED_IN, "Firefox on Windows", "203.0.113.24", ""),
    (21, 0, Kind.PASSWORD_CHANGED, "Firefox on Windows", "203.0.113.24", ""),
    (9, 3, Kind.SIGN_IN_REFUSED, "Firefox on Windows", "203.0.113.24", ""),
    (9, 2, Kind.SIGNED_IN, "Firefox on Windows", "203.0.113.24", ""),
    (6, 0, Kind.EXPORTED, "Firefox on Windows", "203.0.113.24", "everything, as a ZIP file"),
    (2, 0, Kind.SIGNED_IN, "Safari on an iPhone", "198.51.100.7", ""),
    (0, 5, Kind.SIGNED_IN, "Safari on an iPhone", "198.51.100.7", ""),
]


def _security_events(maya: User) -> None:
    """A few weeks of Maya's account activity, written the first time only."""
    if maya.security_events.exists():
        return
    now = timezone.now()
    SecurityEvent.objects.bulk_create(
        SecurityEvent(
            user=maya,
            kind=kind,
            at=now - timedelta(days=days, hours=hours),
            device=device,
            ip=ip,
            what=what,
        )
        for days, hours, kind, device, ip, what in MAYA_EVENTS
    )


def summary(people: dict[str, User]) -> list[str]:
    """What `seed_demo` prints: how to sign in as each demo person."""
    return [f"{name}: {email} / {DEMO_PASSWORD}" for email, name, *_ in DEMO_PEOPLE]


SEEDERS = (seed,)
