"""The one permission function: who may see which scope of a person's data."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from supporters.models import AccessLog, Scope
from supporters.permissions import active_link, can_view, supported_or_404
from supporters.services.links import supporter_link_leave, supporter_link_revoke
from tests.supporters.sharing_support import link_for

pytestmark = pytest.mark.django_db
SCOPES = list(Scope)


def _seen(viewer, owner, **kwargs) -> set[str]:
    return {scope.value for scope in SCOPES if can_view(viewer, owner, scope, **kwargs)}


def test_the_owner_sees_every_scope_of_their_own(alice):
    assert _seen(alice, alice) == set(Scope.values)


@pytest.mark.parametrize("scope", SCOPES)
def test_a_supporter_with_one_scope_sees_that_scope_and_nothing_else(alice, bob, scope):
    link = link_for(alice, bob, scope)
    assert _seen(bob, alice) == {scope.value}
    assert _seen(bob, alice, link=link) == {scope.value}


def test_a_supporter_with_no_scopes_sees_nothing(alice, bob):
    link_for(alice, bob)
    assert _seen(bob, alice) == set()
    assert active_link(bob, alice) is not None  # still connected: the dashboard shows a name


def test_an_ended_link_grants_nothing_whoever_ended_it(alice, bob, carol):
    revoked = link_for(alice, bob, *Scope.values)
    supporter_link_revoke(link=revoked, now=timezone.now())
    left = link_for(alice, carol, *Scope.values)
    supporter_link_leave(link=left, now=timezone.now())
    for viewer, link in ((bob, revoked), (carol, left)):
        assert _seen(viewer, alice) == set()
        assert _seen(viewer, alice, link=link) == set()
        assert active_link(viewer, alice) is None


def test_a_stranger_and_an_anonymous_visitor_see_nothing(alice, carol):
    assert _seen(carol, alice) == set()
    assert _seen(AnonymousUser(), alice) == set()


def test_a_link_that_is_not_the_viewers_own_grants_nothing(alice, bob, carol):
    bobs = link_for(alice, bob, *Scope.values)
    assert _seen(carol, alice, link=bobs) == set()
    assert _seen(bob, carol, link=bobs) == set()


def test_support_runs_one_way(alice, bob):
    link_for(alice, bob, *Scope.values)
    assert _seen(alice, bob) == set()


def test_an_unknown_scope_is_a_programming_error(alice):
    with pytest.raises(ValueError):
        can_view(alice, alice, "everything")


# --- supported_or_404 ---------------------------------------------------------------------
def _request(user, path="/supporting/1/plan/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_a_granted_view_is_recorded_in_the_owners_access_log(alice, bob):
    link = link_for(alice, bob, "plan")
    before = timezone.now()
    assert supported_or_404(_request(bob), alice.pk, "plan") == link
    (entry,) = AccessLog.objects.all()
    assert (entry.owner, entry.viewer, entry.link, entry.scope) == (alice, bob, link, "plan")
    assert entry.path == "/supporting/1/plan/" and entry.viewed_at >= before
    link.refresh_from_db()
    assert link.last_viewed_at == entry.viewed_at


def test_a_page_that_only_names_the_person_is_not_logged(alice, bob):
    link = link_for(alice, bob)
    assert supported_or_404(_request(bob), alice.pk, None) == link
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("who", ["no_scope", "revoked", "stranger", "anonymous", "owner_gone"])
def test_anything_not_granted_is_not_found_and_not_logged(alice, bob, carol, who):
    owner_id = alice.pk
    viewer = bob
    if who == "no_scope":
        link_for(alice, bob, "practice")
    elif who == "revoked":
        supporter_link_revoke(link=link_for(alice, bob, "plan"), now=timezone.now())
    elif who == "stranger":
        link_for(alice, bob, "plan")
        viewer = carol
    elif who == "anonymous":
        viewer = AnonymousUser()
    else:
        owner_id = alice.pk + 1000
    with pytest.raises(Http404):
        supported_or_404(_request(viewer), owner_id, "plan")
    assert not AccessLog.objects.exists()


def test_a_scope_change_holds_from_the_very_next_check(alice, bob):
    link = link_for(alice, bob, "plan")
    assert supported_or_404(_request(bob), alice.pk, "plan")
    link.scope_plan = False
    link.save()
    with pytest.raises(Http404):
        supported_or_404(_request(bob), alice.pk, "plan")
