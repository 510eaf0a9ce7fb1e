"""Everything a person owns goes out in one ZIP and comes back into a fresh account.

Two exports of the same data are equal apart from `exported_at` (the moment of the
export) and database ids, which never appear in the file: rows point at each other
by export-local refs ("goal-3"), numbered in each topic's export order.
"""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.management.commands.seed_demo import demo_modules
from planner.demo.week import year_of_history
from planner.models import (
    Attempt,
    CheckIn,
    Goal,
    PlanSettings,
    SafetyPlan,
    Step,
    ThoughtRecord,
    TrustedContact,
    Win,
)
from planner.services import export
from planner.services.export_zip import export_zip
from tests.accounts.reauth_support import reauthenticate
from tests.factories import JournalEntryFactory, UserFactory
from tests.planner.checkins_support import years_of_checkins

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def rich(alice, bob):
    """Alice with everything the demo gives Maya: ladders, weeks, check-ins, a plan."""
    alice.display_name, alice.timezone, alice.locale = "Alice", "Europe/Dublin", "en-IE"
    alice.save()
    people = {"maya": alice, "sam": bob}
    for module in demo_modules():
        if module.__name__ != "accounts.demo":  # the people are given
            for seeder in module.SEEDERS:
                seeder(people)
    PlanSettings.objects.create(owner=alice, weekly_capacity=5, max_per_day=2)
    return alice


def build(owner) -> dict:
    return json.loads(json.dumps(export.export_build(owner=owner, now=NOW)))


def unzip(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name).decode("utf-8") for name in opened.namelist()}


def test_the_demo_account_covers_every_topic(rich):
    topics = build(rich)["topics"]
    empty = [key for key, rows in topics.items() if not rows]
    assert empty == []


def test_export_import_export_gives_the_same_file(rich):
    first = build(rich)
    fresh = UserFactory()
    export.export_import(owner=fresh, data=first)
    again = build(fresh)
    assert again["topics"] == first["topics"]
    assert again["topics"]["profile"] == [
        {"display_name": "Alice", "timezone": "Europe/Dublin", "locale": "en-IE"}
    ]


def test_who_knows_they_are_on_the_plan_goes_out_and_comes_back(rich):
    data = build(rich)
    knows = {row["name"]: row["agreed_at"] for row in data["topics"]["contacts"]}
    assert knows["Aoife"] is not None and knows["Daniel"] is None
    fresh = UserFactory()
    export.export_import(owner=fresh, data=data)
    # Names are encrypted: found here, not by the database.
    fresh_by_name = {c.name: c for c in TrustedContact.objects.filter(owner=fresh)}
    rich_by_name = {c.name: c for c in TrustedContact.objects.filter(owner=rich)}
    assert fresh_by_name["Aoife"].agreed_at == rich_by_name["Aoife"].agreed_at
    assert not fresh_by_name["Daniel"].knows_about_plan


def test_how_often_to_review_the_plan_goes_out_and_comes_back(rich):
    data = build(rich)
    assert data["topics"]["safety_plan"][0]["review_every_days"] == 60
    fresh = UserFactory()
    export.export_import(owner=fresh, data=data)
    assert SafetyPlan.objects.get(owner=fresh).review_every_days == 60


def test_links_between_topics_survive_the_round_trip(rich):
    fresh = UserFactory()
    export.export_import(owner=fresh, data=build(rich))
    for goal in Goal.objects.filter(owner=fresh).select_related("value"):
        assert goal.value.owner == fresh
    allies = Step.objects.filter(goal__owner=fresh, ally__isnull=False).select_related("ally")
    assert allies and all(step.ally.owner == fresh for step in allies)
    assert Attempt.objects.filter(owner=fresh, scheduled_step__owner=fresh).exists()
    cited = ThoughtRecord.objects.filter(owner=fresh, cited_attempts__isnull=False)
    assert cited.exists()
    assert not Attempt.objects.filter(owner=rich, thought_records__owner=fresh).exists()
    helpers = SafetyPlan.objects.get(owner=fresh).data["people-to-ask"]
    assert set(helpers) <= set(
        TrustedContact.objects.filter(owner=fresh).values_list("pk", flat=True)
    )
    assert helpers


def test_bringing_the_same_file_in_twice_adds_nothing(rich):
    data = build(rich)
    counts = export.export_import(owner=rich, data=data)
    single_rows = {
        "profile",
        "plan_settings",
        "checkin_settings",
        "safety_plan",
        "checkins",
        "reminder_preferences",
    }
    assert {key: n for key, n in counts.items() if key not in single_rows and n} == {}
    assert build(rich)["topics"] == data["topics"]


def test_a_dangling_reference_brings_in_nothing_at_all(rich):
    data = build(rich)
    data["topics"]["steps"][-1]["goal"] = "goal-999"
    fresh = UserFactory()
    with pytest.raises(export.ImportProblem, match="ladder steps"):
        export.export_import(owner=fresh, data=data)
    assert not Goal.objects.filter(owner=fresh).exists()
    fresh.refresh_from_db()
    assert fresh.display_name != "Alice"


