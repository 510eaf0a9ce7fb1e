"""The access log: every read a supporter makes of a person's data, kept for a year.

Rows are only ever inserted. The yearly prune and account deletion are the only
ways out: on PostgreSQL a trigger (migration 0002_access_log_guard) refuses any
UPDATE or DELETE of a row unless the transaction first said, with
`access_log_erasure_allow`, that it is one of those two.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q

from supporters.models import AccessLog, Scope, SupporterLink

RETENTION = timedelta(days=365)
# The transaction-local setting the PostgreSQL trigger checks.
ERASE_SETTING = "stepwise.access_log_erase"


def _in_order(scopes: Iterable[str]) -> list[str]:
    wanted = {Scope(scope) for scope in scopes}
    return [scope.value for scope in Scope if scope in wanted]


def access_log_entry(
    *,
    link: SupporterLink,
    kind: str,
    scopes: Iterable[str],
    path: str,
    now: datetime,
    scope: str = "",
) -> AccessLog:
    """An unsaved row: for access_log_record, or for a bulk insert (the dashboard)."""
    return AccessLog(
        owner_id=link.owner_id,
        link=link,
        viewer_id=link.supporter_id,
        kind=kind,
        scope=scope,
        scopes=_in_order(scopes),
        path=path[:200],
        viewed_at=now,
    )


def access_log_record(
    *, link: SupporterLink, scope: str, path: str, now: datetime, also: Iterable[str] = ()
) -> AccessLog:
    """One supporter page view of `scope` (plus any other granted scope it shows, `also`)."""
    # One write for the log, one for "last seen": the sharing page reads the
    # latter without scanning a year of views.
    SupporterLink.objects.filter(pk=link.pk).update(last_viewed_at=now)
    entry = access_log_entry(
        link=link, kind=AccessLog.Kind.PAGE, scope=scope, scopes=[scope, *also], path=path, now=now
    )
    entry.save(force_insert=True)
    return entry


def access_log_record_shown(
    *, shown: list[tuple[SupporterLink, list[str]]], kind: str, path: str, now: datetime
) -> None:
    """One row per person shown (the dashboard), with the scopes drawn on for each:
    one bulk insert and one update, in one commit, however many people.

    "Last looked" shows to the minute, so a link already stamped this minute is
    left alone: a supporter reloading the dashboard writes no link rows at all, and
    when the links in hand were all stamped this minute, asks no UPDATE either.
    """
    if not shown:
        return
    entries = [
        access_log_entry(link=link, kind=kind, scopes=scopes, path=path, now=now)
        for link, scopes in shown
    ]
    this_minute = now.replace(second=0, microsecond=0)
    # The links in hand say which are unstamped this minute; a reload asks no UPDATE at all.
    stale = [
        link.pk
        for link, _ in shown
        if link.last_viewed_at is None or link.last_viewed_at < this_minute
    ]
    with transaction.atomic():
        AccessLog.objects.bulk_create(entries)
        if stale:
            SupporterLink.objects.filter(pk__in=stale).filter(
                Q(last_viewed_at__isnull=True) | Q(last_viewed_at__lt=this_minute)
            ).update(last_viewed_at=now)


def access_log_record_once(
    *, link: SupporterLink, kind: str, scopes: Iterable[str], key: str, now: datetime
) -> AccessLog:
    """A message's read ("Weekly summary sent", an ally's step reminder): once per
    message (`key` names it), however often it is worded (a retry after the
    provider blinked words it again)."""
    found = AccessLog.objects.filter(link=link, kind=kind, path=key).first()
    if found is not None:
        return found
    entry = access_log_entry(link=link, kind=kind, scopes=scopes, path=key, now=now)
    entry.save(force_insert=True)
    return entry


def access_log_erasure_allow(on: bool = True) -> None:
    """Let this transaction delete access-log rows: the prune, or a deleted account's cascade.

    SET LOCAL (set_config's `true`) ends with the transaction, so nothing later on
    the connection inherits it. Other databases have no trigger: nothing to say.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [ERASE_SETTING, "on" if on else "off"])


def access_log_prune(*, now: datetime) -> int:
    """Drop views older than a year (daily task). Returns how many went."""
    with transaction.atomic():
        access_log_erasure_allow()
        deleted, _ = AccessLog.objects.filter(viewed_at__lt=now - RETENTION).delete()
        # Called inside a longer transaction, the permission must not outlive the prune.
        access_log_erasure_allow(on=False)
    return deleted
