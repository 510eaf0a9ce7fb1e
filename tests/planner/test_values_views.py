import pytest
from django.urls import reverse

from common.blind_index import matching
from planner import catalog
from planner.models import Value
from tests.factories import GoalFactory, ValueFactory
from tests.planner.goals_support import grow_history, queries_for

pytestmark = pytest.mark.django_db
URL = reverse("planner:values")


def _all_not_now(**chosen):
    data = {f"c_{entry.key}": "" for entry in catalog.VALUES}
    data.update({"new_name": "", "new_description": "", "new_importance": "3"})
    data.update(chosen)
    return data


def test_the_values_page_lists_every_catalog_value_with_its_plain_description(alice_client):
    html = alice_client.get(URL).content.decode()
    for entry in catalog.VALUES:
        assert entry.name in html
        assert entry.description in html
    assert "Not for me right now" in html


def test_saving_choices_keeps_them_and_says_so(alice_client, alice):
    response = alice_client.post(URL, _all_not_now(c_family="5", c_nature="2"), follow=True)
    assert "Saved what matters to you." in response.content.decode()
    assert dict(Value.objects.filter(owner=alice).values_list("catalog_key", "importance")) == {
        "family": 5,
        "nature": 2,
    }


def test_a_value_of_ones_own_is_added_beside_the_catalog(alice_client, alice):
    alice_client.post(URL, _all_not_now(new_name="My allotment", new_importance="4"))
    value = Value.objects.get(matching(Value, "name", "My allotment"), owner=alice)
    assert value.importance == 4
    html = alice_client.get(URL).content.decode()
    assert "Your own values" in html
    assert f'name="v_{value.pk}"' in html


def test_an_importance_of_seven_is_refused_beside_the_field_keeping_the_rest(alice_client, alice):
    response = alice_client.post(URL, _all_not_now(c_family="7", c_nature="2"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose how much this matters, from 1 to 5." in html
    assert 'id="id_c_family_error"' in html
    assert '<option value="2" selected>2 · somewhat</option>' in html  # nature, as typed
    assert not Value.objects.filter(owner=alice).exists()


def test_a_ten_thousand_character_name_is_refused_and_kept_as_typed(alice_client, alice):
    long_name = "a" * 10_000
    html = alice_client.post(URL, _all_not_now(c_family="4", new_name=long_name)).content.decode()
    assert "Please keep the name under 60 characters." in html
    assert long_name in html
    assert not Value.objects.filter(owner=alice).exists()


def test_a_value_a_goal_serves_cannot_be_set_aside(alice_client, alice):
    value = ValueFactory(owner=alice, catalog_key="family", name="Family", importance=5)
    GoalFactory(owner=alice, value=value)
    html = alice_client.post(URL, _all_not_now(c_family="")).content.decode()
    assert "A goal serves this value, so it stays for now. Move it to another value first." in html
    assert Value.objects.filter(pk=value.pk).exists()


def test_a_new_value_named_like_a_catalog_one_points_to_the_list(alice_client, alice):
    html = alice_client.post(URL, _all_not_now(new_name="nature")).content.decode()
    assert "“Nature” is in the list above: choose it there." in html
    assert not Value.objects.filter(owner=alice).exists()


def test_another_persons_value_id_in_the_post_changes_nothing_of_theirs(alice_client, carol):
    theirs = ValueFactory(owner=carol, name="Carol's garden", importance=4)
    response = alice_client.post(URL, _all_not_now(**{f"v_{theirs.pk}": ""}))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.importance == 4


def test_carol_gets_404_editing_alices_value(client, carol, alice):
    value = ValueFactory(owner=alice)
    client.force_login(carol)
    url = reverse("planner:value_edit", args=[value.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Mine now", "importance": "1"}).status_code == 404
    value.refresh_from_db()
    assert value.name != "Mine now"


def test_renaming_a_value_saves_it(alice_client, alice):
    value = ValueFactory(owner=alice, name="Music")
    url = reverse("planner:value_edit", args=[value.pk])
    assert "Edit “Music”" in alice_client.get(url).content.decode()
    response = alice_client.post(
        url, {"name": "Making music", "description": "", "importance": "5"}
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.name, value.importance) == ("Making music", 5)


def test_renaming_to_a_name_already_used_says_so_beside_the_name(alice_client, alice):
    ValueFactory(owner=alice, name="Music")
    value = ValueFactory(owner=alice, name="Dance")
    url = reverse("planner:value_edit", args=[value.pk])
    html = alice_client.post(url, {"name": "MUSIC", "importance": "3"}).content.decode()
    assert "You already have a value called “MUSIC”." in html
    assert 'id="id_name_error"' in html
    assert "Edit “Dance”" in html  # the heading keeps the saved name
    value.refresh_from_db()
    assert value.name == "Dance"


def test_the_values_page_asks_a_signed_out_visitor_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_values_page_costs_the_same_queries_with_a_year_of_history(client, alice, bob):
    client.force_login(alice)
    new_count, _ = queries_for(client, URL)
    grow_history(bob)  # someone else's data must not cost alice anything either
    grow_history(alice)
    for key in ("family", "nature", "play"):
        ValueFactory(owner=alice, catalog_key=key, name=key.title())
    count, sql = queries_for(client, URL, expect=["Long history", "Nature", "Play"])
    assert count == new_count, sql