def test_private_writing_is_plain_in_the_file_and_encrypted_at_rest_after_import(rich):
    step = Step.objects.filter(goal__owner=rich).exclude(exit_strategy="").first()
    data = build(rich)
    assert step.exit_strategy in [s["exit_strategy"] for s in data["topics"]["steps"]]
    fresh = UserFactory()
    export.export_import(owner=fresh, data=data)
    # Encrypted text can't be matched in SQL; the copy is found by reading each step.
    copies = Step.objects.filter(goal__owner=fresh)
    copy = next(s for s in copies if s.exit_strategy == step.exit_strategy)
    with connection.cursor() as cursor:
        cursor.execute("SELECT exit_strategy FROM planner_step WHERE id = %s", [copy.pk])
        stored = cursor.fetchone()[0]
    assert step.exit_strategy not in stored


def test_the_zip_holds_the_json_the_spreadsheets_and_a_readme(rich):
    files = unzip(export_zip(owner=rich, now=NOW))
    names = {"stepwise.json", "attempts.csv", "checkins.csv", "measures.csv", "README.txt"}
    assert set(files) == names
    data = json.loads(files["stepwise.json"])
    assert (data["version"], data["exported_at"]) == (export.VERSION, NOW.isoformat())
    for name, topic in (
        ("attempts", "attempts"),
        ("checkins", "checkins"),
        ("measures", "measures"),
    ):
        rows = list(csv.reader(io.StringIO(files[f"{name}.csv"])))
        assert len(rows) - 1 == len(data["topics"][topic]) > 0, name
    assert "attempts.csv" in files["README.txt"]


def test_spreadsheet_cells_that_look_like_formulas_are_defused(rich):
    attempt = Attempt.objects.filter(owner=rich).first()
    attempt.note = "=HYPERLINK(1)"
    attempt.save()
    attempts = unzip(export_zip(owner=rich, now=NOW))["attempts.csv"]
    assert "'=HYPERLINK(1)" in attempts


def test_the_zip_download_holds_only_the_persons_data(rich, carol, alice_client):
    JournalEntryFactory(owner=carol, title="Carol's secret")
    response = alice_client.get("/export/stepwise.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="stepwise-')
    assert response["Cache-Control"] == "no-store"
    files = unzip(response.content)
    assert all("Carol's secret" not in text for text in files.values())


def test_uploading_the_zip_brings_everything_into_a_fresh_account(rich, client):
    archive = export_zip(owner=rich, now=NOW)
    fresh = UserFactory()
    client.force_login(fresh)
    reauthenticate(client)
    upload = SimpleUploadedFile("stepwise.zip", archive, content_type="application/zip")
    assert client.post("/export/", {"file": upload}).status_code == 302
    fresh.refresh_from_db()
    assert build(fresh)["topics"] == build(rich)["topics"]


def test_a_zip_without_the_export_in_it_is_refused_kindly(alice_client):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.txt", "hello")
    upload = SimpleUploadedFile("x.zip", out.getvalue(), content_type="application/zip")
    html = alice_client.post("/export/", {"file": upload}).content.decode()
    assert "That ZIP has no stepwise.json in it." in html


def test_a_file_over_the_limit_is_refused(alice_client, monkeypatch):
    monkeypatch.setattr("planner.views.export.MAX_UPLOAD", 10)
    upload = SimpleUploadedFile("x.json", b'{"format": "stepwise-export"}')
    html = alice_client.post("/export/", {"file": upload}).content.decode()
    assert "larger than an export can be" in html


def _zip_download(client) -> tuple[list[str], dict[str, str]]:
    """The SQL of one ZIP download (which must answer 200) and the files inside it."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/export/stepwise.zip")
    assert response.status_code == 200, response.status_code
    return [q["sql"] for q in captured.captured_queries], unzip(response.content)


def test_the_zip_costs_the_same_queries_with_years_of_history(rich, alice_client):
    few, _ = _zip_download(alice_client)
    year_of_history(rich, goals=3, days=60, today=NOW.date())
    CheckIn.objects.filter(owner=rich).delete()  # the years below cover those days
    years_of_checkins(rich, days=400)
    Win.objects.create(owner=rich, text="Went anyway", happened_at=NOW)
    many, files = _zip_download(alice_client)
    assert len(many) == len(few), "\n".join(many)
    # The download holds the grown history, so the count is of a real export.
    data = json.loads(files["stepwise.json"])
    assert len(data["topics"]["checkins"]) == 400
    assert "Went anyway" in files["stepwise.json"] and "day 400" in files["checkins.csv"]


def test_a_zip_whose_data_unpacks_too_large_is_refused_before_unpacking(alice_client, monkeypatch):
    monkeypatch.setattr("planner.services.export_zip.MAX_JSON_BYTES", 100)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("stepwise.json", " " * 1000)
    upload = SimpleUploadedFile("x.zip", out.getvalue(), content_type="application/zip")
    html = alice_client.post("/export/", {"file": upload}).content.decode()
    assert "The data in that ZIP is larger than it can be." in html


def test_lessons_read_come_along(rich):
    fresh = UserFactory()
    export.export_import(owner=fresh, data=build(rich))
    assert [r["slug"] for r in build(fresh)["topics"]["lesson_reads"]] == [
        r["slug"] for r in build(rich)["topics"]["lesson_reads"]
    ]
    assert build(fresh)["topics"]["lesson_reads"]
