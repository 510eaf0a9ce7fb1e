import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import SafetyPlan, SafetyPlanVersion
from planner.models.safety import Section
from planner.services.safety import safety_section_save
from tests.factories import GoalFactory, StepFactory, TrustedContactFactory, ValueFactory
from tests.pages import assert_shows
from tests.planner.safety_support import fill_plan

pytestmark = pytest.mark.django_db

PLAN = reverse("planner:safety_plan")
HTMX = {"HTTP_HX_REQUEST": "true"}
LINE_SECTIONS = [
    Section.WARNING_SIGNS,
    Section.COPING,
    Section.UPLIFT,
    Section.SAFER,
    Section.EXITS,
]


def edit_url(section):
    return reverse("planner:safety_section_edit", args=[section.value])


def html_of(response):
    return response.content.decode()


# --- Reading the plan ---------------------------------------------------------------


def test_the_plan_lists_every_section_and_says_it_is_not_emergency_care_once(alice_client):
    html = html_of(alice_client.get(PLAN))
    for section in Section:
        assert section.label in html
    assert html.count("Stepwise is a self-help tool, not emergency care") == 1
    # Alice's zone is New York: the emergency number and 988 are one tap away.
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html


def test_a_signed_out_visitor_gets_general_help_and_nothing_personal(client, alice):
    fill_plan(alice)
    html = html_of(client.get(PLAN))
    assert "If you are in danger right now" in html
    for number in ("988", "116 123", "13 11 14", "1737", "tel:000", "tel:111", "tel:999"):
        assert number in html
    for private in ("Alice", "Staying in bed past noon", "Rowan", "alice@example.org"):
        assert private not in html


def test_the_filled_plan_shows_contacts_with_tap_to_call_and_text(alice_client, alice):
    fill_plan(alice)
    html = html_of(alice_client.get(PLAN))
    (nia,) = [c for c in alice.trusted_contacts.all() if c.name == "Nia"]
    assert f'href="tel:{nia.phone}"' in html
    assert f'href="sms:{nia.phone}"' in html
    # Nia was picked first, Rowan second.
    assert html.index("Nia") < html.index("Rowan")
    assert "Family" in html and "My cat, Pixel" in html


def test_a_grounding_suggestion_on_the_plan_links_to_the_tool(alice_client, alice):
    fill_plan(alice)
    html = html_of(alice_client.get(PLAN))
    assert f'href="{reverse("planner:grounding")}#breathing"' in html


def test_each_steps_exit_strategy_is_listed_under_its_goal(alice_client, alice):
    goal = GoalFactory(owner=alice, title="Join the walking group")
    StepFactory(goal=goal, title="Walk the first mile", exit_strategy="Turn back at the bridge")
    StepFactory(goal=goal, title="Look at the route", exit_strategy="")
    archived = GoalFactory(owner=alice, title="Old goal", status="archived")
    StepFactory(goal=archived, exit_strategy="Something from an archived goal")
    html = html_of(alice_client.get(PLAN))
    assert "For “Join the walking group”" in html
    assert "Walk the first mile:</span> Turn back at the bridge" in html
    assert "Look at the route" not in html
    assert "Something from an archived goal" not in html


@pytest.mark.parametrize(
    "url",
    [
        PLAN,
        edit_url(Section.HELPERS),
        reverse("planner:safety_wallet_card"),
        "/safety-plan/history/",
    ],
)
def test_carol_only_ever_sees_her_own_plan(client, alice, carol, url):
    fill_plan(alice)
    client.force_login(carol)
    html = html_of(client.get(url))
    for private in ("Staying in bed past noon", "Nia", "Rowan", "Family"):
        assert private not in html


def test_an_unknown_section_is_not_found(alice_client):
    assert alice_client.get("/safety-plan/nonsense/edit/").status_code == 404


# --- Editing each section -------------------------------------------------------------


@pytest.mark.parametrize("section", LINE_SECTIONS)
def test_each_list_section_can_be_edited_without_javascript(alice_client, alice, section):
    form_page = alice_client.get(edit_url(section))
    assert form_page.status_code == 200
    assert 'name="items"' in html_of(form_page)

    response = alice_client.post(edit_url(section), {"items": "First thing\n\n  Second thing  "})

    assert response.status_code == 302
    assert response.url == f"{PLAN}#{section.value}"
    assert SafetyPlan.objects.get(owner=alice).data[section.value] == [
        "First thing",
        "Second thing",
    ]
    page = html_of(alice_client.get(PLAN))
    assert "First thing" in page and f"Saved: {section.label}." in page


