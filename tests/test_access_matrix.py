"""Who may open what: every URL that takes a person or an object, asked by everyone.

The URL names come from the URL configuration itself, so a new URL that takes a
kwarg and is not in RULES below fails `test_every_url_that_takes_an_object_has_a_rule`.
Each rule says which roles get the page; every other signed-in role gets 404 (the
same answer as for something that does not exist), anonymous visitors are sent
to sign in, a POST by anyone not allowed is refused and changes nothing, and a
page that anyone may open about their own data never shows Alice's.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from supporters.models import SupporterLink
from supporters.permissions import can_view
from tests.access_support import (
    ALL_SCOPES,
    EVERYONE,
    OWNER,
    ROLES,
    SECRETS,
    SIGNED_IN,
    SUPPORTERS,
    VARIANTS,
    answer,
    build_world,
    fingerprint,
    object_urls,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
WRONG_TOKEN = "not-a-real-token-Zm9vYmFy"


@dataclass(frozen=True)
class Rule:
    kwargs: Callable  # World -> the URL's kwargs, each a real object of Alice's
    allowed: frozenset  # roles that get the page
    ok: frozenset = frozenset({200})  # what an allowed GET answers
    post_only: bool = False  # GET answers 405 to anyone signed in
    public: bool = False  # no sign-in: the token in the URL is the key
    wrong: Callable | None = None  # kwargs with a token that is not genuine
    wrong_ok: frozenset = frozenset({404})
    overrides: tuple = ()  # (role, statuses) where one role's answer differs


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def owner(kwargs, **extra) -> Rule:
    return Rule(kwargs, OWNER, **extra)


def own_data(kwargs, **extra) -> Rule:
    """Anyone signed in opens it, about their own data (a lesson, their own plan section)."""
    return Rule(kwargs, SIGNED_IN, **extra)


def supporter(scope: str | None, **extra) -> Rule:
    variants = {role for role, (granted, _) in VARIANTS.items() if granted == scope}
    allowed = SUPPORTERS if scope is None else frozenset({scope, *variants})
    return Rule(lambda w: {"owner_id": w.alice.pk}, allowed, **extra)


def public(kwargs, wrong, **extra) -> Rule:
    return Rule(kwargs, EVERYONE, public=True, wrong=wrong, **extra)


def token(name):
    return lambda w: {"token": getattr(w, name)}


WRONG = {"token": WRONG_TOKEN}
POST = {"post_only": True}
REDIRECTS = frozenset({200, 302})

RULES: dict[str, Rule] = {
    # Sign-in (allauth): keys in emailed links
    "account_confirm_email": public(
        lambda w: {"key": w.email_key}, lambda w: {"key": WRONG_TOKEN}, wrong_ok=frozenset({200})
    ),
    "account_reset_password_from_key": public(
        lambda w: {"uidb36": w.reset_uid, "key": w.reset_key},
        lambda w: {"uidb36": w.reset_uid, "key": WRONG_TOKEN},
        ok=REDIRECTS,
        wrong_ok=frozenset({200}),
    ),
    # Two-step sign-in: renaming or removing one of Alice's passkeys
    "mfa_edit_webauthn": owner(pk("passkey")),
    "mfa_remove_webauthn": owner(pk("passkey")),
    # The "put my old address back" link in the email-changed notice (GET changes nothing).
    "accounts:email_undo": public(token("email_undo_token"), lambda w: WRONG),
    # Where you're signed in: ending another of Alice's sessions
    "accounts:session_end": owner(pk("user_session"), **POST),
    # Sharing, invitations and unsubscribing
    "sharing:invitation_withdraw": owner(pk("invitation"), **POST),
    "sharing:supporter": owner(lambda w: {"pk": w.links["plan"].pk}, ok=REDIRECTS),
    "sharing:revoke": owner(lambda w: {"pk": w.links["plan"].pk}),
    "sharing:leave": Rule(lambda w: {"pk": w.links["plan"].pk}, frozenset({"plan"})),
    # Sent to dana@example.org, whom no role is: signed in, only its owner is told
    # it is her own; everyone else that it was sent to someone else.
    "sharing:invitation_accept": public(
        token("invitation_token"),
        lambda w: WRONG,
        overrides=(("owner", {410}), *((role, {403}) for role in SIGNED_IN - OWNER)),
    ),
    "reminders:unsubscribe": public(token("unsubscribe_token"), lambda w: WRONG),
    "reminders:unsubscribe_undo": public(token("unsubscribe_token"), lambda w: WRONG, **POST),
    "reminders:calendar_feed": public(token("calendar_token"), lambda w: WRONG),
    "reminders:not_this_time": public(token("not_this_time_token"), lambda w: WRONG),
    # Safety plan and contacts
    "planner:safety_version": owner(pk("safety_version")),
    "planner:safety_version_restore": owner(pk("safety_version"), **POST),
    "planner:safety_shared": public(token("safety_token"), lambda w: WRONG),
    "planner:safety_section": own_data(lambda w: {"section": w.section}, ok=REDIRECTS),
    "planner:safety_section_edit": own_data(lambda w: {"section": w.section}),
    "planner:contact_edit": owner(pk("contact")),
    "planner:contact_remove": owner(pk("contact")),
    "planner:contact_ask": owner(pk("contact")),
    "planner:contact_agreed": owner(pk("contact"), **POST),
    # Values, goals, ladders, onboarding
    "planner:value_edit": owner(pk("value")),
    "planner:goal_detail": owner(pk("goal")),
    "planner:goal_edit": owner(pk("goal")),
    "planner:goal_status": owner(pk("goal"), **POST),
    "planner:ladder_suggest": owner(pk("goal")),
    "planner:ladder_reorder": owner(pk("goal"), **POST),
    "planner:step_create": owner(pk("goal")),
    "planner:step_edit": owner(pk("step")),
    "planner:step_move": owner(pk("step"), **POST),
    "planner:step_remove": owner(pk("step")),
    "planner:onboarding_ladder": owner(pk("goal"), ok=REDIRECTS),
    "planner:onboarding_first_step": owner(pk("goal"), ok=REDIRECTS),
    # The week and practice
    "planner:week_of": own_data(lambda w: {"year": 2026, "month": 3, "day": 2}),
    "planner:scheduled_step_card": owner(pk("scheduled"), ok=REDIRECTS),
    "planner:scheduled_step_reschedule": owner(pk("scheduled")),
    "planner:scheduled_step_cancel": owner(pk("scheduled"), **POST),
    "planner:attempt_predict": owner(pk("scheduled")),
    "planner:attempt_log": owner(pk("scheduled")),
    "planner:step_practice": owner(pk("step")),
    "planner:step_attempt_log": owner(pk("step")),
    # Measures, wins, problems
    "planner:measure_take": own_data(lambda w: {"kind": w.measure}),
    "planner:win_from_attempt": owner(pk("attempt"), **POST),
    "planner:win_from_checkin": owner(pk("checkin"), **POST),
    "planner:win_from_contact": owner(pk("contact"), **POST),
    "planner:win_remove": owner(pk("win"), **POST),
    "planner:problem": owner(pk("problem")),
    "planner:problem_remove": owner(pk("problem")),
    # Journal and thought records
    "planner:journal_entry": owner(pk("journal_entry")),
    "planner:journal_entry_edit": owner(pk("journal_entry")),
    "planner:journal_entry_delete": owner(pk("journal_entry")),
    "planner:thought": owner(pk("thought")),
    "planner:thought_edit": owner(pk("thought")),
    "planner:thought_delete": owner(pk("thought")),
    # Learn
    # Lessons are for anyone, signed in or not.
    "planner:lesson": Rule(lambda w: {"slug": w.lesson}, EVERYONE, public=True),
    "planner:lesson_read": own_data(lambda w: {"slug": w.lesson}, **POST),
    "planner:lesson_unread": own_data(lambda w: {"slug": w.lesson}, **POST),
    # Supporting someone
    "supporting:person": supporter(None),
    "supporting:plan": supporter("plan"),
    "supporting:practice": supporter("practice"),
    "supporting:checkins": supporter("checkins"),
    "supporting:safety": supporter("safety"),
    "supporting:journal": supporter("journal"),
    "supporting:report": supporter("report"),
    "supporting:encourage": supporter(None, **POST),
    # Only the supporter named as the step's ally (the plan supporter) can answer.
    "supporting:ally_answer": Rule(
        lambda w: {"owner_id": w.alice.pk, "scheduled_id": w.scheduled.pk},
        frozenset({"plan"}),
        **POST,
    ),
    "supporting:encouragement_put_away": owner(pk("encouragement"), **POST),
}


def test_every_url_that_takes_an_object_has_a_rule():
    missing = sorted(set(object_urls()) - set(RULES))
    assert not missing, (
        f"Add these URL names to RULES in {__file__} (who may open them, and which "
        f"object of Alice's each kwarg is): {', '.join(missing)}"
    )
    stale = sorted(set(RULES) - set(object_urls()))
    assert not stale, f"RULES names URLs that are gone: {', '.join(stale)}"


def expected_get(rule: Rule, role: str) -> frozenset:
    if role == "anonymous" and not rule.public:
        return frozenset({"login"})
    if rule.post_only:
        return frozenset({405})
    overrides = dict(rule.overrides)
    if role in overrides:
        return frozenset(overrides[role])
    return rule.ok if role in rule.allowed else frozenset({404})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Alice's world and everyone's signed-in browser, built once for the whole matrix.

    It lives in a transaction around the module; each test's own transaction
    (pytest-django's `db`) nests inside it and is rolled back, so whatever one
    URL writes is gone before the next, and the world is gone at the end.
    """
    # Each client confirms its password once (World.client); the freshness that buys
    # must outlast the whole matrix, however slow the machine.
    fresh = override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=60 * 60)
    with django_db_blocker.unblock(), transaction.atomic(), fresh:
        alice = UserFactory(display_name="Alice", email="alice@example.org")
        carol = UserFactory(display_name="Carol", email="carol@example.org")
        built = build_world(alice, carol)
        built.clients = {role: built.client(role) for role in ROLES}
        yield built
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_role_gets_what_the_rule_says(name, world, db):
    if name not in object_urls():
        pytest.fail(f"RULES names {name}, which is not in the URL configuration (renamed?)")
    rule = RULES[name]
    clients = world.clients
    url = reverse(name, kwargs=rule.kwargs(world))
    wrong = []

    for role in ROLES:
        response = clients[role].get(url)
        got = answer(response)
        if got not in expected_get(rule, role):
            wrong.append(f"GET as {role}: {got}, expected {sorted(expected_get(rule, role))}")
        elif role != "owner" and got == 200 and not rule.post_only:
            body = response.content.decode(errors="replace")
            leaked = [s for s in SECRETS if s in body] if rule.allowed == SIGNED_IN else []
            wrong += [f"GET as {role} shows Alice's {s!r}" for s in leaked]

    # Anyone not allowed who POSTs is refused, and nothing of anyone's changes.
    if not rule.public and rule.allowed != SIGNED_IN:
        before = fingerprint()
        for role in sorted(EVERYONE - rule.allowed):
            got = answer(clients[role].post(url, {}))
            expected = {"login"} if role == "anonymous" else {404, 405}
            if got not in expected:
                wrong.append(f"POST as {role}: {got}, expected {sorted(expected)}")
        if fingerprint() != before:
            wrong.append("a refused POST changed stored data")

    if rule.wrong is not None:
        wrong_url = reverse(name, kwargs=rule.wrong(world))
        for role in ("anonymous", "stranger"):
            response = (
                clients[role].post(wrong_url) if rule.post_only else clients[role].get(wrong_url)
            )
            if response.status_code not in rule.wrong_ok:
                wrong.append(f"wrong token as {role}: {response.status_code}")
            body = response.content.decode(errors="replace")
            wrong += [f"wrong token shows Alice's {s!r}" for s in SECRETS if s in body]

    assert not wrong, f"{name} ({url}):\n  " + "\n  ".join(wrong)


