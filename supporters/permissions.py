"""The one permission function: what a supporter may see of a person.

Every supporter-facing read goes through `can_view` (or `supported_or_404`, which
uses it); views and selectors never filter supporter access by hand. Nothing is
cached across requests, so a scope change or a revoke holds from the very next one.
"""

from django.http import Http404
from django.utils import timezone

from accounts.models import User
from supporters.models import Scope, SupporterLink
from supporters.services.access import access_log_record


def active_link(viewer: User, owner: User | int) -> SupporterLink | None:
    """The live link through which `viewer` supports `owner`, if there is one."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    owner_id = owner if isinstance(owner, int) else owner.pk
    if owner_id == viewer.pk:
        return None
    return (
        SupporterLink.objects.select_related("owner")
        .filter(owner_id=owner_id, supporter=viewer, ended_at__isnull=True)
        .first()
    )


def can_view(viewer: User, owner: User, scope: str, *, link: SupporterLink | None = None) -> bool:
    """Whether `viewer` may see `owner`'s data of `scope`.

    The owner sees all of their own. A supporter sees a scope only through a live
    link that grants it; anyone else sees nothing. Pass `link` when it is already
    loaded (it must be the viewer's link to this owner) to save the query.
    """
    scope = Scope(scope)
    if not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.pk == owner.pk:
        return True
    if link is None:
        link = active_link(viewer, owner)
    elif link.supporter_id != viewer.pk or link.owner_id != owner.pk:
        return False
    return link is not None and link.grants(scope)


class NotShared(Http404):
    """A live link that does not grant this page's scope.

    Still a 404 for every purpose (a view without `kind_when_not_shared` answers the
    generic page); the supporter pages answer it kindly, naming only the person the
    supporter already knows, and nothing of what is or isn't there.
    """

    def __init__(self, link: SupporterLink):
        super().__init__("Not shared")
        self.link = link


def supported_or_404(
    request, owner_id: int, scope: str | None, *, also: tuple[str, ...] = ()
) -> SupporterLink:
    """The first line of every supporter page: the link, or 404 for anything not granted.

    404 (never 403) for a stranger, a revoked supporter, a missing scope and a
    person who does not exist alike, so nothing is learned by probing; a missing
    scope on a live link is NotShared, a 404 the supporter pages word kindly
    (the supporter knows the person already, and learns nothing more). With a
    scope, the view is recorded in the owner's access log, once, naming also
    each scope of `also` the link grants (the page shows those parts too; the
    view asks can_view for each). `scope=None` is for pages that show only that
    the link exists (the person's name and status).
    """
    link = active_link(request.user, owner_id)
    if link is None:
        raise Http404("Nothing here")
    if scope is not None:
        if not can_view(request.user, link.owner, scope, link=link):
            raise NotShared(link)
        extra = [other for other in also if can_view(request.user, link.owner, other, link=link)]
        access_log_record(link=link, scope=scope, also=extra, path=request.path, now=timezone.now())
    return link
