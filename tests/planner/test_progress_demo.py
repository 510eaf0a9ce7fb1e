"""The demo shows Maya's monthly answers easing, a few wins and one worked-through obstacle."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from planner import measures
from planner.models import MeasureResponse, ProblemWorksheet, Win

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)  # idempotent: one copy of everything
    return User.objects.get(email="maya@demo.stepwise.localhost")


def test_five_months_of_answers_show_a_gentle_improvement(maya):
    ucla = list(MeasureResponse.objects.filter(owner=maya, kind=measures.UCLA3))
    lsns = list(MeasureResponse.objects.filter(owner=maya, kind=measures.LSNS6))
    assert len(ucla) == len(lsns) == 5
    assert ucla[0].score > ucla[-1].score
    assert lsns[0].marks_isolation_risk and not lsns[-1].marks_isolation_risk


def test_maya_has_a_few_wins_and_one_reviewed_worksheet(maya):
    wins = Win.objects.filter(owner=maya)
    assert 3 <= wins.count() <= 6
    assert {Win.Kind.STEP, Win.Kind.OTHER} <= set(wins.values_list("kind", flat=True))
    worksheet = ProblemWorksheet.objects.get(owner=maya)
    assert worksheet.chosen.text == "Get the earlier bus at 8:20"
    assert worksheet.options.count() == 3 and worksheet.review


def test_mayas_progress_page_tells_the_story(client, maya):
    client.force_login(maya)
    html = client.get(reverse("planner:progress") + "?range=1y").content.decode()
    assert "A little less lonely than last time." in html
    assert "A few more people to turn to than last time." in html
    assert "You showed up" in html


def test_mayas_report_has_something_in_every_part_of_her_last_three_months(client, maya):
    # The report's defaults, as the form offers them: nothing reads "No ... in this range".
    client.force_login(maya)
    form = client.get(reverse("planner:report")).content.decode()
    start = form.split('name="start" value="')[1][:10]
    end = form.split('name="end" value="')[1][:10]
    parts = ["ladders", "forecasts", "checkins", "measures", "wins"]
    html = client.get(
        reverse("planner:report_view"), {"start": start, "end": end, "include": parts}
    ).content.decode()

    assert "Maya’s report" in html
    empty = ["No steps were logged", "No check-ins in", "No measures answered", "No wins kept"]
    assert [words for words in empty if words in html] == []
    assert "No goals or ladders yet" not in html
    assert "felt easier than expected" in html and "Published cut-off: under 12" in html
