"""Export of check-ins, journal and thought records, and import back (round trip)."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from planner.models import CheckIn, JournalEntry, ThoughtRecord
from planner.services import export
from tests.accounts.reauth_support import reauthenticate
from tests.factories import (
    AttemptFactory,
    CheckInFactory,
    JournalEntryFactory,
    StepFactory,
    TagFactory,
    ThoughtRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def history(alice):
    crowds = TagFactory(owner=alice, name="crowds")
    for day in (1, 2, 3):
        checkin = CheckInFactory(
            owner=alice, period_start=date(2026, 5, day), mood=day + 1, note=f"=note {day}"
        )
        checkin.tags.set([crowds])
    CheckInFactory(owner=alice, rhythm="weekly", period_start=date(2026, 5, 4), note="")
    entry = JournalEntryFactory(owner=alice, title="Market day", text="Loud but fine.")
    entry.tags.set([crowds, TagFactory(owner=alice, name="noise")])
    step = StepFactory(goal__owner=alice, title="Coffee with Sam")
    attempt = AttemptFactory(step=step, predicted_peak=70, suds_peak=35)
    record = ThoughtRecordFactory(owner=alice, intensity_after=40, evidence_against="It went ok")
    record.cited_attempts.set([attempt])
    return attempt


def topics(owner) -> dict:
    return export.export_build(owner=owner, now=NOW)["topics"]


def test_export_then_import_into_a_fresh_account_equals_the_original(alice, history):
    original = export.export_build(owner=alice, now=NOW)
    fresh = UserFactory()
    counts = export.export_import(owner=fresh, data=json.loads(json.dumps(original)))
    assert counts["checkins"] == 4
    assert counts["journal"] == counts["thought_records"] == counts["attempts"] == 1
    assert topics(fresh) == original["topics"]


def test_importing_the_same_file_twice_changes_nothing(alice, history):
    data = export.export_build(owner=alice, now=NOW)
    export.export_import(owner=alice, data=data)
    assert topics(alice) == data["topics"]
    assert CheckIn.objects.filter(owner=alice).count() == 4
    assert JournalEntry.objects.filter(owner=alice).count() == 1
    assert ThoughtRecord.objects.filter(owner=alice).count() == 1


def test_a_citation_follows_its_attempt_into_the_new_account(alice, history):
    fresh = UserFactory()
    export.export_import(owner=fresh, data=export.export_build(owner=alice, now=NOW))
    cited = ThoughtRecord.objects.get(owner=fresh).cited_attempts.get()
    assert cited.owner == fresh
    assert (cited.step.title, cited.happened_at) == ("Coffee with Sam", history.happened_at)


def test_a_citation_of_an_attempt_not_in_the_file_is_refused_kindly(alice, history):
    data = export.export_build(owner=alice, now=NOW)
    data["topics"]["thought_records"][0]["cited_attempts"] = ["attempt-99"]
    with pytest.raises(export.ImportProblem, match="thought records"):
        export.export_import(owner=UserFactory(), data=data)


def test_a_broken_row_brings_in_nothing_at_all(alice, history):
    data = export.export_build(owner=alice, now=NOW)
    data["topics"]["thought_records"][0]["intensity_before"] = 400
    fresh = UserFactory()
    with pytest.raises(export.ImportProblem, match="thought records"):
        export.export_import(owner=fresh, data=data)
    assert not CheckIn.objects.filter(owner=fresh).exists()
    assert not JournalEntry.objects.filter(owner=fresh).exists()


def test_a_row_the_file_repeats_is_brought_in_once_under_both_refs(alice, history):
    data = export.export_build(owner=alice, now=NOW)
    goal = data["topics"]["goals"][0]
    data["topics"]["goals"].append({**goal, "ref": "goal-2"})
    data["topics"]["steps"][0]["goal"] = "goal-2"
    data["topics"]["journal"].append(dict(data["topics"]["journal"][0]))
    fresh = UserFactory()

    counts = export.export_import(owner=fresh, data=data)

    assert (counts["goals"], counts["steps"], counts["journal"]) == (1, 1, 1)
    assert topics(fresh)["goals"] == [goal]


def test_a_file_that_is_not_an_export_is_refused():
    with pytest.raises(export.ImportProblem, match="doesn't look like"):
        export.export_import(owner=UserFactory(), data={"hello": 1})


def test_topics_others_point_at_are_registered_before_them():
    order = [topic.name for topic in export.TOPICS]
    before = [
        ("values", "goals"),
        ("goals", "steps"),
        ("contacts", "steps"),
        ("steps", "scheduled_steps"),
        ("scheduled_steps", "attempts"),
        ("attempts", "thought_records"),
        ("attempts", "wins"),
        ("checkins", "wins"),
        ("steps", "problems"),
        ("contacts", "safety_plan"),
        ("values", "safety_plan"),
    ]
    for first, then in before:
        assert order.index(first) < order.index(then), (first, then)


def test_the_csv_has_a_row_per_check_in_and_defuses_formulas(alice, history):
    rows = list(csv.reader(io.StringIO(export.checkins_csv(alice))))
    assert rows[0][:3] == ["period_start", "rhythm", "mood"]
    assert len(rows) == 5
    assert rows[1][rows[0].index("note")] == "'=note 1"
    assert rows[1][rows[0].index("tags")] == "crowds"


def test_the_json_download_holds_only_the_persons_data(alice_client, history, carol):
    JournalEntryFactory(owner=carol, title="Carol's secret")
    response = alice_client.get("/export/stepwise.json")
    assert response["Content-Disposition"].startswith('attachment; filename="stepwise-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert [e["title"] for e in data["topics"]["journal"]] == ["Market day"]
    assert b"Carol's secret" not in response.content


def test_the_csv_download(alice_client, history):
    response = alice_client.get("/export/check-ins.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert b"period_start" in response.content


def test_the_export_page_offers_everything_as_a_zip_and_an_upload(alice_client):
    html = alice_client.get("/export/").content.decode()
    assert 'href="/export/stepwise.zip"' in html
    assert "Download everything (ZIP)" in html
    assert 'enctype="multipart/form-data"' in html


def test_uploading_an_export_brings_it_in(alice, history, client):
    data = json.dumps(export.export_build(owner=alice, now=NOW)).encode()
    fresh = UserFactory()
    client.force_login(fresh)
    reauthenticate(client)
    upload = SimpleUploadedFile("stepwise.json", data, content_type="application/json")
    response = client.post("/export/", {"file": upload})
    assert response.status_code == 302
    # 11 of the plan's and her reminder choices (every account made before choices
    # were asked for keeps a saved row, as the factory's people do).
    assert "Brought in 12 items from your file." in client.get("/export/").content.decode()
    assert JournalEntry.objects.filter(owner=fresh).count() == 1


def test_uploading_something_else_says_so_beside_the_field(alice_client):
    upload = SimpleUploadedFile("notes.json", b"not json", content_type="application/json")
    html = alice_client.post("/export/", {"file": upload}).content.decode()
    assert "That file can&#x27;t be read as a Stepwise export (.zip or .json)." in html
    assert 'aria-invalid="true"' in html


def test_uploading_a_json_file_from_elsewhere_changes_nothing(alice, alice_client):
    upload = SimpleUploadedFile("x.json", b'{"format": "other"}', content_type="application/json")
    html = alice_client.post("/export/", {"file": upload}).content.decode()
    assert "This doesn&#x27;t look like a Stepwise export file." in html
    assert not CheckIn.objects.exists()


def test_the_download_costs_the_same_queries_with_three_years_of_check_ins(alice, alice_client):
    from tests.planner.checkins_support import queries_for, years_of_checkins

    CheckInFactory(owner=alice)
    few = queries_for(alice_client, "/export/stepwise.json")
    years_of_checkins(alice)
    many = queries_for(alice_client, "/export/stepwise.json", expect=['"day 1095"'])
    assert len(many) == len(few), "\n".join(many)
