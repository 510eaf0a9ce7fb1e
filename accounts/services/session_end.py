"""Ending every session a person has: a minimal stand-in the sessions work replaces.

Django's database session store has no index by person, so this decodes every
stored session (expired ones too: they still hold the person's id) and deletes
those signed in as `user`. allauth's usersessions keeps one row per session with
its user, which makes this a lookup; the account deletion service calls only
`end_all_sessions`, so swapping the import there is the whole change.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY


def end_all_sessions(user) -> int:
    """Delete every stored session signed in as `user`; returns how many.

    With a session store that cannot be listed (cache or signed cookies) nothing
    is deleted here, and those sessions end anyway: the person they name is gone,
    so Django's authentication finds no one.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    mine = [
        session.pk
        for session in model.objects.only("session_key", "session_data").iterator(chunk_size=2000)
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    model.objects.filter(pk__in=mine).delete()
    return len(mine)
