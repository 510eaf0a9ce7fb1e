"""The matrix's "nothing changed" digest: blind to a session's own "last seen", not to data."""

from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.utils import timezone

from tests.access_support import fingerprint
from tests.factories import UserFactory


def test_a_sessions_last_seen_is_not_a_change_but_ending_it_is(db):
    user = UserFactory()
    session = UserSession.objects.create(
        user=user, session_key="fingerprint-phone", ip="192.0.2.9", user_agent="Firefox"
    )
    before = fingerprint()

    UserSession.objects.filter(pk=session.pk).update(
        last_seen_at=timezone.now() + timedelta(minutes=2)
    )
    assert fingerprint() == before

    session.delete()
    assert fingerprint() != before


def test_a_changed_row_changes_the_digest(db):
    user = UserFactory(display_name="Before")
    before = fingerprint()
    user.display_name = "After"
    user.save(update_fields=["display_name"])
    assert fingerprint() != before
