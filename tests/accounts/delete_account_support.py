"""A world for the account deletion tests: Alice's whole life, and others' lives around it.

    others = lives(bob, carol)        # everyone else's rows, made first
    before = snapshot()               # every row of every model, by pk
    life(alice, ...); connect(alice, bob)   # Alice's rows: everything new since
    canary_write(before)              # CANARY into every free-text field she owns

A person's life has a row in every model a person can own (the completeness test
checks that against apps.get_models(), so a new model fails it until it is added
here).
"""

import json
from datetime import timedelta
from itertools import count

from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import models, transaction

from accounts.models import SecurityEvent
from accounts.services.security_events import record
from planner.models import (
    CheckInSettings,
    ImportJournal,
    ImportRun,
    LessonRead,
    PlanSettings,
    ProblemOption,
    RestDay,
    WelcomeBack,
)
from planner.models.safety import Section
from planner.services.safety import safety_link_create, safety_section_save
from reminders.models import (
    InboundSms,
    Outbox,
    PhoneVerification,
    ReminderKind,
    SmsOptOut,
)
from reminders.services.calendar import calendar_feed_create
from reminders.sync import reminders_sync_scheduled_step
from supporters.models import AccessLog, AllyResponse, Encouragement, Invitation
from supporters.services.access import access_log_erasure_allow
from supporters.services.links import ally_steps_resync
from tests.accounts.mfa_support import turn_on_app
from tests.accounts.sessions_support import device, sign_in
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    GoalFactory,
    JournalEntryFactory,
    MeasureResponseFactory,
    ProblemWorksheetFactory,
    ScheduledStepFactory,
    StepFactory,
    TagFactory,
    ThoughtRecordFactory,
    TrustedContactFactory,
    ValueFactory,
    WinFactory,
    prefs_replace,
)
from tests.reminders.dispatch_support import outbox_row
from tests.supporters.supporters_support import ALL_SCOPES, link_for

CANARY = "Canary-7f3a-only-Alice-wrote-this"
_inbound = count()


def phone_of(n: int) -> str:
    return f"+1415555{n:04d}"


def every_model():
    # Many-to-many tables too: a journal entry's tags are rows of their own.
    return apps.get_models(include_auto_created=True)


def counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in every_model()}


def snapshot() -> dict[str, dict]:
    """Every row of every model, decrypted, by pk: to compare others' rows after."""
    rows = {}
    for model in every_model():
        # data_version is a cache stamp, not anyone's data: a link ended with her account
        # rightly marks the other person's pages as changed (common.versioning).
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.attname != "data_version"
        ]
        rows[model._meta.label] = {
            row[0]: row for row in model._base_manager.values_list("pk", *fields)
        }
    return rows


