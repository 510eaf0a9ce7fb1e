"""The world the access matrix requests: Alice's things, and everyone who may ask for them.

Every URL kwarg in the matrix resolves to a real object of Alice's (or, for the
supporter's own pages, a real link of theirs), so a 404 means "not yours to see",
never "there is nothing there".
"""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from cryptography.hazmat.primitives.asymmetric import ec
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from accounts.services.email_undo import email_change_undo_token
from planner.models import SafetyPlanVersion
from planner.models.safety import Section
from planner.services.safety import safety_link_create, safety_section_save
from reminders.models import ReminderKind
from reminders.not_this_time import not_this_time_token
from reminders.services.calendar import calendar_feed_create
from reminders.unsubscribe import unsubscribe_token
from supporters.invitations import invitation_token
from supporters.models import Encouragement, Invitation
from supporters.permissions import can_view
from supporters.services.links import supporter_link_revoke, supporter_scopes_set
from tests.factories import (
    PASSWORD,
    AttemptFactory,
    CheckInFactory,
    GoalFactory,
    JournalEntryFactory,
    ProblemWorksheetFactory,
    ScheduledStepFactory,
    StepFactory,
    ThoughtRecordFactory,
    TrustedContactFactory,
    UserFactory,
    ValueFactory,
    WinFactory,
)
from tests.supporters.supporters_support import ALL_SCOPES, link_for

# Words only Alice's own data contains: a page answered to anyone else must not show them.
SECRETS = ("Alice-only goal", "Alice-only step", "Alice-only journal", "Alice-only sign")
# A supporter granted one scope with its other choice: check-ins shown one by one
# (the "checkins" role sees the default, a weekly summary).
VARIANTS = {"checkins_each": ("checkins", {"checkins_shown": "each"})}
ROLES = (
    "owner",
    *ALL_SCOPES,  # a supporter granted exactly that one scope
    *VARIANTS,
    "no_scopes",  # a live link that grants nothing
    "revoked",  # a link Alice ended
    "stranger",  # carol
    "anonymous",
)
SUPPORTERS = frozenset((*ALL_SCOPES, *VARIANTS, "no_scopes"))
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
OWNER = frozenset({"owner"})


@dataclass
class World:
    alice: object
    users: dict = field(default_factory=dict)  # role -> user (None for anonymous)
    links: dict = field(default_factory=dict)  # role -> SupporterLink
    objects: dict = field(default_factory=dict)  # name -> object or token
    clients: dict = field(default_factory=dict)  # role -> a signed-in test Client
    # The scopes the revoked supporter could see just before the revoke (all of them).
    revoked_could_see: frozenset = frozenset()

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def client(self, role: str) -> Client:
        client = Client()
        if self.users[role] is not None:
            client.force_login(self.users[role])
            # As if each had just typed their password again: pages that ask for a
            # fresh re-authentication (two-step settings) then answer by who asks.
            client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        return client


def passkey_registration(rp_id: str = "testserver") -> dict:
    """A WebAuthn registration response for a fresh key, in the JSON a browser posts."""
    key = ec.generate_private_key(ec.SECP256R1())
    credential_id = os.urandom(16)
    attested = AttestedCredentialData.create(
        Aaguid.NONE, credential_id, ES256.from_cryptography_key(key.public_key())
    )
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT
    auth = AuthenticatorData.create(hashlib.sha256(rp_id.encode()).digest(), flags, 0, attested)
    client_data = CollectedClientData.create(
        CollectedClientData.TYPE.CREATE, b"challenge", f"https://{rp_id}"
    )
    return {
        "type": "public-key",
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "response": {
            "clientDataJSON": websafe_encode(bytes(client_data)),
            "attestationObject": websafe_encode(bytes(AttestationObject.create("none", auth, {}))),
        },
        "clientExtensionResults": {"credProps": {"rk": True}},
    }


