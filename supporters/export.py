"""What supporters adds to "download everything" (planner.extensions.export_parts).

All records, none brought back by an import: sharing starts only when someone
accepts an invitation, so a file can never give anyone access; notes belong to
the link they came through; and the access log is the record of who looked,
which nothing but its yearly prune may change.
"""

from accounts.models import User
from planner import extensions
from supporters.models import AccessLog, Encouragement, Scope, SupporterLink

CHECKINS_SHOWN = {
    SupporterLink.CheckinsShown.WEEKLY: "weekly summary",
    SupporterLink.CheckinsShown.EACH: "each check-in",
}


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def links_export(owner: User) -> list:
    links = SupporterLink.objects.filter(owner=owner).select_related("supporter")
    return [
        {
            "supporter": link.supporter.display_name,
            "relationship": link.relationship,
            "scopes": [scope.value for scope in link.granted_scopes],
            # How check-ins were shown (None without that scope), and whether "a step
            # looks ready" was: the choices that came with the scopes.
            "checkins_shown": (
                CHECKINS_SHOWN[link.checkins_shown] if link.scope_checkins else None
            ),
            "shows_when_ready": link.scope_practice and link.share_readiness,
            "weekly_summary": link.digest_enabled,
            "notes_muted": link.notes_muted,
            "started_at": _when(link.created_at),
            "ended_at": _when(link.ended_at),
            "ended_by": link.ended_by or None,
        }
        for link in links.order_by("created_at", "pk")
    ]


def notes_export(owner: User) -> list:
    notes = Encouragement.objects.filter(owner=owner).select_related("link__supporter")
    return [
        {
            "from": note.link.supporter.display_name,
            "text": note.body,
            "sent_at": _when(note.created_at),
            "put_away_at": _when(note.dismissed_at),
        }
        for note in notes.order_by("created_at", "pk")
    ]


def access_log_export(owner: User) -> list:
    views = AccessLog.objects.filter(owner=owner).select_related("viewer")
    return [_view_export(view) for view in views.order_by("viewed_at", "pk")]


def _view_export(view: AccessLog) -> dict:
    # The dashboard and the weekly summary name no one page's scope, and a dashboard
    # row for someone who shares nothing draws on none ("your name only").
    scopes = view.scopes or ([view.scope] if view.scope else [])
    return {
        "who": view.viewer.display_name,
        "how": view.get_kind_display(),
        "saw": ", ".join(Scope(scope).label for scope in scopes) or "their name only",
        "scope": view.scope,
        "scopes": scopes,
        "page": view.path,
        "at": _when(view.viewed_at),
    }


PARTS = (
    extensions.ExportPart(
        name="supporter_links",
        export=links_export,
        said="the people you share with",
        readme="Everyone you have shared with: what each could see, and when it began and ended.",
        why_not="sharing starts only when you invite someone and they accept; a file can"
        " never give anyone access.",
    ),
    extensions.ExportPart(
        name="notes_received",
        export=notes_export,
        said="notes from supporters",
        readme="The notes of encouragement your supporters sent you.",
        why_not="your supporters wrote them, through the sharing they came with.",
    ),
    extensions.ExportPart(
        name="access_log",
        export=access_log_export,
        said="who looked at what",
        readme="Every time a supporter looked at something you shared, and what it was.",
        why_not="it is the record of who looked, and a file cannot add to it or change it.",
    ),
)


def register() -> None:
    for part in PARTS:
        extensions.export_parts[part.name] = part
