"""A filled safety plan for tests, written through the real services."""

from datetime import timedelta

from django.utils import timezone

from planner.models.safety import Section
from planner.services.safety import safety_section_save
from tests.factories import TrustedContactFactory, ValueFactory


def fill_plan(owner, *, now=None):
    """Every section written, one save each (so seven earlier versions), ten days ago."""
    now = now or timezone.now() - timedelta(days=10)
    rowan = TrustedContactFactory(
        owner=owner, name="Rowan", relationship="brother", can_be_ally=True, agreed_at=now
    )
    nia = TrustedContactFactory(owner=owner, name="Nia", relationship="neighbour")
    value = ValueFactory(owner=owner, name="Family", description="Being there for my people")
    sections = {
        Section.WARNING_SIGNS: ["Staying in bed past noon", "Cancelling plans twice"],
        Section.COPING: ["Slow, paced breathing", "Making tea"],
        Section.UPLIFT: ["The library reading room"],
        Section.HELPERS: [nia.pk, rowan.pk],
        Section.SAFER: ["Give my spare keys to Nia"],
        Section.MATTERS: {"values": [value.pk], "items": ["My cat, Pixel"]},
        Section.EXITS: ["Say I have an early start"],
    }
    plan = None
    for offset, (section, value_) in enumerate(sections.items()):
        plan = safety_section_save(
            owner=owner, section=section, value=value_, now=now + timedelta(minutes=offset)
        )
    return plan
