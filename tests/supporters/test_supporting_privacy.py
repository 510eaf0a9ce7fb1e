"""Private text never reaches a supporter's page unless the journal scope is granted.

A unique marker goes into every private field of the person's; then every
supporter page is read with every other scope on, and none may appear.
"""

import pytest
from django.urls import reverse

from planner.models import TrustedContact
from supporters.models import SupporterLink
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    JournalEntryFactory,
    ScheduledStepFactory,
    StepFactory,
    TagFactory,
    ThoughtRecordFactory,
)
from tests.planner.safety_support import fill_plan
from tests.supporters.supporting_support import link_for

pytestmark = pytest.mark.django_db

# Shown only with the journal scope, on the journal page (check-in notes and tags
# also on the check-ins page).
JOURNAL_MARKERS = {
    "journal title": "MARKER-journal-title",
    "journal text": "MARKER-journal-text",
    "journal tag": "marker-journal-tag",
    "thought situation": "MARKER-thought-situation",
    "automatic thought": "MARKER-automatic-thought",
    "emotion": "MARKER-emotion",
    "evidence for": "MARKER-evidence-for",
    "evidence against": "MARKER-evidence-against",
    "balanced thought": "MARKER-balanced-thought",
    "check-in note": "MARKER-checkin-note",
    "check-in tag": "marker-checkin-tag",
}
# Never on any supporter page: the person keeps these for themself (the ally note
# goes only to the step's ally, who is not this supporter).
NEVER_MARKERS = {
    "goal why": "MARKER-goal-why",
    "step description": "MARKER-step-description",
    "attempt note": "MARKER-attempt-note",
    "what helped": "MARKER-what-helped",
    "contact note": "MARKER-contact-note",
    "ally note": "MARKER-ally-note",
}
PAGES = [
    "supporting:person",
    "supporting:plan",
    "supporting:practice",
    "supporting:checkins",
    "supporting:safety",
]


def plant_markers(alice):
    m = {**JOURNAL_MARKERS, **NEVER_MARKERS}
    fill_plan(alice)
    TrustedContact.objects.filter(owner=alice).update(notes=m["contact note"])
    step = StepFactory(
        goal__owner=alice, goal__why=m["goal why"], description=m["step description"]
    )
    ally = TrustedContact.objects.filter(owner=alice).first()
    step.ally = ally
    step.save()
    scheduled = ScheduledStepFactory(step=step, ally_note=m["ally note"])
    AttemptFactory(
        step=step, scheduled_step=scheduled, note=m["attempt note"], what_helped=m["what helped"]
    )
    checkin = CheckInFactory(owner=alice, note=m["check-in note"])
    checkin.tags.add(TagFactory(owner=alice, name=m["check-in tag"]))
    entry = JournalEntryFactory(owner=alice, title=m["journal title"], text=m["journal text"])
    entry.tags.add(TagFactory(owner=alice, name=m["journal tag"]))
    ThoughtRecordFactory(
        owner=alice,
        situation=m["thought situation"],
        automatic_thought=m["automatic thought"],
        emotion=m["emotion"],
        evidence_for=m["evidence for"],
        evidence_against=m["evidence against"],
        balanced_thought=m["balanced thought"],
    )


def everything_bob_can_read(client, alice) -> dict[str, str]:
    pages = {"supporting:dashboard": reverse("supporting:dashboard")}
    pages |= {name: reverse(name, args=[alice.pk]) for name in PAGES}
    html = {}
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code == 200, name
        html[name] = response.content.decode()
    return html


def test_no_private_text_reaches_any_page_without_the_journal_scope(client, alice, bob):
    plant_markers(alice)
    link_for(alice, bob, "plan", "practice", "checkins", "safety")
    client.force_login(bob)
    for name, html in everything_bob_can_read(client, alice).items():
        for field, marker in {**JOURNAL_MARKERS, **NEVER_MARKERS}.items():
            assert marker.lower() not in html.lower(), f"{field} leaked on {name}"
    assert client.get(reverse("supporting:journal", args=[alice.pk])).status_code == 404


def test_with_the_journal_scope_the_journal_shows_and_the_rest_stays_private(client, alice, bob):
    plant_markers(alice)
    link = link_for(
        alice, bob, "plan", "practice", "checkins", "safety", "journal", checkins_shown="each"
    )
    client.force_login(bob)
    journal = client.get(reverse("supporting:journal", args=[alice.pk])).content.decode()
    for field, marker in JOURNAL_MARKERS.items():
        if "check-in" not in field:
            assert marker in journal, field
    checkins = client.get(reverse("supporting:checkins", args=[alice.pk])).content.decode()
    assert "MARKER-checkin-note" in checkins and "marker-checkin-tag" in checkins
    pages = everything_bob_can_read(client, alice) | {"journal": journal}
    for name, html in pages.items():
        for field, marker in NEVER_MARKERS.items():
            assert marker not in html, f"{field} leaked on {name}"

    # Turning the journal scope off again hides it all from the very next request.
    SupporterLink.objects.filter(pk=link.pk).update(scope_journal=False)
    checkins = client.get(reverse("supporting:checkins", args=[alice.pk])).content.decode()
    assert "MARKER-checkin-note" not in checkins and "marker-checkin-tag" not in checkins
