from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.demo.week import year_of_history
from supporters.models import AccessLog, SupporterLink
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
from tests.supporters.supporting_support import (
    html_of,
    link_for,
    queries_for,
    sql_of,
    this_week_moment,
)

pytestmark = pytest.mark.django_db

# Each per-person page and the scope it needs (None: the overview, which needs only the link).
PAGES = {
    "supporting:person": None,
    "supporting:plan": "plan",
    "supporting:practice": "practice",
    "supporting:checkins": "checkins",
    "supporting:safety": "safety",
    "supporting:journal": "journal",
}
SCOPED = {name: scope for name, scope in PAGES.items() if scope}


def url(name, owner):
    return reverse(name, args=[owner.pk])


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


# --- The per-person pages: who gets in ----------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_each_page_asks_a_signed_out_visitor_to_sign_in(client, alice, name):
    response = client.get(url(name, alice))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PAGES)
def test_a_stranger_gets_404_on_every_page(client, alice, carol, name):
    client.force_login(carol)
    assert client.get(url(name, alice)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_the_person_themself_gets_404_and_uses_their_own_pages(alice_client, alice, name):
    # The supporting pages are for supporters; the person has the real ones.
    assert alice_client.get(url(name, alice)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_an_ended_link_gets_404_on_every_page(bob_client, alice, bob, name):
    link_for(
        alice, bob, "plan", "practice", "checkins", "safety", "journal", ended_at=timezone.now()
    )
    assert bob_client.get(url(name, alice)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_someone_who_does_not_exist_is_the_same_404(bob_client, name):
    assert bob_client.get(reverse(name, args=[987654])).status_code == 404


@pytest.mark.parametrize(("name", "scope"), SCOPED.items())
def test_a_supporter_sees_a_page_with_its_scope_and_404_without_it(
    bob_client, alice, bob, name, scope
):
    others = [s for s in SCOPED.values() if s != scope]
    link = link_for(alice, bob, *others)
    assert bob_client.get(url(name, alice)).status_code == 404
    # A scope turned on holds from the very next request, and so does turning it off.
    SupporterLink.objects.filter(pk=link.pk).update(**{f"scope_{scope}": True})
    assert bob_client.get(url(name, alice)).status_code == 200
    SupporterLink.objects.filter(pk=link.pk).update(**{f"scope_{scope}": False})
    assert bob_client.get(url(name, alice)).status_code == 404


@pytest.mark.parametrize(("name", "scope"), SCOPED.items())
def test_every_shared_page_view_is_in_the_access_log(bob_client, alice, bob, name, scope):
    link = link_for(alice, bob, scope)
    bob_client.get(url(name, alice))
    log = AccessLog.objects.get(owner=alice)
    assert (log.viewer, log.scope, log.link) == (bob, scope, link)


def test_the_overview_links_only_the_granted_sections(bob_client, alice, bob):
    link_for(alice, bob, "plan", "safety", relationship="peer_mentor")
    html = html_of(bob_client, url("supporting:person", alice))
    assert "You're here as Alice's peer mentor." in html
    assert url("supporting:plan", alice) in html
    assert url("supporting:safety", alice) in html
    for hidden in ("practice", "checkins", "journal"):
        assert url(f"supporting:{hidden}", alice) not in html
    assert not AccessLog.objects.exists()  # the name alone is no view of her data


def test_the_overview_with_no_scopes_says_it_is_her_choice(bob_client, alice, bob):
    link_for(alice, bob)
    html = html_of(bob_client, url("supporting:person", alice))
    assert "Alice has chosen to keep things private for now" in html
    assert 'name="body"' in html  # a note can still be sent


# --- What each page shows -----------------------------------------------------------------


def test_the_plan_page_shows_goals_ladders_and_this_week_read_only(bob_client, alice, bob):
    link_for(alice, bob, "plan")
    step = StepFactory(goal__owner=alice, goal__title="Coffee with my sister", title="Text her")
    StepFactory(goal=step.goal, title="Meet for twenty minutes", position=5)
    ScheduledStepFactory(step=step, starts_at=this_week_moment(alice))
    html = html_of(bob_client, url("supporting:plan", alice))
    main = html[html.index("<main") :]
    assert "Coffee with my sister" in main and "Meet for twenty minutes" in main
    assert "Text her" in main[main.index("This week") : main.index("Goals and their ladders")]
    assert "<form" not in main  # nothing of hers can be changed from here


def test_the_practice_page_shows_forecast_and_outcome_without_notes(bob_client, alice, bob):
    link_for(alice, bob, "practice")
    step = StepFactory(goal__owner=alice, title="Join the book club call")
    for peak in (55, 35):
        AttemptFactory(step=step, predicted_peak=70, suds_peak=peak, used_exit_strategy=True)
    html = html_of(bob_client, url("supporting:practice", alice))
    assert "Alice has shown up 2 times." in html
    assert "2 of their last 2 forecasts expected more distress than they felt." in html
    assert '<svg class="chart"' in html
    assert "left as planned" in html
    for word in ("failed", "missed", "streak"):
        assert word not in html.lower()


def test_the_practice_page_says_which_step_looks_ready_and_leaves_the_choice_to_her(
    bob_client, alice, bob
):
    # Step titles are the plan's: the practice page names the step with both scopes.
    link_for(alice, bob, "practice", "plan", share_readiness=True)
    step = StepFactory(goal__owner=alice, title="Say hello to a neighbour", position=0)
    StepFactory(goal=step.goal, title="Ask a neighbour round for tea", position=1)
    for peak in (70, 30, 25):
        AttemptFactory(step=step, suds_peak=peak)
    html = html_of(bob_client, url("supporting:practice", alice))
    ready = html[html.index("Looking ready to move up") :]
    assert "Say hello to a neighbour" in ready[: ready.index("</section>")]
    assert "Alice&#x27;s call" in ready or "Alice's call" in ready


def test_only_supporting_is_the_current_page_in_the_nav(bob_client, alice, bob):
    link_for(alice, bob, "practice", "journal")
    for name in ("supporting:practice", "supporting:journal"):
        html = html_of(bob_client, url(name, alice))
        nav = html[html.index('aria-label="Main"') : html.index("</nav>")]
        assert nav.count('aria-current="page"') == 1
        assert f'href="{reverse("supporting:dashboard")}" aria-current="page"' in nav


def test_the_checkins_page_shows_each_check_in_when_she_chose_that(bob_client, alice, bob):
    link_for(alice, bob, "checkins", checkins_shown="each")
    CheckInFactory(owner=alice, mood=4, distress=25, interactions=3)
    html = html_of(bob_client, url("supporting:checkins", alice))
    assert "Distress 25" in html and "3 meaningful moments" in html
    assert "Their notes stay private." in html


def test_the_safety_page_shows_the_plan_read_only(bob_client, alice, bob):
    link_for(alice, bob, "safety")
    fill_plan(alice)
    html = html_of(bob_client, url("supporting:safety", alice))
    main = html[html.index("<main") :]
    assert "Staying in bed past noon" in main and "Rowan" in main
    # Who knows they're on the plan, as the person sees it; no way to ask or change it.
    assert main.count("Knows they're on my plan") == 1
    assert "Ask if" not in main
    assert "Edit" not in main and "<form" not in main


def test_no_shared_page_offers_a_way_to_change_anything_of_hers(bob_client, alice, bob):
    link_for(alice, bob, *SCOPED.values())
    _a_little_of_everything(alice)
    for name in SCOPED:
        html = html_of(bob_client, url(name, alice))
        main = html[html.index("<main") : html.index("</main>")]
        assert "<form" not in main, name
        assert "/edit/" not in main and "hx-post" not in main, name


def _tagged(row):
    row.tags.add(TagFactory(owner=row.owner))
    return row


def _a_little_of_everything(person):
    fill_plan(person)
    AttemptFactory(step__goal__owner=person)
    _tagged(CheckInFactory(owner=person))
    _tagged(JournalEntryFactory(owner=person))
    ThoughtRecordFactory(owner=person)


@pytest.mark.parametrize(("name", "scope"), SCOPED.items())
def test_each_shared_page_takes_as_many_queries_after_a_year_as_on_day_one(
    bob_client, alice, bob, name, scope
):
    # Journal too: the check-ins page then shows tags; plan too: the safety plan then
    # shows each step's exit strategy (and step titles on the practice page).
    # Each check-in, so the check-ins page shows the most it can (its tags).
    link_for(alice, bob, scope, "journal", "plan", checkins_shown="each")
    address = url(name, alice)
    _a_little_of_everything(alice)
    new = queries_for(bob_client, address)
    today = rules.local_date(timezone.now(), alice.zone)
    year_of_history(alice, goals=10, today=today)
    tags = []
    for d in range(1, 40):
        day = today - timedelta(days=d)
        checkin = _tagged(CheckInFactory(owner=alice, period_start=day))
        entry = _tagged(JournalEntryFactory(owner=alice))
        tags.append((checkin.tags.get().name, entry.tags.get().name))
        ThoughtRecordFactory(owner=alice)
    # A piece of the grown history each page shows: yesterday's check-in, the newest entry.
    shows = {
        "plan": ["Goal 10, step 3 <"],
        "practice": ["Alice has shown up 366 times."],
        "checkins": [f'<span class="tag">{tags[0][0]}</span>'],
        "journal": [f'<span class="tag">{tags[-1][1]}</span>'],
        "safety": ["Goal 10, step 3:</span> Step outside for some air."],
    }[scope]
    veteran = queries_for(bob_client, address, expect=shows)
    assert len(veteran) == len(new), sql_of(veteran)
