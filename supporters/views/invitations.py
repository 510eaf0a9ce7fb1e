"""The page an invitation email links to: who invited you, what you'd see, accept.

Open to anyone holding the link. A link that cannot be used gets a kind page
saying what to do, and reveals nothing of the person who sent it.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from supporters.forms.sharing import SCOPE_FOR_SUPPORTER
from supporters.invitations import Refusal, invitation_open
from supporters.models import Scope
from supporters.services.invitations import (
    InvitationUnavailable,
    invitation_accept,
    invitation_refusal_for,
)
from supporters.views.sharing import supporting_url

REFUSED = "supporters/invitations/refused.html"
# Gone for a link that was real, not found for one that never was, forbidden for
# a link that works but is someone else's.
REFUSED_STATUS = {Refusal.TAMPERED: 404, Refusal.SOMEONE_ELSE: 403, Refusal.UNCONFIRMED: 403}


def _refused(request, refusal, invitation=None):
    accepted_by_viewer = (
        refusal == Refusal.USED
        and invitation is not None
        and request.user.is_authenticated
        and invitation.accepted_by_id == request.user.pk
    )
    context = {
        "refusal": str(refusal),
        "accepted_by_viewer": accepted_by_viewer,
        "supporting_url": supporting_url(),
        # Only to someone who has added it to their own account, to confirm it.
        "invited_email": invitation.email if refusal == Refusal.UNCONFIRMED else "",
    }
    return render(request, REFUSED, context, status=REFUSED_STATUS.get(refusal, 410))


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    now = timezone.now()
    opened = invitation_open(token, now=now)
    if not opened.usable:
        return _refused(request, opened.refusal, opened.invitation)
    invitation = opened.invitation
    if request.user.is_authenticated:
        if request.user.pk == invitation.owner_id:
            return _refused(request, "own")
        refusal = invitation_refusal_for(invitation=invitation, user=request.user)
        if refusal is not None:
            return _refused(request, refusal, invitation)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        try:
            link = invitation_accept(invitation=invitation, user=request.user, now=now)
        except InvitationUnavailable as error:
            return _refused(request, error.refusal, invitation)
        messages.success(
            request,
            f"You're now one of {link.owner.get_short_name()}'s supporters. Thank you for being there.",
        )
        return redirect(supporting_url())
    next_query = urlencode({"next": request.path})
    # allauth's sign-up fills in ?email=, so the account is made with the invited
    # address (confirmed by the link it mails there) and can accept.
    signup_query = urlencode({"next": request.path, "email": invitation.email})
    context = {
        "invitation": invitation,
        "owner_name": invitation.owner.get_short_name(),
        "scopes": [(Scope(s).label, SCOPE_FOR_SUPPORTER[Scope(s)]) for s in invitation.scopes],
        "relationship": invitation.get_relationship_display(),
        "signup_url": f"{reverse('account_signup')}?{signup_query}",
        "login_url": f"{reverse('account_login')}?{next_query}",
    }
    return render(request, "supporters/invitations/accept.html", context)