def life(person, n: int, now) -> dict:
    """One person's own rows, in every model a person owns."""
    phone = phone_of(n)
    o = {"phone": phone}
    prefs_replace(owner=person, sms_enabled=True, phone=phone, phone_verified_at=now)
    PhoneVerification.objects.create(
        owner=person,
        phone=phone,
        code_hash=f"hash-{n}",
        created_at=now,
        expires_at=now + timedelta(minutes=10),
        verified_at=now,
    )
    value = ValueFactory(owner=person, name=f"Connection of {person.display_name}")
    goal = GoalFactory(owner=person, value=value, why="Because it matters to me.")
    o["contact"] = TrustedContactFactory(
        owner=person, name=f"Ally of {person.display_name}", can_be_ally=True, notes="Kind."
    )
    step = StepFactory(goal=goal, description="Say hello.", ally=o["contact"])
    o["scheduled"] = ScheduledStepFactory(
        step=step, starts_at=now + timedelta(days=1), ally_note="Meet me at the gate."
    )
    done = ScheduledStepFactory(step=step, starts_at=now - timedelta(days=1), status="done")
    attempt = AttemptFactory(
        step=step, scheduled_step=done, note="It went fine.", what_helped="Breathing."
    )
    tag = TagFactory(owner=person, name=f"tag of {person.display_name}")
    checkin = CheckInFactory(owner=person, note="Tired but fine.")
    checkin.tags.add(tag)
    CheckInSettings.objects.create(owner=person)
    settings = PlanSettings.objects.create(owner=person)
    settings.paused_goals.add(goal)
    RestDay.objects.create(owner=person, day=now.date())
    entry = JournalEntryFactory(owner=person, text="Today I wrote.")
    entry.tags.add(tag)
    thought = ThoughtRecordFactory(owner=person, evidence_for="Some.", balanced_thought="Maybe.")
    thought.cited_attempts.add(attempt)
    LessonRead.objects.create(owner=person, slug="graded-steps", read_at=now)
    MeasureResponseFactory(owner=person)
    worksheet = ProblemWorksheetFactory(owner=person, first_move="Ask.", review="Good.")
    ProblemOption.objects.create(worksheet=worksheet, position=0, text="Go early.", pros="Quiet.")
    WinFactory(owner=person, text="I went.")
    WelcomeBack.objects.create(owner=person, last_log_at=now, shown_at=now)
    # An import a sweep put back, not yet told of, with a batch's journal (what it undid).
    run = ImportRun.objects.create(
        owner=person,
        started_at=now,
        heartbeat_at=now,
        state=ImportRun.State.UNDONE,
        to_tell=True,
        bulk_marks={"planner.Tag": 0},
    )
    ImportJournal.objects.create(
        run=run, body=json.dumps({"before": [["planner.CheckIn", 1, {"note": "Was here."}]]})
    )
    for k, signs in enumerate((["A racing heart"], ["A racing heart", "Short sleep"])):
        safety_section_save(
            owner=person, section=Section.WARNING_SIGNS, value=signs, now=now + timedelta(seconds=k)
        )
    safety_link_create(owner=person, now=now)
    calendar_feed_create(owner=person, include_exit_strategy=True, now=now)
    reminders_sync_scheduled_step(scheduled=o["scheduled"], now=now)
    outbox_row(recipient=person, due_at=now - timedelta(days=2), status=Outbox.Status.SENT)
    o["due"] = outbox_row(recipient=person, due_at=now, channel=Outbox.Channel.EMAIL)
    InboundSms.objects.create(
        provider_message_id=f"SM{next(_inbound)}",
        from_number=phone,
        body="STOP please",
        action="stop",
        received_at=now,
    )
    # The STOP list names a number, not a person: it is kept whoever the number was.
    SmsOptOut.objects.create(phone=phone, opted_out_at=now, source="STOP")
    Invitation.objects.create(
        owner=person,
        email=f"friend-of-{n}@example.org",
        relationship="friend",
        scopes=["plan"],
        nonce=f"nonce-{n}",
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    address = EmailAddress.objects.get(user=person)
    EmailConfirmation.objects.create(email_address=address, key=f"key-{n}", created=now)
    person.groups.add(Group.objects.get_or_create(name="Testers")[0])
    person.user_permissions.add(Permission.objects.order_by("pk").first())
    # Signed in on two devices, through the sign-in form (a UserSession row each)...
    for _ in range(2):
        sign_in(device(), person)
    # ...then two-step sign-in with an app (and its recovery codes); and what the
    # account's activity saw.
    turn_on_app(person)
    record(user=person, kind=SecurityEvent.Kind.EXPORTED, now=now, what="a ZIP file")
    return o


def connect(alice, bob, *, alice_life: dict, bob_life: dict, now) -> dict:
    """Links both ways, and what they carry: contacts, allies, views, notes, messages."""
    link_ab = link_for(alice, bob, *ALL_SCOPES, digest_enabled=True)  # Bob supports Alice
    link_ba = link_for(bob, alice, "plan")  # Alice supports Bob
    # Each names the other as the ally on their upcoming step.
    type(alice_life["contact"]).objects.filter(pk=alice_life["contact"].pk).update(
        supporter_link=link_ab
    )
    type(bob_life["contact"]).objects.filter(pk=bob_life["contact"].pk).update(
        supporter_link=link_ba
    )
    ally_steps_resync(contact_ids=[alice_life["contact"].pk, bob_life["contact"].pk], now=now)
    AllyResponse.objects.create(
        scheduled_step=alice_life["scheduled"], link=link_ab, answer="coming", answered_at=now
    )
    AllyResponse.objects.create(
        scheduled_step=bob_life["scheduled"], link=link_ba, answer="coming", answered_at=now
    )
    AccessLog.objects.create(
        owner=alice, link=link_ab, viewer=bob, scope="plan", path="/x/", viewed_at=now
    )
    AccessLog.objects.create(
        owner=bob, link=link_ba, viewer=alice, scope="plan", path="/y/", viewed_at=now
    )
    Encouragement.objects.create(link=link_ab, owner=alice, body="Proud of you.", created_at=now)
    Encouragement.objects.create(link=link_ba, owner=bob, body="You can do it.", created_at=now)
    Invitation.objects.create(
        owner=bob,
        email=alice.email,
        relationship="friend",
        scopes=["plan"],
        nonce="bob-invited-alice",
        status=Invitation.Status.ACCEPTED,
        created_at=now,
        expires_at=now + timedelta(days=7),
        answered_at=now,
        accepted_by=alice,
        link=link_ba,
    )
    digest = outbox_row(
        recipient=bob,
        due_at=now + timedelta(days=3),
        channel=Outbox.Channel.EMAIL,
        kind=ReminderKind.DIGEST,
        supporter_link=link_ab,
    )
    return {"link_ab": link_ab, "link_ba": link_ba, "digest": digest}


# Machine values, not words a person wrote: appending to them would only break them.
NOT_FREE_TEXT = {"password", "session_data", "session_key", "token_hash", "code_hash", "key"}


def _free_text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and not field.primary_key
            and field.name not in NOT_FREE_TEXT
        ):
            yield field


