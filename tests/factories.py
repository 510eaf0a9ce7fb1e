from datetime import timedelta
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User

PASSWORD = "calm-river-stones-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    display_name = factory.Faker("first_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    timezone = "Europe/Dublin"
    locale = "en-IE"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        # Most tests want a person who can sign in; pass verified=False for a new sign-up.
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def reminders(self, create, extracted, **kwargs):
        # Most tests are about someone who chose every reminder (as every account
        # from before reminders became a choice has, reminders migration 0004); pass
        # reminders=False for a brand-new account, which has none until it picks them.
        if create and extracted is not False:
            prefs_replace(self, **CHOSEN_ALL)


# Every kind of reminder switched on, by email: what the reminders page calls "all of them".
CHOSEN_ALL = {
    "planning_enabled": True,
    "step_enabled": True,
    "checkin_enabled": True,
    "safety_review_enabled": True,
}


def prefs_replace(owner, **fields):
    """Save a person's reminder preferences: every kind on, changed by `fields`."""
    from reminders.models import ReminderPreferences

    ReminderPreferences.objects.filter(owner=owner).delete()
    return ReminderPreferences.objects.create(owner=owner, **{**CHOSEN_ALL, **fields})


# --- Goals and steps (minimal; the goals topic may extend them) ----------------------
class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.Value"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Value {n}")
    importance = 3


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.Goal"

    owner = factory.SubFactory(UserFactory)
    value = factory.LazyAttribute(lambda goal: ValueFactory(owner=goal.owner))
    title = factory.Sequence(lambda n: f"Have coffee with a friend ({n})")
    area = "relationships"


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.Step"

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Send a short message ({n})")
    predicted_suds = 60
    planned_minutes = 30
    exit_strategy = "Say I have to get going, and leave."


# --- The week and the practice log -----------------------------------------------------
class ScheduledStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.ScheduledStep"

    step = factory.SubFactory(StepFactory)
    owner = factory.LazyAttribute(lambda scheduled: scheduled.step.goal.owner)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    planned_minutes = factory.LazyAttribute(lambda scheduled: scheduled.step.planned_minutes)


class AttemptFactory(factory.django.DjangoModelFactory):
    """A logged attempt; pass happened_at=None (and no outcome) for a forecast only."""

    class Meta:
        model = "planner.Attempt"

    step = factory.SubFactory(StepFactory)
    owner = factory.LazyAttribute(lambda attempt: attempt.step.goal.owner)
    predicted_peak = factory.LazyAttribute(lambda attempt: attempt.step.predicted_suds)
    predicted_at = factory.LazyFunction(timezone.now)
    suds_before = 40
    suds_peak = 50
    suds_after = 20
    minutes_stayed = 30
    happened_at = factory.LazyFunction(timezone.now)


# --- Trusted contacts and the safety plan ------------------------------------------------
class TrustedContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.TrustedContact"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Friend {n}")
    relationship = "friend"
    # Belfast's range reserved for drama (028 9649 6xxx): valid, and nobody's phone.
    phone = factory.Sequence(lambda n: f"+44289649{6000 + n % 1000}")
    email = ""
    can_be_ally = False


# --- Check-ins, journal and thought records ----------------------------------------------
class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.Tag"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag {n}")


class CheckInFactory(factory.django.DjangoModelFactory):
    """A daily check-in; pass period_start to place it on a day."""

    class Meta:
        model = "planner.CheckIn"

    owner = factory.SubFactory(UserFactory)
    rhythm = "daily"
    # Today where the owner lives (the server's UTC date is another day for hours of it).
    period_start = factory.LazyAttribute(
        lambda checkin: timezone.localdate(timezone=ZoneInfo(checkin.owner.timezone))
    )
    mood = 3
    distress = 40
    energy = 3
    interactions = 1
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda checkin: checkin.created_at)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.JournalEntry"

    owner = factory.SubFactory(UserFactory)
    title = "A quiet evening"
    text = "Wrote a message to Sam and sent it."
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda entry: entry.created_at)


class ThoughtRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.ThoughtRecord"

    owner = factory.SubFactory(UserFactory)
    situation = "Walking into the café"
    automatic_thought = "Everyone will stare at me."
    emotion = "anxious"
    intensity_before = 80
    traps = factory.LazyFunction(lambda: ["mind-reading"])
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda record: record.created_at)


# --- Measures, small wins and problem solving ----------------------------------------------
class MeasureResponseFactory(factory.django.DjangoModelFactory):
    """UCLA 3-item answers by default; the score follows the answers."""

    class Meta:
        model = "planner.MeasureResponse"

    owner = factory.SubFactory(UserFactory)
    kind = "ucla3"
    answers = factory.LazyAttribute(lambda m: [2, 2, 2] if m.kind == "ucla3" else [2] * 6)
    score = factory.LazyAttribute(lambda m: sum(m.answers))
    taken_at = factory.LazyFunction(timezone.now)


class WinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.Win"

    owner = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Small win {n}")
    happened_at = factory.LazyFunction(timezone.now)


class ProblemWorksheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planner.ProblemWorksheet"

    owner = factory.SubFactory(UserFactory)
    problem = "The bus is packed at 9."
