"""The access log: every supporter page view of a person's data, kept for a year."""

from datetime import datetime, timedelta

from supporters.models import AccessLog, SupporterLink

RETENTION = timedelta(days=365)


def access_log_record(*, link: SupporterLink, scope: str, path: str, now: datetime) -> AccessLog:
    # One write for the log, one for "last seen": the sharing page reads the
    # latter without scanning a year of views.
    SupporterLink.objects.filter(pk=link.pk).update(last_viewed_at=now)
    return AccessLog.objects.create(
        owner_id=link.owner_id,
        link=link,
        viewer_id=link.supporter_id,
        scope=scope,
        path=path[:200],
        viewed_at=now,
    )


def access_log_prune(*, now: datetime) -> int:
    """Drop views older than a year (daily task). Returns how many went."""
    deleted, _ = AccessLog.objects.filter(viewed_at__lt=now - RETENTION).delete()
    return deleted
