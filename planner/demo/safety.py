"""Maya's trusted contacts, safety plan (with an earlier version) and private link.

Two seeders: contacts come first, because her ladders name Aoife as an ally; the
plan comes last, because it points at her values and lists her steps' exit
strategies. Safe to run again: nothing is duplicated, and what she changed since
is left alone.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from planner.models import SafetyPlan, SafetyPlanLink, TrustedContact, Value
from planner.models.safety import COPING_SUGGESTIONS, Section
from planner.services.contacts import contact_create, contact_set_agreed
from planner.services.safety import (
    safety_link_create,
    safety_review_interval_set,
    safety_section_save,
)

# Phone numbers from Ofcom's ranges reserved for drama: valid, and nobody's.
CONTACTS = [
    {
        "name": "Aoife",
        "relationship": "sister",
        "phone": "+442896496118",
        "email": "aoife@example.org",
        "notes": "Happy to come along to things. Best after the kids are in bed.",
        "can_be_ally": True,
    },
    {
        "name": "Grace",
        "relationship": "peer mentor",
        "phone": "+442896496254",
        "notes": "We meet on Wednesdays at the community centre.",
    },
    {
        "name": "Daniel",
        "relationship": "friend from college",
        "phone": "+442079460381",
        "notes": "Lives in London now. We talk most Sundays.",
    },
]


# Aoife knows she's on the plan (Maya asked her when she wrote it); Grace and
# Daniel haven't been asked yet.
KNOWS = {"Aoife"}


def seed_contacts(people: dict[str, User]) -> None:
    maya = people["maya"]
    asked_at = timezone.now() - timedelta(weeks=5)
    # Names are encrypted: compared here, not in the database.
    have = {contact.name for contact in TrustedContact.objects.filter(owner=maya)}
    for spec in CONTACTS:
        if spec["name"] not in have:
            contact = contact_create(owner=maya, **spec)
            if contact.name in KNOWS:
                contact_set_agreed(contact=contact, agreed=True, now=asked_at)


def _plan(maya: User) -> dict:
    contacts = {c.name: c.pk for c in TrustedContact.objects.filter(owner=maya)}
    values = Value.objects.filter(owner=maya, catalog_key__in=["family", "connection"])
    own = Value.objects.filter(owner=maya, catalog_key="").values_list("pk", flat=True)
    return {
        Section.WARNING_SIGNS: [
            "Staying in bed past midday",
            "Cancelling plans, feeling relieved, then low",
            "Scrolling late at night and comparing myself",
            "Sunday evenings on my own",
        ],
        Section.COPING: [
            COPING_SUGGESTIONS["breathing"],
            COPING_SUGGESTIONS["senses"],
            "A short walk down to the pier",
            COPING_SUGGESTIONS["cold-water"],
            "The playlist Aoife made me",
        ],
        Section.UPLIFT: [
            "The reading room at the library",
            "Aoife's kitchen, with the kids doing homework",
            "The bench by the harbour",
        ],
        Section.HELPERS: [contacts[name] for name in ("Aoife", "Grace", "Daniel")],
        Section.SAFER: [
            "Ask Aoife to keep my spare medication at hers",
            "Leave my phone in the kitchen at night",
            "Go where there are people around, like the library",
        ],
        Section.MATTERS: {
            "values": [v.pk for v in values] + list(own),
            "items": ["Ciara's football on Saturdays", "Singing with the choir again one day"],
        },
        Section.EXITS: [
            "Say I have an early start tomorrow",
            "Step outside for some air; nobody minds",
            "Text Aoife our word and she rings me",
        ],
    }


def seed(people: dict[str, User]) -> None:
    maya = people["maya"]
    now = timezone.now()
    plan = SafetyPlan.objects.filter(owner=maya).first()
    if plan is None or plan.is_empty:
        content = _plan(maya)
        written = now - timedelta(weeks=5)
        # The first draft she wrote, five weeks ago: it becomes the earlier version.
        first_signs = content[Section.WARNING_SIGNS][:2]
        safety_section_save(
            owner=maya, section=Section.WARNING_SIGNS, value=first_signs, now=written
        )
        later = [(key, value) for key, value in content.items() if key != Section.WARNING_SIGNS]
        for day, (section, value) in enumerate(later, start=1):
            safety_section_save(
                owner=maya, section=section, value=value, now=written + timedelta(days=day)
            )
        # Two weeks ago she added the signs she had noticed since.
        safety_section_save(
            owner=maya,
            section=Section.WARNING_SIGNS,
            value=content[Section.WARNING_SIGNS],
            now=now - timedelta(weeks=2),
        )
        # She would rather be asked every two months than every month.
        safety_review_interval_set(owner=maya, days=60, now=now - timedelta(weeks=2))
    if not SafetyPlanLink.objects.filter(plan__owner=maya, revoked_at__isnull=True).exists():
        safety_link_create(owner=maya, now=now - timedelta(weeks=4))