def build_world(alice, carol) -> World:
    now = timezone.now()
    world = World(alice=alice)
    world.users = {"owner": alice, "stranger": carol, "anonymous": None}
    for role in (*ALL_SCOPES, "no_scopes", "revoked"):
        user = UserFactory(display_name=f"Supporter {role}", email=f"{role}@example.org")
        scopes = (role,) if role in ALL_SCOPES else ()
        world.users[role] = user
        world.links[role] = link_for(alice, user, *scopes)
    for role, (scope, choices) in VARIANTS.items():
        user = UserFactory(display_name=f"Supporter {role}", email=f"{role}@example.org")
        world.users[role] = user
        world.links[role] = link_for(alice, user, scope, **choices)
    # The revoked supporter holds every scope until Alice revokes the link, so a 404
    # for them is the revoke's doing, never a scope they lacked.
    revoked = world.links["revoked"]
    supporter_scopes_set(
        link=revoked, scopes=dict.fromkeys(ALL_SCOPES, True), journal_confirmed=True
    )
    world.revoked_could_see = frozenset(
        scope for scope in ALL_SCOPES if can_view(world.users["revoked"], alice, scope)
    )
    supporter_link_revoke(link=revoked, now=now)

    o = world.objects
    o["value"] = ValueFactory(owner=alice)
    o["goal"] = GoalFactory(owner=alice, value=o["value"], title="Alice-only goal")
    # The plan supporter is also the contact named as this step's ally.
    o["contact"] = TrustedContactFactory(
        owner=alice, name="Ally", can_be_ally=True, supporter_link=world.links["plan"]
    )
    o["step"] = StepFactory(goal=o["goal"], title="Alice-only step", ally=o["contact"])
    o["scheduled"] = ScheduledStepFactory(step=o["step"], starts_at=now + timedelta(days=1))
    done = ScheduledStepFactory(step=o["step"], starts_at=now - timedelta(days=1), status="done")
    o["attempt"] = AttemptFactory(step=o["step"], scheduled_step=done)
    o["checkin"] = CheckInFactory(owner=alice)
    o["journal_entry"] = JournalEntryFactory(owner=alice, text="Alice-only journal")
    o["thought"] = ThoughtRecordFactory(owner=alice)
    o["problem"] = ProblemWorksheetFactory(owner=alice)
    o["win"] = WinFactory(owner=alice)
    for n, signs in enumerate((["Alice-only sign"], ["Alice-only sign", "Another"])):
        safety_section_save(
            owner=alice, section=Section.WARNING_SIGNS, value=signs, now=now + timedelta(seconds=n)
        )
    o["safety_version"] = SafetyPlanVersion.objects.filter(plan__owner=alice).first()
    o["section"] = Section.WARNING_SIGNS.value
    o["lesson"] = "graded-steps"
    o["measure"] = "ucla3"
    o["invitation"] = Invitation.objects.create(
        owner=alice,
        email="dana@example.org",
        relationship="friend",
        scopes=["plan"],
        nonce="matrix-nonce",
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    # A passkey of Alice's, with a registration as her browser would send it: allauth
    # reads it back on the passkey pages (the secret half never leaves her device).
    o["passkey"] = Authenticator.objects.create(
        user=alice,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "Alice's phone", "credential": passkey_registration()},
    )
    o["encouragement"] = Encouragement.objects.create(
        link=world.links["plan"], owner=alice, body="Proud of you.", created_at=now
    )
    # Tokens for the public-by-token pages, each one genuine.
    o["invitation_token"] = invitation_token(o["invitation"])
    o["unsubscribe_token"] = unsubscribe_token(alice, ReminderKind.STEP, issued=now)
    o["not_this_time_token"] = not_this_time_token(o["scheduled"])
    o["safety_token"] = safety_link_create(owner=alice, now=now)[1]
    o["calendar_token"] = calendar_feed_create(owner=alice, include_exit_strategy=False, now=now)[1]
    address = EmailAddress.objects.get(user=alice)
    o["email_key"] = EmailConfirmationHMAC(address).key
    o["email_undo_token"] = email_change_undo_token(
        user=alice, old_email="alice.before@example.org", new_address=address
    )
    o["reset_uid"] = user_pk_to_url_str(alice)
    o["reset_key"] = default_token_generator.make_token(alice)
    # A browser Alice is signed in on, as "Where you're signed in" lists it.
    o["user_session"] = UserSession.objects.create(
        user=alice, session_key="matrix-alice-phone", ip="192.0.2.1", user_agent="Firefox"
    )
    return world


# Rows that a request may write without changing anyone's data.
VOLATILE = {"accounts.AccessLog"}
# Columns likewise: a signed-in request writes its own session's "last seen" at most
# once a minute (accounts.middleware), so a slow run crossing a minute would look
# like a refused POST changing data. The rows themselves stay tracked: a refused
# "end this session" must not remove one.
VOLATILE_COLUMNS = {"usersessions.UserSession": {"last_seen_at", "data"}}
APPS = {"accounts", "planner", "common", "account", "mfa", "usersessions"}


def tracked_models(labels, volatile):
    for model in apps.get_models():
        if model._meta.app_label in labels and model._meta.label not in volatile:
            yield model


def kept_columns(model) -> list[str]:
    skipped = VOLATILE_COLUMNS.get(model._meta.label, set())
    return [f.column for f in model._meta.concrete_fields if f.column not in skipped]


def fingerprint(labels=APPS, volatile=VOLATILE) -> str:
    """A digest of every row the apps keep: equal before and after means nothing changed."""
    models = list(tracked_models(labels, volatile))
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name

        def row(model) -> str:
            if model._meta.label not in VOLATILE_COLUMNS:
                return "t::text"
            return f"ROW({', '.join('t.' + quote(c) for c in kept_columns(model))})::text"

        # One round trip instead of one per table: the matrix takes this twice per URL.
        parts = ", ".join(
            # Table and column names come from the models, never from input.
            f"(SELECT md5(coalesce(string_agg({row(model)}, '|' ORDER BY {row(model)}), '')) "  # noqa: S608
            f"FROM {quote(model._meta.db_table)} t)"
            for model in models
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {parts}")
            return repr(cursor.fetchone())
    digest = hashlib.sha256()
    for model in models:
        digest.update(model._meta.label.encode())
        columns = [
            f.attname for f in model._meta.concrete_fields if f.column in kept_columns(model)
        ]
        for values in model.objects.order_by("pk").values_list(*columns):
            digest.update(repr(values).encode())
    return digest.hexdigest()


# --- Walking the URL configuration ---------------------------------------------------
def named_patterns(patterns, namespace="", outer=frozenset()):
    """(name, kwarg names) of every named URL, kwargs of enclosing include()s counted too.

    allauth nests some, e.g. path("keys/<int:pk>/", include([path("edit/", ...)])),
    so a leaf pattern alone can look as if it took nothing.
    """
    for pattern in patterns:
        kwargs = outer | set(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            ns = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from named_patterns(pattern.url_patterns, ns, kwargs)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, kwargs


def object_urls() -> dict[str, set[str]]:
    """URL name -> its kwarg names, for every named pattern that takes one."""
    found = {}
    for name, kwargs in named_patterns(get_resolver().url_patterns):
        if kwargs:
            found.setdefault(name, set()).update(kwargs)
    return found


def answer(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return "login"
    return response.status_code
