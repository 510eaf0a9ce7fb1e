"""Delete my account: a page that offers the export first, then one confirmed POST."""

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.forms.deletion import AccountDeleteForm
from accounts.services.deletion import account_delete
from accounts.views.signout import CLEAR_SITE_DATA


# Fresh for ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes): someone who picks up an
# unattended, signed-in phone cannot delete the account, or read what it would lose.
@reauthentication_required
def account_delete_page(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user, now=timezone.now())
        # The session row is already gone (every session of theirs was ended);
        # flushing gives this browser a fresh, empty one.
        request.session.flush()
        request.user = AnonymousUser()
        response = redirect("accounts:deleted")
        # Like signing out: the offline copy of the safety plan goes from this browser.
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
    return render(request, "accounts/delete.html", {"form": form})


@login_not_required
def account_deleted(request):
    # Says nothing about anyone: whoever opens this address sees the same words.
    return render(request, "accounts/deleted.html")
