import pytest
from django.core.exceptions import ValidationError

from common.blind_index import matching
from planner.models import Value
from planner.services.values import OwnValue, value_from_catalog, value_update, values_choose
from tests.factories import GoalFactory, ValueFactory

pytestmark = pytest.mark.django_db


def test_choosing_catalog_values_copies_their_words_and_importance(alice):
    values_choose(
        owner=alice, catalog_importance={"family": 5, "nature": 2, "play": None}, own_importance={}
    )
    chosen = {v.catalog_key: v for v in Value.objects.filter(owner=alice)}
    assert set(chosen) == {"family", "nature"}
    assert chosen["family"].name == "Family"
    assert chosen["family"].importance == 5
    assert chosen["family"].description.startswith("Being part of")


def test_choosing_again_re_rates_and_removes_without_duplicating(alice):
    values_choose(owner=alice, catalog_importance={"family": 5, "nature": 2}, own_importance={})
    values_choose(owner=alice, catalog_importance={"family": 3, "nature": None}, own_importance={})
    assert list(Value.objects.filter(owner=alice).values_list("catalog_key", "importance")) == [
        ("family", 3)
    ]


def test_a_value_of_ones_own_is_added_re_rated_and_removed_by_id(alice):
    values_choose(
        owner=alice,
        catalog_importance={},
        own_importance={},
        new_own=OwnValue(name="My dog", description="Walks every day", importance=4),
    )
    dog = Value.objects.get(matching(Value, "name", "My dog"), owner=alice)
    assert (dog.catalog_key, dog.importance) == ("", 4)
    values_choose(owner=alice, catalog_importance={}, own_importance={dog.pk: 2})
    dog.refresh_from_db()
    assert dog.importance == 2
    values_choose(owner=alice, catalog_importance={}, own_importance={dog.pk: None})
    assert not Value.objects.filter(pk=dog.pk).exists()


def test_a_value_a_goal_serves_is_never_removed_and_nothing_else_changes(alice):
    values_choose(owner=alice, catalog_importance={"family": 5, "nature": 2}, own_importance={})
    GoalFactory(owner=alice, value=Value.objects.get(owner=alice, catalog_key="family"))
    with pytest.raises(ValidationError, match="Family: a goal still serves this"):
        values_choose(
            owner=alice, catalog_importance={"family": None, "nature": 4}, own_importance={}
        )
    assert dict(Value.objects.filter(owner=alice).values_list("catalog_key", "importance")) == {
        "family": 5,
        "nature": 2,
    }


def test_another_persons_value_id_changes_nothing_of_theirs(alice, carol):
    theirs = ValueFactory(owner=carol, name="Carol's", importance=4)
    values_choose(owner=alice, catalog_importance={}, own_importance={theirs.pk: None})
    values_choose(owner=alice, catalog_importance={}, own_importance={theirs.pk: 1})
    theirs.refresh_from_db()
    assert theirs.importance == 4


def test_choosing_the_same_catalog_value_twice_gives_the_same_row(alice):
    first = value_from_catalog(owner=alice, key="learning", importance=4)
    second = value_from_catalog(owner=alice, key="learning", importance=1)
    assert first.pk == second.pk
    assert second.importance == 4


def test_an_unknown_catalog_key_is_refused(alice):
    with pytest.raises(ValidationError):
        value_from_catalog(owner=alice, key="world-domination")


def test_two_values_cannot_share_a_name_whatever_the_case(alice):
    ValueFactory(owner=alice, name="Music")
    other = ValueFactory(owner=alice, name="Dance")
    with pytest.raises(ValidationError, match="already have a value with this name"):
        value_update(value=other, name="MUSIC", description="", importance=3)


def test_importance_outside_one_to_five_is_refused(alice):
    value = ValueFactory(owner=alice)
    with pytest.raises(ValidationError):
        value_update(value=value, name=value.name, description="", importance=6)
