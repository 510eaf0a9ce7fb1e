"""The person's sharing page: invite, change what each supporter sees, revoke, the log.

Every link and invitation is fetched through the owner (404 for anyone else's).
A supporter's card posts whole on each toggle; htmx swaps just that card.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.reauth import reauthentication_require
from supporters.forms.sharing import InvitationForm, SupporterForm
from supporters.models import Invitation, Scope, SupporterLink
from supporters.selectors import sharing as selectors
from supporters.services import invitations as invitation_services
from supporters.services import links as services

PAGE = "supporters/sharing/page.html"


def _get_link_for_owner(request, pk: int) -> SupporterLink:
    return get_object_or_404(
        SupporterLink.objects.select_related("supporter"),
        pk=pk,
        owner=request.user,
        ended_at__isnull=True,
    )


def _card(link, contacts, form=None, announce=""):
    return {
        "link": link,
        "form": form or SupporterForm(link=link, contacts=contacts),
        "announce": announce,
    }


def _render_page(request, *, invite_form=None, bound=None, status=200):
    """The whole page; `bound` is one card's (link id, card) shown as it was posted."""
    sharing = selectors.sharing_for(owner=request.user, now=timezone.now())
    cards = [
        bound[1] if bound and bound[0] == link.pk else _card(link, sharing.contacts)
        for link in sharing.links
    ]
    context = {
        "cards": cards,
        "pending": sharing.pending,
        "invite_form": invite_form or InvitationForm(),
    }
    return render(request, PAGE, context, status=status)


@require_GET
def sharing(request):
    return _render_page(request)


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
def invitation_create(request):
    form = InvitationForm(request.POST)
    if form.is_valid() and not form.asks_journal:
        if form.grants_private_scope():
            reauthentication_require(request)
        try:
            invitation = invitation_services.invitation_create(
                owner=request.user,
                email=form.cleaned_data["email"],
                relationship=form.cleaned_data["relationship"],
                scopes=form.chosen_scopes(),
                journal_confirmed=form.journal_confirmed,
                now=timezone.now(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        except invitation_services.TooManyInvitations:
            form.add_error(
                None,
                "You've sent quite a few invitations today, so this one is waiting: "
                "please try again tomorrow. The ones you sent still work.",
            )
        else:
            messages.success(
                request, f"Invitation sent to {invitation.email}. It works for 7 days."
            )
            return redirect(reverse("sharing:page") + "#pending")
    return _render_page(request, invite_form=form)


@require_POST
def invitation_withdraw(request, pk: int):
    invitation = get_object_or_404(
        Invitation, pk=pk, owner=request.user, status=Invitation.Status.PENDING
    )
    invitation_services.invitation_withdraw(invitation=invitation, now=timezone.now())
    messages.success(request, f"Withdrawn. The link sent to {invitation.email} no longer works.")
    return redirect(reverse("sharing:page") + "#pending")


def _saved_words(link: SupporterLink) -> str:
    seen = link.seen_words
    name = link.supporter.get_short_name()
    if not seen:
        return f"Saved. {name} sees nothing of yours for now, only that you're connected."
    return f"Saved. {name} can see {', '.join(seen)}."


@require_http_methods(["GET", "POST"])
def supporter(request, pk: int):
    """One supporter's card: GET swaps it back in (htmx); POST saves it whole."""
    link = _get_link_for_owner(request, pk)
    contacts = selectors.supporter_contacts(owner=request.user)
    if request.method == "GET":
        if not request.htmx:
            return redirect(reverse("sharing:page") + f"#supporter-{link.pk}")
        return render(request, f"{PAGE}#supporter", _card(link, contacts))
    form = SupporterForm(request.POST, link=link, contacts=contacts)
    announce = ""
    if form.is_valid() and not form.asks_journal:
        if form.grants_private_scope():
            reauthentication_require(request)
        try:
            services.supporter_settings_set(
                link=link,
                scopes=form.scope_values(),
                journal_confirmed=form.journal_confirmed,
                digest_enabled=form.cleaned_data["digest_enabled"],
                notes_muted=form.cleaned_data["notes_muted"],
                contact=form.contact,
                now=timezone.now(),
                checkins_shown=form.cleaned_data["checkins_shown"],
                share_readiness=form.cleaned_data["share_readiness"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            announce = _saved_words(link)
            if not request.htmx:
                messages.success(request, announce)
                return redirect(reverse("sharing:page") + f"#supporter-{link.pk}")
            contacts = selectors.supporter_contacts(owner=request.user)
            form = SupporterForm(link=link, contacts=contacts)
    card = _card(link, contacts, form, announce)
    if request.htmx:
        return render(request, f"{PAGE}#supporter", card)
    return _render_page(request, bound=(link.pk, card))


@require_http_methods(["GET", "POST"])
def supporter_revoke(request, pk: int):
    link = _get_link_for_owner(request, pk)
    if request.method == "POST":
        services.supporter_link_revoke(link=link, now=timezone.now())
        messages.success(
            request,
            f"Done. {link.supporter.get_short_name()} can no longer see anything of yours. "
            "You can invite them again whenever you like.",
        )
        return redirect("sharing:page")
    return render(request, "supporters/sharing/revoke.html", {"link": link})


@require_GET
def access_log(request):
    page = selectors.access_log_page(
        owner=request.user, now=timezone.now(), number=request.GET.get("page")
    )
    return render(request, "supporters/sharing/access_log.html", {"page": page, "Scope": Scope})


def supporting_url() -> str:
    # The supporter dashboard, once it is part of the build; home until then.
    try:
        return reverse("supporting:dashboard")
    except NoReverseMatch:
        return reverse("planner:home")


@require_http_methods(["GET", "POST"])
def supporting_leave(request, pk: int):
    """The supporter steps back from one person; only that supporter finds this page."""
    link = get_object_or_404(
        SupporterLink.objects.select_related("owner"),
        pk=pk,
        supporter=request.user,
        ended_at__isnull=True,
    )
    if request.method == "POST":
        services.supporter_link_leave(link=link, now=timezone.now())
        messages.success(
            request,
            f"You've stepped back from supporting {link.owner.get_short_name()}. "
            "Thank you for the support you gave.",
        )
        return redirect(supporting_url())
    return render(
        request, "supporters/sharing/leave.html", {"link": link, "supporting_url": supporting_url()}
    )
