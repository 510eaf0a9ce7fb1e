"""Demo people for `manage.py seed_demo`."""

from allauth.account.models import EmailAddress

from accounts.models import User

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


def summary(people: dict[str, User]) -> list[str]:
    """What `seed_demo` prints: how to sign in as each demo person."""
    return [f"{name}: {email} / {DEMO_PASSWORD}" for email, name, *_ in DEMO_PEOPLE]


SEEDERS = (seed,)
