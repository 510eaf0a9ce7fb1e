import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import ScheduledStep
from reminders.models import Outbox, ReminderKind
from supporters.models import AllyResponse, SupporterLink
from tests.factories import ScheduledStepFactory, StepFactory, TrustedContactFactory, UserFactory
from tests.pages import assert_shows
from tests.supporters.supporting_support import ally_step, link_for, sql_of

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("supporting:dashboard")
HTMX = {"HTTP_HX_REQUEST": "true"}


def answer_url(scheduled):
    return reverse("supporting:ally_answer", args=[scheduled.owner_id, scheduled.pk])


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def test_the_ally_sees_title_their_own_local_time_and_the_note_and_nothing_else(
    frozen, bob_client, alice, bob
):
    # Frozen, so the step below stays upcoming (the dashboard lists only those).
    link = link_for(alice, bob)  # no scopes at all: being named the ally is the sharing
    # 18:30 in New York (Alice) is 23:30 in Dublin (Bob) on that winter day.
    moment = datetime(2031, 1, 14, 23, 30, tzinfo=UTC)
    scheduled = ally_step(link, title="Coffee at the corner café", ally_note="Meet at the door")
    ScheduledStep.objects.filter(pk=scheduled.pk).update(starts_at=moment)
    step = scheduled.step
    step.exit_strategy, step.predicted_suds = "Say I have an early start", 73
    step.save()
    html = bob_client.get(DASHBOARD).content.decode()
    card = html[html.index(f'id="ally-{scheduled.pk}"') :]
    card = card[: card.index("</li>")]
    assert "Coffee at the corner café" in card and "with Alice" in card
    assert "Tuesday 14 January at 23:30 (your time)" in card
    assert "Meet at the door" in card
    for private in ("early start", step.goal.title):
        assert private not in html
    # The rating as a word: a CSRF token may hold the digits "73" by chance.
    assert not re.search(r"\b73\b", html)


def test_only_the_named_ally_sees_the_step(client, alice, bob, carol):
    link_for(alice, carol, "plan")
    scheduled = ally_step(link_for(alice, bob))
    client.force_login(carol)
    assert scheduled.step.title not in client.get(DASHBOARD).content.decode()


def test_an_ended_link_or_a_contact_tied_to_someone_elses_link_shows_nothing(
    bob_client, alice, bob, carol
):
    ended = link_for(alice, bob)
    first = ally_step(ended, title="Walk by the river")
    SupporterLink.objects.filter(pk=ended.pk).update(ended_at=timezone.now())
    # Carol's contact points at Bob's link to Alice: it reaches nobody.
    live = link_for(alice, bob)
    contact = TrustedContactFactory(owner=carol, supporter_link=live, can_be_ally=True)
    ScheduledStepFactory(
        step=StepFactory(goal__owner=carol, title="Carol's own step", ally=contact)
    )
    html = bob_client.get(DASHBOARD).content.decode()
    assert first.step.title not in html and "Carol" not in html
    assert bob_client.post(answer_url(first), {"answer": "coming"}).status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_the_ally_answers_and_can_change_their_mind_with_one_answer_kept(
    bob_client, alice, bob, htmx
):
    scheduled = ally_step(link_for(alice, bob))
    headers = HTMX if htmx else {}
    response = bob_client.post(answer_url(scheduled), {"answer": "coming"}, **headers)
    if htmx:
        assert "You said you'll be there." in response.content.decode()
        assert "<html" not in response.content.decode()
    else:
        assert response.status_code == 302
        assert response.url == f"{DASHBOARD}#ally-{scheduled.pk}"
    bob_client.post(answer_url(scheduled), {"answer": "cannot"}, **headers)
    assert list(AllyResponse.objects.values_list("answer", flat=True)) == ["cannot"]
    html = bob_client.get(DASHBOARD).content.decode()
    assert "You said you can't make it this time." in html


def test_a_made_up_answer_changes_nothing(bob_client, alice, bob):
    scheduled = ally_step(link_for(alice, bob))
    assert bob_client.post(answer_url(scheduled), {"answer": "maybe"}).status_code == 302
    assert not AllyResponse.objects.exists()


@pytest.mark.parametrize("who", ["carol", "other_supporter", "alice", "anonymous"])
def test_only_the_named_ally_can_answer(client, alice, bob, carol, who):
    scheduled = ally_step(link_for(alice, bob))
    link_for(alice, carol) if who == "other_supporter" else None
    person = {"carol": carol, "other_supporter": carol, "alice": alice}.get(who)
    if person:
        client.force_login(person)
    response = client.post(answer_url(scheduled), {"answer": "coming"})
    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    assert not AllyResponse.objects.exists()


