import pytest
from django.urls import reverse

from planner.crisis_lines import COUNTRIES, country_for_timezone, dial_string, help_for_timezone
from planner.models import SafetyPlan

PLAN = reverse("planner:safety_plan")
EDIT = reverse("planner:safety_section_edit", args=["crisis-lines"])


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("Pacific/Honolulu", "US"),
        ("America/Toronto", "CA"),
        ("America/Vancouver", "CA"),
        ("America/St_Johns", "CA"),
        ("Canada/Eastern", "CA"),  # an older alias, resolved through tzdata's links
        ("America/Montreal", "CA"),
        ("Europe/London", "GB"),
        ("Europe/Belfast", "GB"),
        ("Europe/Dublin", "IE"),
        ("Eire", "IE"),
        ("Australia/Sydney", "AU"),
        ("Australia/Perth", "AU"),
        ("Australia/ACT", "AU"),
        ("Pacific/Auckland", "NZ"),
        ("Pacific/Chatham", "NZ"),
        ("Asia/Tokyo", "JP"),
        ("UTC", None),
        ("Not/AZone", None),
    ],
)
def test_a_time_zone_maps_to_its_country(zone, country):
    assert country_for_timezone(zone) == country


@pytest.mark.parametrize(
    ("zone", "emergency", "line", "number"),
    [
        ("America/Chicago", "911", "988 Suicide & Crisis Lifeline", "988"),
        ("America/Halifax", "911", "9-8-8 Suicide Crisis Helpline", "988"),
        ("Europe/London", "999", "Samaritans", "116 123"),
        ("Europe/Dublin", "112", "Samaritans", "116 123"),
        ("Australia/Melbourne", "000", "Lifeline", "13 11 14"),
        ("Pacific/Auckland", "111", "1737, Need to talk?", "1737"),
    ],
)
def test_each_country_has_its_well_known_numbers(zone, emergency, line, number):
    help_ = help_for_timezone(zone)
    assert help_.emergency == emergency
    assert (help_.lines[0].name, help_.lines[0].phone) == (line, number)


def test_every_shipped_line_can_be_called_or_texted():
    for country in COUNTRIES.values():
        assert country.emergency.isdigit()
        for line in country.lines:
            assert line.dial or line.text_dial
            assert line.note


def test_countries_we_have_no_lines_for_fall_back_to_none():
    assert help_for_timezone("Asia/Tokyo") is None
    assert help_for_timezone("UTC") is None


@pytest.mark.parametrize(
    ("typed", "dial"),
    [("116 123", "116123"), ("+44 (0)20 7946-0123", "+440207946" + "0123"), ("13 11 14", "131114")],
)
def test_numbers_become_tap_to_call_strings(typed, dial):
    assert dial_string(typed) == dial


# --- On the page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_plan_suggests_the_lines_for_the_persons_country(client, alice):
    alice.timezone = "Australia/Brisbane"
    alice.save()
    client.force_login(alice)
    html = client.get(PLAN).content.decode()
    assert 'href="tel:000"' in html
    assert 'href="tel:131114"' in html
    assert 'href="sms:0477131114"' in html
    assert "Suggested for Australia, from your time zone." in html


@pytest.mark.django_db
def test_a_text_line_opens_a_message_with_its_word_ready(client, alice):
    alice.timezone = "Europe/London"
    alice.save()
    client.force_login(alice)
    html = client.get(PLAN).content.decode()
    assert 'href="sms:85258?body=SHOUT"' in html
    assert "Text SHOUT to 85258" in html


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "UTC", "Asia/Tokyo"])
def test_without_lines_for_their_country_the_person_sees_every_line_we_know(client, alice, zone):
    # Never a page with no number to tap: the full list the signed-out page has,
    # and a gentle ask to add the lines where they live.
    alice.timezone = zone
    alice.save()
    client.force_login(alice)
    html = client.get(PLAN).content.decode()
    for country in COUNTRIES.values():
        assert f"In {country.name}" in html
        assert f'href="tel:{country.emergency}"' in html
    assert 'href="tel:988"' in html and 'href="tel:116123"' in html
    assert 'href="sms:85258?body=SHOUT"' in html
    assert "Please add a local crisis line" in html
    assert "your local emergency number" in html


@pytest.mark.django_db
def test_the_edit_form_starts_empty_when_no_lines_are_suggested(alice_client, alice):
    # The full list is shown for reference; it is not copied into the person's own lines.
    alice.timezone = "UTC"
    alice.save()
    html = alice_client.get(EDIT).content.decode()
    assert "Samaritans" not in html


@pytest.mark.django_db
def test_the_person_can_add_their_own_line_beside_the_suggested_one(alice_client, alice):
    form = alice_client.get(EDIT).content.decode()
    assert 'value="988 Suicide &amp; Crisis Lifeline"' in form

    response = alice_client.post(
        EDIT,
        {
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "1",
            "lines-0-name": "988 Suicide & Crisis Lifeline",
            "lines-0-phone": "988",
            "lines-0-text": "988",
            "lines-0-note": "Free, any time. Call or text.",
            "lines-1-name": "Dr Osei, my GP",
            "lines-1-phone": "+1 212 555 0147",
            "lines-1-note": "Weekdays 9 to 5",
        },
    )

    assert response.status_code == 302
    lines = SafetyPlan.objects.get(owner=alice).data["crisis-lines"]
    assert [line["name"] for line in lines] == ["988 Suicide & Crisis Lifeline", "Dr Osei, my GP"]
    html = alice_client.get(PLAN).content.decode()
    assert 'href="tel:+12125550147"' in html
    assert "Suggested for" not in html


@pytest.mark.django_db
def test_a_line_can_be_taken_off_and_the_suggestions_brought_back(alice_client, alice):
    alice_client.post(
        EDIT,
        {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "1",
            "lines-0-name": "988 Suicide & Crisis Lifeline",
            "lines-0-phone": "988",
            "lines-0-DELETE": "on",
        },
    )
    assert SafetyPlan.objects.get(owner=alice).data["crisis-lines"] == []

    alice_client.post(EDIT, {"reset": "1"})

    assert SafetyPlan.objects.get(owner=alice).data["crisis-lines"] is None
    assert 'href="tel:988"' in alice_client.get(PLAN).content.decode()


@pytest.mark.django_db
def test_a_line_with_a_bad_number_is_explained_and_kept_as_typed(alice_client, alice):
    response = alice_client.post(
        EDIT,
        {
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-0-name": "<b>My counsellor</b>",
            "lines-0-phone": "call me maybe",
            "lines-1-phone": "555 0101",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Please use digits and spaces" in html
    assert 'value="call me maybe"' in html
    assert "Please give this line a name" in html
    assert "&lt;b&gt;My counsellor&lt;/b&gt;" in html
    assert not SafetyPlan.objects.filter(owner=alice).exists()
