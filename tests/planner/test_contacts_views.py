import pytest
from django.db import connection
from django.urls import reverse

from planner.models import Step, TrustedContact
from tests.factories import StepFactory, TrustedContactFactory
from tests.pages import assert_shows

pytestmark = pytest.mark.django_db

LIST = reverse("planner:contacts")
NEW = reverse("planner:contact_new")


def contact_data(**overrides):
    return {
        "name": "Marta",
        "relationship": "sister",
        "phone": "(415) 555-0123",
        "email": "marta@example.org",
        "notes": "Best after 6pm",
        "can_be_ally": "on",
        **overrides,
    }


def test_the_list_is_kind_when_empty(alice_client):
    assert "No one here yet" in alice_client.get(LIST).content.decode()


def test_a_local_number_is_stored_with_its_country_code(alice_client, alice):
    # Alice's zone is New York, so a US number typed the local way is understood.
    response = alice_client.post(NEW, contact_data())
    assert response.url == LIST
    contact = TrustedContact.objects.get(owner=alice)
    assert contact.phone == "+14155550123"
    assert contact.can_be_ally
    html = alice_client.get(LIST).content.decode()
    assert 'href="tel:+14155550123"' in html and 'href="sms:+14155550123"' in html
    assert "+1 415-555-0123" in html
    assert "Can come along as an ally" in html


def test_an_irish_person_can_type_an_irish_mobile_number(client, carol):
    carol.timezone = "Europe/Dublin"
    carol.save()
    client.force_login(carol)
    client.post(NEW, contact_data(phone="086 123 4567"))
    assert TrustedContact.objects.get(owner=carol).phone == "+353861234567"


def test_an_invalid_phone_number_is_explained_kept_and_nothing_is_saved(alice_client):
    response = alice_client.post(NEW, contact_data(phone="12345"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "That number seems to be missing a digit or has one too many" in html
    assert 'value="12345"' in html
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert not TrustedContact.objects.exists()


def test_very_long_notes_are_refused_kindly(alice_client):
    notes = "n" * 20_000
    html = alice_client.post(NEW, contact_data(notes=notes)).content.decode()
    assert "Please keep notes to 2000 characters (you have 20000)" in html
    assert notes in html
    assert not TrustedContact.objects.exists()


def test_a_name_with_html_is_shown_escaped_and_notes_are_encrypted(alice_client, alice):
    alice_client.post(NEW, contact_data(name="<i>Jo</i>", notes="Knows about the panic"))
    html = alice_client.get(LIST).content.decode()
    assert "&lt;i&gt;Jo&lt;/i&gt;" in html and "<i>Jo</i>" not in html
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM planner_trustedcontact")
        (stored,) = cursor.fetchone()
    assert stored.startswith("fernet:") and "panic" not in stored


def test_adding_from_the_safety_plan_goes_back_there_but_never_off_site(alice_client):
    back = reverse("planner:safety_section_edit", args=["people-to-ask"])
    assert alice_client.post(f"{NEW}?next={back}", contact_data()).url == back
    away = alice_client.post(NEW, {**contact_data(name="Kim"), "next": "https://evil.example/"})
    assert away.url == LIST


def test_a_contact_can_be_edited(alice_client, alice):
    contact = TrustedContactFactory(owner=alice, name="Lee")
    url = reverse("planner:contact_edit", args=[contact.pk])
    bad = alice_client.post(url, contact_data(name="", phone="+1 415 555 0199"))
    assert "Edit Lee" in bad.content.decode()
    assert "Please add a name" in bad.content.decode()
    alice_client.post(url, contact_data(name="Lee Ann", phone="+1 415 555 0199"))
    contact.refresh_from_db()
    assert (contact.name, contact.phone) == ("Lee Ann", "+14155550199")


def test_removing_an_ally_asks_first_and_their_steps_become_solo(alice_client, alice):
    contact = TrustedContactFactory(owner=alice, name="Ray", can_be_ally=True)
    step = StepFactory(goal__owner=alice, ally=contact)
    url = reverse("planner:contact_remove", args=[contact.pk])
    assert "the 1 step where they come along" in alice_client.get(url).content.decode()

    alice_client.post(url)

    assert not TrustedContact.objects.filter(pk=contact.pk).exists()
    assert Step.objects.get(pk=step.pk).ally is None


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("planner:contact_edit", "get"),
        ("planner:contact_edit", "post"),
        ("planner:contact_remove", "get"),
        ("planner:contact_remove", "post"),
        ("planner:contact_ask", "get"),
        ("planner:contact_agreed", "post"),
    ],
)
def test_carol_gets_404_for_alices_contacts(client, alice, carol, name, method):
    contact = TrustedContactFactory(owner=alice, name="Private Pat")
    client.force_login(carol)
    data = {**contact_data(), "agreed": "yes"}
    response = getattr(client, method)(reverse(name, args=[contact.pk]), data)
    assert response.status_code == 404
    assert TrustedContact.objects.get(pk=contact.pk).name == "Private Pat"
    assert TrustedContact.objects.get(pk=contact.pk).agreed_at is None
    assert "Private Pat" not in client.get(LIST).content.decode()


def test_the_contact_list_renders_in_a_fixed_number_of_queries(
    alice_client, alice, django_assert_max_num_queries
):
    for n in range(25):
        contact = TrustedContactFactory(owner=alice, can_be_ally=True, notes=f"Note {n}")
        StepFactory.create_batch(2, goal__owner=alice, ally=contact)
    contact.agreed_at = contact.created_at
    contact.save()
    # Session, user, the import guard (supporters.middleware), contacts with their ally-step counts.
    with django_assert_max_num_queries(4):
        response = alice_client.get(LIST)
    assert_shows(response, f'Edit {contact.name}"', "Note 24", "Knows they're on my plan")