@pytest.mark.parametrize("section", LINE_SECTIONS)
def test_each_list_section_can_be_edited_in_place_with_htmx(alice_client, alice, section):
    form = alice_client.get(edit_url(section), **HTMX)
    assert "<html" not in html_of(form)
    assert f'hx-post="{edit_url(section)}"' in html_of(form)

    saved = alice_client.post(edit_url(section), {"items": "Only line"}, **HTMX)

    html = html_of(saved)
    assert saved.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith(f'<section id="{section.value}"')
    assert "Only line" in html and "Saved." in html


def test_cancelling_an_edit_swaps_the_section_back_or_goes_back_to_the_plan(alice_client):
    url = reverse("planner:safety_section", args=["coping"])
    assert "Nothing written yet" in html_of(alice_client.get(url, **HTMX))
    assert alice_client.get(url).url == f"{PLAN}#coping"


def test_picking_a_coping_suggestion_adds_it_to_the_list(alice_client, alice):
    alice_client.post(edit_url(Section.COPING), {"items": "Tea", "suggestions": ["walk"]})
    assert SafetyPlan.objects.get(owner=alice).data["coping"] == [
        "Tea",
        "A short walk, even just to the end of the road",
    ]


def test_people_to_ask_are_picked_from_trusted_contacts_in_the_chosen_order(alice_client, alice):
    ann = TrustedContactFactory(owner=alice, name="Ann")
    ben = TrustedContactFactory(owner=alice, name="Ben")
    cal = TrustedContactFactory(owner=alice, name="Cal")
    form = html_of(alice_client.get(edit_url(Section.HELPERS)))
    assert "Ann" in form and "Not on this list" in form

    alice_client.post(
        edit_url(Section.HELPERS),
        {f"place_{ann.pk}": "2", f"place_{ben.pk}": "", f"place_{cal.pk}": "1"},
    )

    assert SafetyPlan.objects.get(owner=alice).data["people-to-ask"] == [cal.pk, ann.pk]


def test_another_persons_contact_cannot_be_slipped_into_the_plan(alice_client, alice, carol):
    theirs = TrustedContactFactory(owner=carol, name="Carol's friend")
    alice_client.post(edit_url(Section.HELPERS), {f"place_{theirs.pk}": "1"})
    plan = SafetyPlan.objects.filter(owner=alice).first()
    assert plan is None or plan.data["people-to-ask"] == []
    assert "Carol&#x27;s friend" not in html_of(alice_client.get(PLAN))


def test_what_matters_links_to_the_persons_own_values(alice_client, alice, carol):
    mine = ValueFactory(owner=alice, name="Nature")
    theirs = ValueFactory(owner=carol, name="Carol's value")
    refused = alice_client.post(
        edit_url(Section.MATTERS), {"values": [theirs.pk], "items": "My garden"}
    )
    assert "Please pick from your own values." in html_of(refused)
    assert not SafetyPlan.objects.filter(owner=alice).exists()

    alice_client.post(edit_url(Section.MATTERS), {"values": [mine.pk], "items": "My garden"})
    assert SafetyPlan.objects.get(owner=alice).data["what-matters"] == {
        "values": [mine.pk],
        "items": ["My garden"],
    }


# --- Bad input ----------------------------------------------------------------------


def test_a_20000_character_entry_gets_a_kind_message_keeps_the_text_and_changes_nothing(
    alice_client, alice
):
    fill_plan(alice)
    before = SafetyPlan.objects.get(owner=alice).content
    versions = SafetyPlanVersion.objects.count()
    typed = "x" * 20_000

    response = alice_client.post(edit_url(Section.WARNING_SIGNS), {"items": typed})

    html = html_of(response)
    assert response.status_code == 200
    assert "Line 1 is 20,000 characters long" in html
    assert typed in html
    assert 'aria-describedby="id_items_helptext id_items_error"' in html
    assert SafetyPlan.objects.get(owner=alice).content == before
    assert SafetyPlanVersion.objects.count() == versions


def test_too_many_lines_are_refused_kindly_in_place(alice_client):
    typed = "\n".join(f"Sign {n}" for n in range(13))
    html = html_of(alice_client.post(edit_url(Section.WARNING_SIGNS), {"items": typed}, **HTMX))
    assert "That&#x27;s 13 lines" in html
    assert "Sign 12" in html
    assert "<html" not in html