def canary_write(before: dict, *, skip) -> int:
    """Append CANARY to every free-text field of every row made since `before`.

    `skip(row)` says which new rows are not Alice's (the STOP list, Bob's own
    messages about her). Returns how many values now carry it.
    """
    written = 0
    for model in every_model():
        if model is Session:
            continue
        fields = list(_free_text_fields(model))
        if not fields:
            continue
        known = before[model._meta.label]
        for row in model._base_manager.exclude(pk__in=list(known)):
            if skip(row):
                continue
            changes = {}
            for field in fields:
                value = f"{getattr(row, field.attname) or ''} {CANARY}".strip()
                if field.max_length is None or len(value) <= field.max_length:
                    changes[field.attname] = value
            if changes:
                # The access log refuses updates on PostgreSQL: this set-up alone may
                # write into it (a canary in a row of hers, as if she had been viewed so).
                with transaction.atomic():
                    access_log_erasure_allow(on=model is AccessLog)
                    # A queryset update still encrypts: it prepares each value for the field.
                    model._base_manager.filter(pk=row.pk).update(**changes)
                    access_log_erasure_allow(on=False)
                written += len(changes)
    return written


def canary_found_in_rows() -> list[str]:
    """Every model.field (decrypted by the ORM) that still holds CANARY."""
    found = []
    for model in every_model():
        fields = list(_free_text_fields(model))
        if not fields:
            continue
        for row in model._base_manager.values_list(*(field.attname for field in fields)):
            for field, value in zip(fields, row, strict=True):
                if value and CANARY in str(value):
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def models_a_person_owns() -> set[str]:
    """Models with a row that points at a person, directly or through a row that does."""
    user_model = apps.get_model("accounts.User")
    owning, grew = {user_model}, True
    while grew:
        grew = False
        for model in every_model():
            if model in owning:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in owning and not field.null:
                    owning.add(model)
                    grew = True
                    break
    return {model._meta.label for model in owning}
