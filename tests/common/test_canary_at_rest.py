"""Nothing a person writes sits in the database in plain text (issue 14, part 1).

The fields are generated from the models: every text-holding field of accounts,
planner, supporters and reminders is covered unless EXEMPT names it with a reason,
so a new field is checked by default. A unique canary goes into each through the
ORM, then the raw database (SQLite's file and dump, or pg_dump) must hold none.
"""

import pytest
from django.apps import apps
from django.db import models

from tests.accounts.delete_account_support import connect, life
from tests.dump_support import database_dump
from tests.factories import UserFactory

APPS = ("accounts", "planner", "supporters", "reminders")

# "app.Model.field": why it may stay readable in a database dump.
EXEMPT = {
    # accounts
    "accounts.User.password": "an Argon2 hash, not text",
    "accounts.User.unsubscribe_salt": "random, made by the app: it signs links, names no one",
    "accounts.User.email": (
        "the sign-in address: allauth looks it up case-insensitively here and in its own "
        "EmailAddress table, which is outside our apps; named in the threat model"
    ),
    "accounts.User.display_name": (
        "the name shown to the person's supporters, ordered by the database on their "
        "supporting page; like the sign-in address, it names the account, not its contents"
    ),
    "accounts.User.timezone": "an IANA zone name from a fixed list",
    "accounts.User.locale": "a choice (language code)",
    "accounts.User.exit_url": "the neutral page the exit button opens (a weather site by default)",
    "accounts.SecurityEvent.kind": "a choice",
    "accounts.SecurityEvent.device": "browser and system parsed from the User-Agent header",
    "accounts.SecurityEvent.what": "our own words about an account event",
    # planner
    "planner.CheckInSettings.rhythm": "a choice",
    "planner.CheckIn.rhythm": "a choice",
    "planner.Value.catalog_key": "a slug naming an entry of planner.catalog",
    "planner.Goal.area": "a choice",
    "planner.Goal.status": "a choice",
    "planner.Step.mode": "a choice",
    "planner.Step.accommodations": "a list of choices (the person's own is accommodations_other)",
    "planner.ThoughtRecord.traps": "a list of choices from planner.thinking_traps",
    "planner.LessonRead.slug": "a slug naming a lesson",
    "planner.MeasureResponse.kind": "a choice",
    "planner.MeasureResponse.answers": "numbers of a scale, scored by the database",
    "planner.ProblemWorksheet.outcome": "a choice",
    "planner.SafetyPlan.change": "a choice",
    "planner.SafetyPlanVersion.change": "a choice",
    "planner.SafetyPlanLink.token_hash": "a hash of a link's token",
    "planner.ScheduledStep.status": "a choice",
    "planner.Win.kind": "a choice",
    "planner.ImportRun.state": "a choice",
    "planner.ImportRun.bulk_marks": "the highest row ids of two tables when an import began",
    # supporters
    "supporters.AllyResponse.answer": "a choice",
    "supporters.Invitation.relationship": "a choice",
    "supporters.Invitation.scopes": "a list of choices",
    "supporters.Invitation.nonce": "a random single-use token",
    "supporters.Invitation.status": "a choice",
    "supporters.SupporterLink.relationship": "a choice",
    "supporters.SupporterLink.ended_by": "a choice",
    "supporters.SupporterLink.checkins_shown": "a choice (weekly summary or each check-in)",
    "supporters.AccessLog.scope": "a choice",
    "supporters.AccessLog.kind": "a choice",
    "supporters.AccessLog.scopes": "a list of scope choices",
    "supporters.AccessLog.path": "the path of our own page a supporter opened",
    # reminders
    "reminders.ReminderPreferences.email_unsubscribed": "a list of reminder kinds (choices)",
    "reminders.PhoneVerification.code_hash": "a hash of a one-time code",
    "reminders.Outbox.kind": "a choice",
    "reminders.Outbox.channel": "a choice",
    "reminders.Outbox.status": "a choice",
    "reminders.Outbox.last_error": "the provider's own error words",
    "reminders.Outbox.skip_reason": "our own words for why a message was not sent",
    "reminders.Outbox.dedupe_key": "ids and instants, built by reminders.sync",
    "reminders.Outbox.lease": "a random claim token",
    "reminders.Outbox.provider_message_id": "the SMS or mail provider's id",
    "reminders.SmsOptOut.source": "our own word for how the opt-out came (STOP)",
    "reminders.InboundSms.provider_message_id": "the SMS provider's id",
    "reminders.InboundSms.action": "our own word for what a text asked (stop, start)",
    "reminders.CalendarFeed.token_hash": "a hash of the feed's token",
}
# Keyed hashes beside encrypted fields (common.blind_index): no text, only digests.
EXEMPT |= {
    f"{label}.{name}": "a keyed HMAC blind index, not text"
    for label, name in (
        ("planner.Tag", "name_index"),
        ("planner.Value", "name_index"),
        ("planner.TrustedContact", "email_index"),
        ("supporters.Invitation", "email_index"),
        ("reminders.ReminderPreferences", "phone_index"),
        ("reminders.SmsOptOut", "phone_index"),
        ("reminders.InboundSms", "from_number_index"),
    )
}

TEXT = (models.CharField, models.TextField, models.JSONField)


def person_written_fields() -> list[str]:
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                name = f"{model._meta.label}.{field.name}"
                if isinstance(field, TEXT) and not field.primary_key and name not in EXEMPT:
                    found.append(name)
    return found


def canary(n: int) -> str:
    # Short enough for a 20-character phone column, unlikely in base64 by chance.
    return f"Kq{n:03d}zWv"


@pytest.fixture
def written(frozen, bob):
    alice = UserFactory(display_name="Alice", email="alice@example.org")
    lives = {alice: life(alice, 0, frozen), bob: life(bob, 1, frozen)}
    connect(alice, bob, alice_life=lives[alice], bob_life=lives[bob], now=frozen)
    canaries = {}
    for n, name in enumerate(person_written_fields()):
        label, field_name = name.rsplit(".", 1)
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
        row = model._base_manager.order_by("pk").first()
        assert row is not None, f"no {label} row to write into: add one to life()"
        value = [canary(n)] if isinstance(field, models.JSONField) else canary(n)
        # A queryset update prepares the value through the field, as a save would.
        model._base_manager.filter(pk=row.pk).update(**{field.attname: value})
        canaries[name] = canary(n)
    return canaries


def test_the_list_is_generated_from_the_models_and_exempts_only_real_fields():
    fields = set(person_written_fields())
    assert {"planner.Goal.title", "planner.JournalEntry.text", "reminders.SmsOptOut.phone"} <= (
        fields
    )
    every = {
        f"{model._meta.label}.{field.name}"
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.concrete_fields
    }
    assert set(EXEMPT) <= every, f"EXEMPT names fields that no longer exist: {set(EXEMPT) - every}"


@pytest.mark.django_db(transaction=True)
def test_no_person_written_text_is_readable_in_a_database_dump(written):
    for name, value in written.items():
        label, field_name = name.rsplit(".", 1)
        model = apps.get_model(label)
        stored = model._base_manager.values_list(field_name, flat=True)
        assert any(value in str(v) for v in stored), f"{name} did not keep what was written"
    dump = database_dump()
    plain = sorted(name for name, value in written.items() if value.encode() in dump)
    assert plain == [], f"readable in the database dump: {plain}"
