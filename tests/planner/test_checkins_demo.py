"""The demo gives Maya twelve weeks of check-ins, a tagged journal and two thought records."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Avg
from django.utils import timezone

from accounts.models import User
from common.blind_index import matching
from planner.models import CheckIn, JournalEntry, Tag, ThoughtRecord
from planner.selectors.journal import journal_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)  # idempotent: one copy of everything
    return User.objects.get(email="maya@demo.stepwise.localhost")


def test_maya_has_twelve_weeks_of_daily_ish_check_ins_gently_improving(maya):
    checkins = CheckIn.objects.filter(owner=maya)
    assert 60 <= checkins.count() < 84
    first = checkins.order_by("period_start").first().period_start
    assert timezone.localdate() - first >= timedelta(weeks=11)
    middle = timezone.localdate() - timedelta(weeks=6)
    early = checkins.filter(period_start__lt=middle).aggregate(m=Avg("mood"), d=Avg("distress"))
    late = checkins.filter(period_start__gte=middle).aggregate(m=Avg("mood"), d=Avg("distress"))
    assert late["m"] > early["m"]
    assert late["d"] < early["d"]


def test_her_journal_is_tagged_and_one_of_two_thought_records_cites_her_attempt(maya):
    assert JournalEntry.objects.filter(owner=maya).count() == 5
    crowds = Tag.objects.get(matching(Tag, "name", "crowds"), owner=maya)
    assert crowds.journal_entries.exists() and crowds.checkins.exists()
    records = ThoughtRecord.objects.filter(owner=maya)
    assert records.count() == 2
    cited = [a for r in records for a in r.cited_attempts.all()]
    assert len(cited) == 1
    assert cited[0].owner == maya and cited[0].suds_peak < cited[0].predicted_peak


def test_searching_her_journal_for_cafe_finds_the_cafe_entry(maya):
    found = journal_search(owner=maya, query="cafe")
    assert [entry.title for entry in found.entries] == ["Café, second try"]
    assert not found.capped


def test_her_check_ins_were_tapped_on_the_0_to_10_chips(maya):
    distress = set(CheckIn.objects.filter(owner=maya).values_list("distress", flat=True))
    assert distress <= {tap * 10 for tap in range(11)}
    assert len(distress) >= 3  # the days differ, as real days do