def test_html_and_script_are_kept_as_typed_and_shown_escaped(alice_client, alice):
    typed = '<script>alert("hi")</script><b>bold</b>'
    alice_client.post(edit_url(Section.UPLIFT), {"items": typed})
    assert SafetyPlan.objects.get(owner=alice).data["people-and-places"] == [typed]
    html = html_of(alice_client.get(PLAN))
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert '<script>alert("hi")' not in html


def test_a_second_tap_on_save_keeps_no_extra_version(alice_client, alice):
    alice_client.post(edit_url(Section.SAFER), {"items": "Keys with Nia"})
    alice_client.post(edit_url(Section.SAFER), {"items": "Keys with Nia"})
    assert SafetyPlanVersion.objects.filter(plan__owner=alice).count() == 0


# --- The plan is private text ---------------------------------------------------------


def test_the_plan_is_stored_encrypted(alice):
    fill_plan(alice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM planner_safetyplan")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT content FROM planner_safetyplanversion")
        version_rows = [row[0] for row in cursor.fetchall()]
    for raw in [stored, *version_rows]:
        assert raw.startswith("fernet:")
        assert "Staying in bed" not in raw


# --- Wallet card ----------------------------------------------------------------------


def test_the_wallet_card_has_the_crisis_lines_and_the_first_three_people(alice_client, alice):
    fill_plan(alice)
    extra = [TrustedContactFactory(owner=alice, name=name) for name in ("Ola", "Pia")]
    ids = SafetyPlan.objects.get(owner=alice).data["people-to-ask"] + [c.pk for c in extra]
    alice_client.post(
        edit_url(Section.HELPERS),
        {f"place_{pk}": str(place) for place, pk in enumerate(ids, start=1)},
    )
    html = html_of(alice_client.get(reverse("planner:safety_wallet_card")))
    assert "Emergency: <strong>911</strong>" in html
    assert "988 Suicide &amp; Crisis Lifeline" in html
    names = re.findall(r"<li>(\w+): <strong>\+", html)
    assert names == ["Nia", "Rowan", "Ola"]


# --- Query counts ---------------------------------------------------------------------


def grow_history(owner, n=15):
    """More goals, steps, contacts and versions: none of it may cost a query.

    Returns the newest contact, for the tests to find on the page.
    """
    for i in range(n):
        goal = GoalFactory(owner=owner)
        StepFactory.create_batch(3, goal=goal)
        contact = TrustedContactFactory(owner=owner)
        safety_section_save(
            owner=owner, section=Section.WARNING_SIGNS, value=[f"Sign {i}"], now=timezone.now()
        )
    return contact


@pytest.mark.parametrize(
    "url",
    [
        PLAN,
        reverse("planner:safety_section_edit", args=["people-to-ask"]),
        reverse("planner:safety_wallet_card"),
        reverse("planner:safety_history"),
    ],
)
def test_safety_pages_render_in_a_fixed_number_of_queries(
    alice_client, alice, django_assert_num_queries, url
):
    fill_plan(alice)
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(url).status_code == 200
    newest = grow_history(alice)
    with django_assert_num_queries(len(small.captured_queries)):
        response = alice_client.get(url)
    # What each page shows of the grown history. The wallet card lists only the
    # first helpers, none of them grown, so it must at least be the filled card.
    shows = {
        PLAN: [
            "Sign 14",
            "Say I have to get going, and leave.",
            "Knows they're on my plan",
            '<option value="30" selected>',
        ],
        reverse("planner:safety_section_edit", args=["people-to-ask"]): [f"{newest.name} ("],
        reverse("planner:safety_wallet_card"): ["<li>Nia: <strong>", "<li>Rowan: <strong>"],
        reverse("planner:safety_history"): ["Page 1 of 2"],
    }[url]
    assert_shows(response, *shows)


def test_the_plan_page_needs_at_most_six_queries(
    alice_client, alice, django_assert_max_num_queries
):
    # Session, user, plan, contacts, values, step exit strategies.
    fill_plan(alice)
    grow_history(alice)
    with django_assert_max_num_queries(6):
        response = alice_client.get(PLAN)
    assert_shows(
        response, "Sign 14", "Say I have to get going, and leave.", "Knows they're on my plan"
    )