def test_the_revoked_supporter_held_every_scope_until_the_revoke(world, db):
    # Otherwise a 404 could come from a missing scope, and the matrix would not show
    # that revoking is what shuts the door.
    assert world.revoked_could_see == set(ALL_SCOPES)
    link = SupporterLink.objects.get(pk=world.links["revoked"].pk)
    assert set(link.granted_scopes) == set(ALL_SCOPES)
    assert (link.is_active, link.ended_by) == (False, SupporterLink.EndedBy.OWNER)
    assert not any(can_view(world.users["revoked"], world.alice, s) for s in ALL_SCOPES)


def test_each_way_of_sharing_check_ins_shows_what_its_label_says(world, db):
    """Both check-in choices open the page; only "each check-in" shows a single day."""
    url = reverse("supporting:checkins", kwargs={"owner_id": world.alice.pk})
    weekly = world.clients["checkins"].get(url).content.decode()
    each = world.clients["checkins_each"].get(url).content.decode()
    distress = f"Distress {world.checkin.distress}<"

    assert "a weekly summary" in weekly and "checkin-week" in weekly
    assert distress not in weekly and "checkin-item" not in weekly
    assert distress in each and "checkin-item" in each


def test_the_fingerprint_notices_a_changed_row(world, db):
    before = fingerprint()
    world.goal.title = "Renamed"
    world.goal.save()

    assert fingerprint() != before


def test_a_text_with_a_forged_signature_is_refused_and_changes_nothing(world, db, client):
    before = fingerprint()
    response = client.post(
        reverse("reminders:sms_inbound_twilio"),
        {"MessageSid": "SM1", "From": "+353861234567", "Body": "STOP"},
        HTTP_X_TWILIO_SIGNATURE="Zm9yZ2Vk",
    )

    assert response.status_code == 403
    assert fingerprint() == before