def test_the_allys_reminder_follows_the_answer(bob_client, alice, bob):
    scheduled = ally_step(link_for(alice, bob), in_hours=50)
    pending = Outbox.objects.filter(
        kind=ReminderKind.ALLY_STEP, recipient=bob, status=Outbox.Status.PENDING
    )
    bob_client.post(answer_url(scheduled), {"answer": "coming"})
    assert pending.exists()
    bob_client.post(answer_url(scheduled), {"answer": "cannot"})
    assert not pending.exists()


def test_the_person_sees_the_answer_on_their_week_and_home(client, alice, bob):
    link = link_for(alice, bob)
    scheduled = ally_step(link, in_hours=2)
    client.force_login(bob)
    client.post(answer_url(scheduled), {"answer": "coming"})
    client.force_login(alice)
    home = client.get(reverse("planner:home")).content.decode()
    next_card = home[home.index("Your next step") : home.index("This week")]
    assert "Bob said they'll be there." in next_card
    local = scheduled.starts_at.astimezone(alice.zone).date()
    week = client.get(
        reverse("planner:week_of", args=[local.year, local.month, local.day])
    ).content.decode()
    assert "Bob said they'll be there." in week


def test_the_week_takes_as_many_queries_with_many_answers_as_with_none(frozen, client, alice):
    # Frozen mid-week: in the last half hour of a week these steps would be in the next.
    client.force_login(alice)
    address = reverse("planner:week")
    ScheduledStepFactory(step__goal__owner=alice, starts_at=timezone.now() + timedelta(minutes=30))
    with CaptureQueriesContext(connection) as none:
        assert_shows(client.get(address))
    for n in range(4):
        link = link_for(alice, UserFactory(display_name=f"Ally {n}"))
        scheduled = ally_step(link, in_hours=0.2 + n * 0.1)
        AllyResponse.objects.create(
            scheduled_step=scheduled, link=link, answer="coming", answered_at=timezone.now()
        )
    cache.clear()  # written behind the services' back: render afresh, as the first view did
    with CaptureQueriesContext(connection) as many:
        response = client.get(address)
    assert len(many) == len(none), sql_of(many)
    html = assert_shows(response)
    assert "Ally 0 said they" in html or "Ally 3 said they" in html


# --- The person's note for the ally, on the form that moves the step -------------------------


def test_moving_a_step_with_an_ally_offers_and_saves_a_note_for_them(client, alice, bob):
    scheduled = ally_step(link_for(alice, bob), in_hours=30)
    client.force_login(alice)
    address = reverse("planner:scheduled_step_reschedule", args=[scheduled.pk])
    html = client.get(address).content.decode()
    assert "A note for Bob (optional)" in html
    local = scheduled.starts_at.astimezone(alice.zone)
    form = {
        "day": local.date().isoformat(),
        "at": local.strftime("%H:%M"),
        "planned_minutes": "30",
        "ally_note": "By the blue door, I'll wear a red scarf",
        "confirmed": "true",
    }
    assert client.post(address, form).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.ally_note == "By the blue door, I'll wear a red scarf"

    too_long = {**form, "ally_note": "x" * 501}
    html = client.post(address, too_long).content.decode()
    assert "Please keep the note to 500 characters" in html and "x" * 501 in html
    scheduled.refresh_from_db()
    assert scheduled.ally_note == "By the blue door, I'll wear a red scarf"


def test_a_step_without_an_ally_has_no_note_field(alice_client, alice):
    scheduled = ScheduledStepFactory(step__goal__owner=alice)
    address = reverse("planner:scheduled_step_reschedule", args=[scheduled.pk])
    assert "A note for" not in alice_client.get(address).content.decode()


def test_planning_a_step_with_an_ally_saves_the_note_and_a_step_alone_drops_it(client, alice, bob):
    with_ally = ally_step(link_for(alice, bob)).step
    alone = StepFactory(goal__owner=alice, title="Walk alone")
    client.force_login(alice)
    address = reverse("planner:scheduled_step_create")
    assert "A note for your ally (optional)" in client.get(address).content.decode()
    day = (timezone.now() + timedelta(days=3)).astimezone(alice.zone).date()
    for step in (with_ally, alone):
        form = {
            "step": step.pk,
            "day": day.isoformat(),
            "at": "10:00",
            "planned_minutes": "",
            "ally_note": "Meet by the fountain",
            "confirmed": "true",
        }
        assert client.post(address, form).status_code == 302
    notes = dict(
        ScheduledStep.objects.filter(
            owner=alice, starts_at__gt=timezone.now() + timedelta(days=2)
        ).values_list("step__title", "ally_note")
    )
    assert notes[with_ally.title] == "Meet by the fountain"
    assert notes["Walk alone"] == ""
