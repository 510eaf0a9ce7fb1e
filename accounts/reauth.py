"""Asking for the password again before a change that could hand the account over.

Whole views take allauth's decorator as it is:

    @reauthentication_required              # every request, GET too
    @reauthentication_required(allow_get=True)   # only the POST that changes something

A view that needs it only for some of what it may do (granting the safety-plan or
journal scope, not other scopes) calls `reauthentication_require(request)` at that
point, after its own checks. Either way allauth's middleware sends the person to
the password page, keeps a POST aside, and replays it once they have confirmed
(ACCOUNT_REAUTHENTICATION_TIMEOUT, 5 minutes, in config/settings.py).
"""

from allauth.account.decorators import reauthentication_required

__all__ = ["reauthentication_require", "reauthentication_required"]


def _go_on(request):
    return None


# allauth keeps its check behind the decorator; wrapping a no-op keeps us on its public API.
_check = reauthentication_required(_go_on)


def reauthentication_require(request) -> None:
    """Raise allauth's ReauthenticationRequired unless the password is fresh."""
    _check(request)
